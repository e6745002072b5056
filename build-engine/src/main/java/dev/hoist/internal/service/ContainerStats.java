package dev.hoist.internal.service;

import dev.hoist.internal.runtime.ContainerCgroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker stats}: one reading of a container's resource use, from its cgroups (cgroup v1
 * controllers, or v2's unified files) and its network namespace's interfaces, as the Engine
 * API's stats give it; percentages come from two readings ({@link Sample#cpuPercent}).
 */
public final class ContainerStats {
  /** Clock ticks per second of {@code /proc/stat} (USER_HZ, 100 on Linux). */
  private static final long USER_HZ = 100;

  private ContainerStats() {}

  /**
   * One reading.
   *
   * @param cpuNanos CPU time the container's processes used, ns
   * @param systemNanos CPU time the host used, all CPUs, ns ({@code /proc/stat})
   * @param onlineCpus the host's CPUs
   * @param memoryBytes memory in use, without the inactive file cache (as docker's CLI counts)
   * @param memoryLimit the limit, or the host's memory when there is none
   * @param netRx bytes received on its interfaces (loopback not counted)
   * @param netTx bytes sent
   * @param blockRead bytes read from block devices
   * @param blockWrite bytes written
   * @param pids its processes and threads
   */
  public record Sample(long cpuNanos, long systemNanos, int onlineCpus, long memoryBytes,
      long memoryLimit, long netRx, long netTx, long blockRead, long blockWrite, long pids) {
    /** Docker's CPU %: the container's share of the host's CPU time since {@code before}. */
    public double cpuPercent(Sample before) {
      long cpu = cpuNanos - before.cpuNanos;
      long system = systemNanos - before.systemNanos;
      return cpu > 0 && system > 0 ? (double) cpu / system * onlineCpus * 100.0 : 0.0;
    }

    /** Memory in use as a percentage of the limit. */
    public double memoryPercent() {
      return memoryLimit > 0 ? (double) memoryBytes / memoryLimit * 100.0 : 0.0;
    }
  }

  static Sample read(ContainerCgroups cgroups) throws IOException {
    long cpu = cgroups.withFile("cpuacct.usage").map(d -> number(d.resolve("cpuacct.usage")))
        .orElseGet(() -> cgroups.withFile("cpu.stat").map(d -> 1000 * field(d.resolve(
            "cpu.stat"), "usage_usec")).orElse(0L));
    List<String> stat = Files.readAllLines(Path.of("/proc/stat"));
    long system = 0;
    int cpus = 0;
    for (String line : stat) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split("\\s+");
        for (int i = 1; i < Math.min(f.length, 9); i++) { // user … steal, as Docker adds them
          system += Long.parseLong(f[i]);
        }
      } else if (line.matches("cpu\\d+ .*")) {
        cpus++;
      }
    }
    long hostMemory = hostMemory();
    long memory;
    long limit;
    Optional<Path> v1 = cgroups.withFile("memory.usage_in_bytes");
    Optional<Path> v2 = cgroups.withFile("memory.current");
    if (v1.isPresent()) {
      memory = number(v1.get().resolve("memory.usage_in_bytes"))
          - field(v1.get().resolve("memory.stat"), "total_inactive_file");
      limit = number(v1.get().resolve("memory.limit_in_bytes"));
    } else if (v2.isPresent()) {
      memory = number(v2.get().resolve("memory.current"))
          - field(v2.get().resolve("memory.stat"), "inactive_file");
      limit = number(v2.get().resolve("memory.max"));
    } else {
      memory = 0;
      limit = 0;
    }
    if (limit <= 0 || limit > hostMemory) {
      limit = hostMemory;
    }
    long[] block = block(cgroups);
    long[] net = network(cgroups);
    long pids = cgroups.withFile("pids.current").map(d -> number(d.resolve("pids.current")))
        .orElse(0L);
    return new Sample(cpu, system * (1_000_000_000L / USER_HZ), cpus, Math.max(0, memory),
        limit, net[0], net[1], block[0], block[1], pids);
  }

  /** Read and written bytes: v1's {@code blkio.throttle.io_service_bytes}, v2's io.stat. */
  private static long[] block(ContainerCgroups cgroups) throws IOException {
    long read = 0;
    long write = 0;
    Optional<Path> v1 = cgroups.withFile("blkio.throttle.io_service_bytes");
    Optional<Path> v2 = cgroups.withFile("io.stat");
    if (v1.isPresent()) {
      for (String line : Files.readAllLines(v1.get().resolve("blkio.throttle.io_service_bytes"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 3 && f[1].equals("Read")) {
          read += Long.parseLong(f[2]);
        } else if (f.length == 3 && f[1].equals("Write")) {
          write += Long.parseLong(f[2]);
        }
      }
    } else if (v2.isPresent()) {
      for (String line : Files.readAllLines(v2.get().resolve("io.stat"))) {
        for (String kv : line.trim().split("\\s+")) {
          if (kv.startsWith("rbytes=")) {
            read += Long.parseLong(kv.substring(7));
          } else if (kv.startsWith("wbytes=")) {
            write += Long.parseLong(kv.substring(7));
          }
        }
      }
    }
    return new long[] {read, write};
  }

  /** Received and sent bytes of the interfaces in the network namespace of its processes. */
  private static long[] network(ContainerCgroups cgroups) throws IOException {
    for (long pid : cgroups.pids()) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", "dev"));
      } catch (IOException e) {
        continue; // it has just exited
      }
      long rx = 0;
      long tx = 0;
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon < 0 || line.substring(0, colon).trim().equals("lo")) {
          continue;
        }
        String[] f = line.substring(colon + 1).trim().split("\\s+");
        rx += Long.parseLong(f[0]);
        tx += Long.parseLong(f[8]);
      }
      return new long[] {rx, tx};
    }
    return new long[] {0, 0};
  }

  private static long hostMemory() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
      }
    }
    return 0;
  }

  /** A file holding one number ({@code max}: unlimited, as 0). */
  private static long number(Path file) {
    try {
      String s = Files.readString(file).trim();
      return s.equals("max") ? 0 : Long.parseLong(s);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** The value of {@code key} in a flat-keyed file ({@code memory.stat}, {@code cpu.stat}). */
  private static long field(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 2 && f[0].equals(key)) {
          return Long.parseLong(f[1]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
