package dev.hoist.internal.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyscallTableTest {
  static final Path HEADER = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");

  @Test
  void x86_64TableIsTheKernelHeaders() throws IOException {
    assumeTrue(Files.isRegularFile(HEADER), HEADER + " is missing (apt-get install "
        + "linux-libc-dev): skipped");
    Map<String, Integer> header = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^#define __NR_(\\w+) (\\d+)$")
        .matcher(Files.readString(HEADER));
    while (m.find()) {
      header.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    Map<String, Integer> table = SyscallTable.x86_64().asMap();
    // the resource may be newer than these headers, never different
    header.forEach((name, nr) -> assertEquals(nr, table.get(name),
        name + ": regenerate with runtime-shim/scripts/syscall-table.sh"));
    assertEquals(250, table.get("keyctl"));
    assertEquals(425, table.get("io_uring_setup"));
  }
}
