package dev.hoist.internal.runtime.seccomp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A seccomp profile in Docker's JSON format (moby's {@code profiles/seccomp} types, as
 * {@code docker run --security-opt seccomp=FILE} reads it): a default action, the
 * architectures (listed, or mapped from the native one by {@code archMap}) and the rules, each
 * for some syscall names, with an action, optional argument comparisons and conditions on the
 * container's capabilities, the architecture and the kernel ({@code includes}/{@code excludes}).
 * Only the form ({@link SeccompProfileReader} reads it); {@link SeccompResolver} gives it
 * meaning for one container.
 */
public record SeccompProfile(String defaultAction, Integer defaultErrnoRet,
    List<String> architectures, List<ArchMap> archMap, List<Syscall> syscalls) {

  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  public SeccompProfile {
    architectures = architectures == null ? List.of() : List.copyOf(architectures);
    archMap = archMap == null ? List.of() : List.copyOf(archMap);
    syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
  }

  /** {@code architecture} and the ones it also runs ({@code subArchitectures}). */
  public record ArchMap(String architecture, List<String> subArchitectures) {
    public ArchMap {
      subArchitectures = subArchitectures == null ? List.of() : List.copyOf(subArchitectures);
    }
  }

  /**
   * One rule: {@code names} (or the older single {@code name}) get {@code action} (with
   * {@code errnoRet} for {@code SCMP_ACT_ERRNO}/{@code SCMP_ACT_TRACE}) when every argument
   * comparison holds; applies only where {@code includes} holds and {@code excludes} does not.
   */
  public record Syscall(String name, List<String> names, String action, Integer errnoRet,
      List<Arg> args, Filter includes, Filter excludes, String comment) {
    public Syscall {
      names = names == null ? List.of() : List.copyOf(names);
      args = args == null ? List.of() : List.copyOf(args);
      includes = includes == null ? Filter.NONE : includes;
      excludes = excludes == null ? Filter.NONE : excludes;
    }

    /** {@code names}, plus {@code name} when given. */
    public List<String> allNames() {
      if (name == null || name.isEmpty()) {
        return names;
      }
      return java.util.stream.Stream.concat(java.util.stream.Stream.of(name), names.stream())
          .toList();
    }
  }

  /**
   * Argument {@code index} compared by {@code op} ({@code SCMP_CMP_*}) with the values (unsigned
   * 64-bit numbers; absent: 0).
   */
  public record Arg(int index, BigInteger value, BigInteger valueTwo, String op) {
    public Arg {
      value = value == null ? BigInteger.ZERO : value;
      valueTwo = valueTwo == null ? BigInteger.ZERO : valueTwo;
    }

    /** The value's 64 bits. */
    public long value64() {
      return value.longValue();
    }

    public long valueTwo64() {
      return valueTwo.longValue();
    }
  }

  /** Capabilities, architectures (Go's names: amd64, arm64, …) and a minimum kernel. */
  public record Filter(List<String> caps, List<String> arches, String minKernel) {
    static final Filter NONE = new Filter(List.of(), List.of(), null);

    public Filter {
      caps = caps == null ? List.of() : List.copyOf(caps);
      arches = arches == null ? List.of() : List.copyOf(arches);
    }
  }

  /**
   * Reads a profile; {@code source} names it in errors ({@link SeccompProfileException}), which
   * also come for what is well-formed JSON but no valid profile (see {@link #validate}).
   */
  public static SeccompProfile parse(String json, String source) {
    SeccompProfile p = SeccompProfileReader.read(json, source);
    p.validate(source);
    return p;
  }

  /** hoist's default: Docker's default profile (the resource {@code default.json}). */
  public static SeccompProfile dockerDefault() {
    return Default.PROFILE;
  }

  /** Loaded once, on first use. */
  private static final class Default {
    static final SeccompProfile PROFILE = load();

    private static SeccompProfile load() {
      try (InputStream in = SeccompProfile.class.getResourceAsStream("default.json")) {
        Objects.requireNonNull(in, "resource dev/hoist/internal/runtime/seccomp/default.json");
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "(hoist's default)");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Every action, comparison and errno must be known; the default action is required. */
  void validate(String source) {
    String where = "seccomp profile " + source + ": ";
    if (defaultAction == null) {
      throw new SeccompProfileException(where + "defaultAction is missing");
    }
    SeccompAction.parse(defaultAction, where + "defaultAction");
    checkErrno(defaultErrnoRet, where + "defaultErrnoRet");
    for (int i = 0; i < syscalls.size(); i++) {
      Syscall s = syscalls.get(i);
      String at = where + "syscalls[" + i + "]";
      if (s.allNames().isEmpty()) {
        throw new SeccompProfileException(at + " names no syscall");
      }
      if (s.action() == null) {
        throw new SeccompProfileException(at + " has no action");
      }
      SeccompAction.parse(s.action(), at + ".action");
      checkErrno(s.errnoRet(), at + ".errnoRet");
      for (Arg a : s.args()) {
        if (a.index() < 0 || a.index() > 5) {
          throw new SeccompProfileException(at + ": argument index " + a.index()
              + " is not 0 to 5");
        }
        SeccompCompare.parse(a.op(), at + ".args.op");
        for (BigInteger v : List.of(a.value(), a.valueTwo())) {
          if (v.signum() < 0 || v.compareTo(UINT64_MAX) > 0) {
            throw new SeccompProfileException(at + ": argument value " + v
                + " is not an unsigned 64-bit number");
          }
        }
      }
      if (s.includes().minKernel() != null) {
        KernelVersion.parse(s.includes().minKernel(), at + ".includes.minKernel");
      }
    }
  }

  private static void checkErrno(Integer errno, String what) {
    if (errno != null && (errno < 0 || errno > 4095)) {
      throw new SeccompProfileException(what + " " + errno + " is not an errno (0 to 4095)");
    }
  }
}
