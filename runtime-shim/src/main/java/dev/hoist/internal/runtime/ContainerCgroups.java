package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a running container's cgroups are, whichever runtime runs it: the directories hoist's
 * shim recorded ({@link Cgroups#RECORD}), or, for runc (which records none for hoist), the
 * cgroups of the container's first process as {@code /proc/PID/cgroup} names them, each found
 * under its hierarchy's mount. {@code top}, {@code stats} and {@code update} read and write
 * these.
 */
public final class ContainerCgroups {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private final List<Path> dirs;

  private ContainerCgroups(List<Path> dirs) {
    this.dirs = List.copyOf(dirs);
  }

  /** The cgroups {@code dirs}, those that exist (hoist's shim's, {@link Cgroups#dirs}). */
  static ContainerCgroups in(List<Path> dirs) {
    return new ContainerCgroups(dirs.stream().filter(Files::isDirectory).toList());
  }

  /** The cgroup directories of {@code container} (in {@code containerDir}); none if not running. */
  public static ContainerCgroups of(Path containerDir, ContainerState container)
      throws IOException {
    List<Path> recorded = Cgroups.of(containerDir).dirs();
    if (!recorded.isEmpty()) {
      return in(recorded);
    }
    Optional<Long> inside = firstChild(container.pid());
    if (inside.isEmpty()) {
      return new ContainerCgroups(List.of());
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc", Long.toString(inside.get()), "cgroup"));
    } catch (IOException e) {
      return new ContainerCgroups(List.of()); // it has just exited
    }
    return new ContainerCgroups(located(Files.readAllLines(MOUNTINFO), lines));
  }

  /** Each line of a {@code /proc/PID/cgroup} as a directory under its hierarchy's mount. */
  static List<Path> located(List<String> mountinfo, List<String> procCgroup) {
    List<Path> dirs = new ArrayList<>();
    for (Cgroups.V1Hierarchy h : Cgroups.v1Hierarchies(mountinfo, procCgroup)) {
      dirs.add(h.mount().resolve(strip(h.own())));
    }
    Optional<Path> v2 = Cgroups.v2Mount(mountinfo);
    for (String line : procCgroup) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && f[1].isEmpty() && v2.isPresent()) {
        dirs.add(v2.get().resolve(strip(f[2])));
      }
    }
    return dirs.stream().filter(Files::isDirectory).toList();
  }

  /**
   * A child of {@code pid} (the runtime's: the container's first process), whichever of its
   * threads forked it (runc is a Go program: any of them).
   */
  private static Optional<Long> firstChild(long pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        String children;
        try {
          children = Files.readString(task.resolve("children")).trim();
        } catch (IOException e) {
          continue; // the thread ended
        }
        if (!children.isEmpty()) {
          return Optional.of(Long.parseLong(children.split("\\s+")[0]));
        }
      }
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String strip(String path) {
    return path.replaceFirst("^/+", "");
  }

  /** The directories, v1 hierarchies first, then the v2 one. */
  public List<Path> dirs() {
    return dirs;
  }

  /** The first directory holding {@code file} ({@code memory.limit_in_bytes}, {@code pids.max}…). */
  public Optional<Path> withFile(String file) {
    return dirs.stream().filter(d -> Files.exists(d.resolve(file))).findFirst();
  }

  /** The host PIDs of every process in the container (the union of the cgroups' procs). */
  public Set<Long> pids() throws IOException {
    Set<Long> pids = new LinkedHashSet<>();
    for (Path d : dirs) {
      Path procs = d.resolve("cgroup.procs");
      if (!Files.exists(procs)) {
        continue;
      }
      for (String line : Files.readAllLines(procs)) {
        if (!line.isBlank()) {
          pids.add(Long.parseLong(line.trim()));
        }
      }
    }
    return pids;
  }

  /**
   * Whether the kernel's OOM killer killed a process of the container: the {@code oom_kill}
   * count of v1's {@code memory.oom_control} or v2's {@code memory.events} above 0.
   */
  public boolean oomKilled() {
    for (String file : List.of("memory.oom_control", "memory.events")) {
      Optional<Path> dir = withFile(file);
      if (dir.isEmpty()) {
        continue;
      }
      try {
        for (String line : Files.readAllLines(dir.get().resolve(file))) {
          if (line.startsWith("oom_kill ") && Long.parseLong(line.substring(9).trim()) > 0) {
            return true;
          }
        }
      } catch (IOException | NumberFormatException e) {
        return false; // gone with the container, or unreadable: none seen
      }
    }
    return false;
  }

  /** As {@link #apply(Resources, ResourceExtras)} with Docker's defaults for the rest. */
  public void apply(Resources limits) throws IOException {
    apply(limits, ResourceExtras.NONE);
  }

  /**
   * Writes {@code limits} and {@code extras} to the running container's cgroups ({@code hoist
   * update}): memory and memory plus swap ({@code extras}' {@code --memory-swap}: 0, the memory
   * limit, no swap, as at creation; -1 unlimited), the CPU quota, the process limit; a zero field
   * of {@code limits} lifts that limit. {@code --cpu-shares} (v1 {@code cpu.shares}, v2 {@code
   * cpu.weight}), {@code --cpuset-cpus}/{@code --cpuset-mems}, {@code --memory-reservation} and
   * {@code --blkio-weight} are written when set; {@code --cpu-period}/{@code --cpu-quota} stand
   * in for {@code --cpus} when it is not set. The v1
   * controllers are written where the host has them (a hybrid host's unified hierarchy has
   * none), v2's files otherwise.
   */
  public void apply(Resources limits, ResourceExtras extras) throws IOException {
    Optional<Path> v1Memory = withFile("memory.limit_in_bytes");
    if (v1Memory.isPresent()) {
      Path dir = v1Memory.get();
      String value = limits.memoryBytes() > 0 ? Long.toString(limits.memoryBytes()) : "-1";
      String swapValue = limits.memoryBytes() > 0 && extras.memorySwapBytes() != -1
          ? Long.toString(extras.memsw(limits.memoryBytes())) : "-1";
      Path swap = dir.resolve("memory.memsw.limit_in_bytes");
      if (Files.exists(swap)) {
        // memory + swap may never be below memory: raise it first, lower it last
        boolean raising = limits.memoryBytes() == 0 || limits.memoryBytes()
            > Long.parseLong(Files.readString(dir.resolve("memory.limit_in_bytes")).trim());
        if (raising) {
          write(swap, swapValue);
          write(dir.resolve("memory.limit_in_bytes"), value);
        } else {
          write(dir.resolve("memory.limit_in_bytes"), value);
          write(swap, swapValue);
        }
      } else {
        write(dir.resolve("memory.limit_in_bytes"), value);
      }
    } else {
      Optional<Path> v2 = withFile("memory.max");
      if (v2.isPresent()) {
        write(v2.get().resolve("memory.max"), limits.memoryBytes() > 0
            ? Long.toString(limits.memoryBytes()) : "max");
        if (extras.memorySwapBytes() != 0 && Files.exists(v2.get().resolve("memory.swap.max"))) {
          write(v2.get().resolve("memory.swap.max"), extras.memorySwapBytes() == -1
              || limits.memoryBytes() == 0 ? "max"
              : Long.toString(extras.memsw(limits.memoryBytes()) - limits.memoryBytes()));
        }
      } else if (limits.memoryBytes() > 0) {
        throw new IOException("the container has no memory cgroup to limit");
      }
    }
    applyCpuExtras(extras);
    applyReservationAndWeight(extras);
    Optional<Path> quota = withFile("cpu.cfs_quota_us");
    long quotaUs = extras.cfsQuotaUs(limits);
    if (quota.isPresent()) {
      write(quota.get().resolve("cpu.cfs_period_us"), Long.toString(extras.cfsPeriodUs()));
      write(quota.get().resolve("cpu.cfs_quota_us"), Long.toString(quotaUs));
    } else if (withFile("cpu.max").isPresent()) {
      write(withFile("cpu.max").get().resolve("cpu.max"),
          (quotaUs > 0 ? Long.toString(quotaUs) : "max") + " " + extras.cfsPeriodUs());
    } else if (extras.setsCpuBandwidth(limits)) {
      throw new IOException("the container has no cpu cgroup to limit");
    }
    Optional<Path> pids = withFile("pids.max");
    if (pids.isPresent()) {
      write(pids.get().resolve("pids.max"), limits.pidsLimit() > 0
          ? Long.toString(limits.pidsLimit()) : "max");
    } else if (limits.pidsLimit() > 0) {
      throw new IOException("the container has no pids cgroup to limit");
    }
  }

  /**
   * {@code --memory-reservation} (v1 {@code memory.soft_limit_in_bytes}, v2 {@code memory.low})
   * and {@code --blkio-weight} (v1 only: {@link Cgroups#blkioWeightFile}), where set.
   */
  private void applyReservationAndWeight(ResourceExtras extras) throws IOException {
    if (extras.memoryReservationBytes() > 0) {
      Optional<Path> v1 = withFile("memory.soft_limit_in_bytes");
      Optional<Path> v2 = withFile("memory.low");
      Path file = v1.map(d -> d.resolve("memory.soft_limit_in_bytes"))
          .or(() -> v2.map(d -> d.resolve("memory.low")))
          .orElseThrow(() -> new IOException("the container has no memory cgroup to reserve"));
      write(file, Long.toString(extras.memoryReservationBytes()));
    }
    if (extras.blkioWeight() > 0) {
      Optional<Path> blkio = withFile("blkio.reset_stats");
      if (blkio.isEmpty()) {
        throw new IOException("--blkio-weight: the container has no v1 blkio cgroup");
      }
      write(blkio.get().resolve(Cgroups.blkioWeightFile(blkio.get())),
          Long.toString(extras.blkioWeight()));
    }
  }

  /** {@code --cpu-shares} and {@code --cpuset-*}, where set, in v1's files or v2's. */
  private void applyCpuExtras(ResourceExtras extras) throws IOException {
    if (extras.cpuShares() > 0) {
      Optional<Path> v1 = withFile("cpu.shares");
      Optional<Path> v2 = withFile("cpu.weight");
      if (v1.isPresent()) {
        write(v1.get().resolve("cpu.shares"), Long.toString(extras.cpuShares()));
      } else if (v2.isPresent()) {
        write(v2.get().resolve("cpu.weight"), Long.toString(extras.cpuWeight()));
      } else {
        throw new IOException("the container has no cpu cgroup to weigh");
      }
    }
    for (String[] set : new String[][] {{"cpuset.cpus", extras.cpusetCpus()},
        {"cpuset.mems", extras.cpusetMems()}}) {
      if (set[1] != null) {
        Optional<Path> dir = withFile(set[0]);
        if (dir.isEmpty()) {
          throw new IOException("the container has no cpuset cgroup to set");
        }
        write(dir.get().resolve(set[0]), set[1]);
      }
    }
  }

  private static void write(Path file, String value) throws IOException {
    try {
      Files.writeString(file, value);
    } catch (IOException e) {
      throw new IOException("cannot write " + value + " to " + file + ": " + e.getMessage(), e);
    }
  }
}
