package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@code --ulimit NAME=SOFT[:HARD]} (Docker's names, {@code -1}: unlimited; HARD defaults to
 * SOFT). A container's limit is never above the hard limit hoist itself runs under: raising one
 * needs {@code CAP_SYS_RESOURCE}, which hoist may not hold; {@link #checkWithin} says so at
 * create.
 *
 * @param name Docker's name ({@code nofile}, {@code nproc}, …)
 * @param soft the soft limit, -1 for unlimited
 * @param hard the hard limit, -1 for unlimited
 */
public record Ulimit(String name, long soft, long hard) {
  /** Docker's names, by {@code RLIMIT_*} number (also the order of {@code /proc/self/limits}). */
  static final List<String> NAMES = List.of("cpu", "fsize", "data", "stack", "core", "rss",
      "nproc", "nofile", "memlock", "as", "locks", "sigpending", "msgqueue", "nice", "rtprio",
      "rttime");

  public Ulimit {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("invalid ulimit type: " + name);
    }
    if (soft < -1 || hard < -1) {
      throw new IllegalArgumentException("invalid ulimit " + name + ": limits are numbers, "
          + "-1 for unlimited");
    }
    if (unsigned(soft) > unsigned(hard)) {
      throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard "
          + "limit: " + soft + " > " + hard);
    }
  }

  /** {@code NAME=SOFT[:HARD]}. */
  public static Ulimit parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("invalid ulimit argument: " + text
          + " (give NAME=SOFT[:HARD], e.g. nofile=1024:2048)");
    }
    String name = text.substring(0, eq);
    String[] limits = text.substring(eq + 1).split(":", -1);
    if (limits.length > 2) {
      throw new IllegalArgumentException("too many limit value arguments - " + text
          + ", can only have up to two, `soft[:hard]`");
    }
    long soft = number(limits[0], text);
    return new Ulimit(name, soft, limits.length == 2 ? number(limits[1], text) : soft);
  }

  /** The {@code RLIMIT_*} number. */
  public int resource() {
    return NAMES.indexOf(name);
  }

  /** As the shim's {@code rlimit} record takes it: {@code RESOURCE SOFT HARD}, -1 unlimited. */
  String record() {
    return resource() + " " + soft + " " + hard;
  }

  /** As {@code docker run} and OCI's {@code process.rlimits} name it: {@code RLIMIT_NOFILE}. */
  String ociType() {
    return "RLIMIT_" + name.toUpperCase(java.util.Locale.ROOT);
  }

  /** Refuses a hard limit above the one this process runs under ({@code /proc/self/limits}). */
  public void checkWithin() throws IOException {
    long own = ownHardLimit(resource(), Files.readAllLines(Path.of("/proc/self/limits")));
    if (unsigned(hard) > unsigned(own)) {
      throw new IllegalArgumentException("--ulimit " + name + "=" + soft + ":" + hard
          + ": the hard limit is above hoist's own (" + (own == -1 ? "unlimited" : own)
          + "); raising it needs CAP_SYS_RESOURCE, which hoist does not use");
    }
  }

  /** The hard limit of resource {@code n} in {@code /proc/PID/limits}' lines, -1: unlimited. */
  static long ownHardLimit(int n, List<String> limits) {
    String[] fields = limits.get(n + 1).substring(26).trim().split("\\s+");
    return fields[1].equals("unlimited") ? -1 : Long.parseLong(fields[1]);
  }

  private static long number(String s, String text) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid ulimit argument: " + text
          + " (limits are numbers, -1 for unlimited)");
    }
  }

  private static long unsigned(long v) {
    return v == -1 ? Long.MAX_VALUE : v;
  }
}
