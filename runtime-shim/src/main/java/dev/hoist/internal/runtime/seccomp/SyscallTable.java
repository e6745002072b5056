package dev.hoist.internal.runtime.seccomp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Syscall names to numbers for one architecture, from the resource
 * {@code syscalls-<arch>.txt} ({@code name number} lines, made from the kernel's
 * {@code asm/unistd_64.h} by {@code runtime-shim/scripts/syscall-table.sh}).
 */
final class SyscallTable {
  private final Map<String, Integer> numbers;

  private SyscallTable(Map<String, Integer> numbers) {
    this.numbers = Map.copyOf(numbers);
  }

  static SyscallTable x86_64() {
    return X86_64.TABLE;
  }

  private static final class X86_64 {
    static final SyscallTable TABLE = load("syscalls-x86_64.txt");
  }

  static SyscallTable load(String resource) {
    Map<String, Integer> m = new HashMap<>();
    try (InputStream in = Objects.requireNonNull(
            SyscallTable.class.getResourceAsStream(resource), resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        int space = line.indexOf(' ');
        if (space > 0) {
          m.put(line.substring(0, space), Integer.parseInt(line.substring(space + 1).trim()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SyscallTable(m);
  }

  /** Empty for a name this architecture does not have (such rules are skipped, as runc). */
  OptionalInt number(String name) {
    Integer n = numbers.get(name);
    return n == null ? OptionalInt.empty() : OptionalInt.of(n);
  }

  Map<String, Integer> asMap() {
    return numbers;
  }
}
