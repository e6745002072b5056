package dev.hoist.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's cgroup directories: created (with its {@link Resources} written) before the
 * container starts, joined by its processes, frozen for {@code pause}, removed after it exits.
 *
 * <p>Where: cgroup v1 (and the v1 half of a hybrid host) gets {@code hoist/<id>} under hoist's
 * own cgroup in each of the {@code memory}, {@code cpu}, {@code pids} and {@code freezer}
 * hierarchies (as runc does with a relative {@code cgroupsPath}); cgroup v2 gets
 * {@code hoist/<id>} under the parent of hoist's own cgroup (whose processes would forbid
 * enabling controllers below it), with {@code +memory +cpu +pids} enabled on the way down. The
 * directories are recorded in {@code <containerDir>/cgroups}, one a line, so another hoist
 * process ({@code pause}, {@code exec}) finds them whatever its own cgroup is.
 */
public final class Cgroups {
  static final String RECORD = "cgroups";
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
  private static final Path SELF = Path.of("/proc/self/cgroup");
  private static final long PERIOD_US = 100_000;
  private static final List<String> V1_CONTROLLERS = List.of("memory", "cpu", "pids", "freezer");

  private final CgroupLayout layout;
  private final List<Path> dirs;

  private Cgroups(CgroupLayout layout, List<Path> dirs) {
    this.layout = layout;
    this.dirs = List.copyOf(dirs);
  }

  /** The directories, for the shim's {@code cgroup} keys. */
  public List<Path> dirs() {
    return dirs;
  }

  /**
   * Creates the cgroups of the container in {@code containerDir} (ID: its file name), writes
   * {@code resources} and records the directories. When cgroups cannot be created (no cgroup
   * file system, not root) and no limit is asked for, the container runs without: an empty set.
   */
  public static Cgroups create(Path containerDir, Resources resources) throws IOException {
    return create(containerDir, resources, CgroupLayout.detect());
  }

  /** As {@link #create(Path, Resources)} for the given layout (tests: v2 on a hybrid host). */
  static Cgroups create(Path containerDir, Resources resources, CgroupLayout layout)
      throws IOException {
    String id = containerDir.getFileName().toString();
    List<Path> dirs;
    try {
      dirs = switch (layout) {
        case V1, HYBRID -> createV1(id, resources);
        case V2 -> List.of(createV2(id, resources));
        case NONE -> throw new IOException("no cgroup file system is mounted");
      };
    } catch (IOException e) {
      if (!resources.isUnlimited()) {
        throw new IOException("cannot set the container's resource limits: " + e.getMessage(), e);
      }
      dirs = List.of();
    }
    Cgroups cgroups = new Cgroups(layout, dirs);
    StringBuilder record = new StringBuilder();
    dirs.forEach(d -> record.append(d).append('\n'));
    Files.writeString(containerDir.resolve(RECORD), record);
    return cgroups;
  }

  /** The cgroups recorded for the container in {@code containerDir} (none if never created). */
  public static Cgroups of(Path containerDir) throws IOException {
    Path record = containerDir.resolve(RECORD);
    List<Path> dirs = new ArrayList<>();
    if (Files.exists(record)) {
      for (String line : Files.readAllLines(record)) {
        if (!line.isBlank()) {
          dirs.add(Path.of(line));
        }
      }
    }
    return new Cgroups(CgroupLayout.detect(), dirs);
  }

  private static List<Path> createV1(String id, Resources r) throws IOException {
    Map<String, Path> mounts = v1Mounts(Files.readAllLines(MOUNTINFO));
    Map<String, String> own = ownPaths(Files.readAllLines(SELF));
    List<Path> dirs = new ArrayList<>();
    for (String controller : V1_CONTROLLERS) {
      Path mount = mounts.get(controller);
      if (mount == null) {
        if (controller.equals("freezer")) {
          continue; // pause is then refused, nothing else needs it
        }
        throw new IOException("cgroup v1 controller " + controller + " is not mounted");
      }
      String base = own.getOrDefault(controller, "/");
      Path dir = mount.resolve(relative(base)).resolve("hoist").resolve(id);
      Files.createDirectories(dir);
      dirs.add(dir);
      switch (controller) {
        case "memory" -> {
          if (r.memoryBytes() > 0) {
            write(dir.resolve("memory.limit_in_bytes"), Long.toString(r.memoryBytes()));
            Path swap = dir.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(swap)) {
              write(swap, Long.toString(r.memoryBytes())); // memory + swap = memory: no swap
            }
          }
        }
        case "cpu" -> {
          if (r.nanoCpus() > 0) {
            write(dir.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
            write(dir.resolve("cpu.cfs_quota_us"), Long.toString(quotaUs(r.nanoCpus())));
          }
        }
        case "pids" -> {
          if (r.pidsLimit() > 0) {
            write(dir.resolve("pids.max"), Long.toString(r.pidsLimit()));
          }
        }
        default -> { }
      }
    }
    return dirs;
  }

  private static Path createV2(String id, Resources r) throws IOException {
    Path mount = v2Mount(Files.readAllLines(MOUNTINFO))
        .orElseThrow(() -> new IOException("cgroup2 is not mounted"));
    String own = ownPaths(Files.readAllLines(SELF)).getOrDefault("", "/");
    Path parent = mount.resolve(relative(own)).getParent();
    if (parent == null || !parent.startsWith(mount)) {
      parent = mount;
    }
    Path hoist = parent.resolve("hoist");
    Path dir = hoist.resolve(id);
    Files.createDirectories(dir);
    enableControllers(parent);
    enableControllers(hoist);
    if (r.memoryBytes() > 0) {
      write(dir.resolve("memory.max"), Long.toString(r.memoryBytes()));
      Path swap = dir.resolve("memory.swap.max");
      if (Files.exists(swap)) {
        write(swap, "0");
      }
    }
    if (r.nanoCpus() > 0) {
      write(dir.resolve("cpu.max"), quotaUs(r.nanoCpus()) + " " + PERIOD_US);
    }
    if (r.pidsLimit() > 0) {
      write(dir.resolve("pids.max"), Long.toString(r.pidsLimit()));
    }
    return dir;
  }

  /**
   * Enables what it can of memory, cpu and pids for the children of {@code dir}. Failing is not
   * an error here (a cgroup with processes refuses, EBUSY): the container still gets its
   * directory and the freezer, and a limit whose controller is missing fails when it is written.
   */
  private static void enableControllers(Path dir) {
    try {
      List<String> available = List.of(
          Files.readString(dir.resolve("cgroup.controllers")).trim().split("\\s+"));
      for (String c : List.of("memory", "cpu", "pids")) {
        if (available.contains(c)) {
          write(dir.resolve("cgroup.subtree_control"), "+" + c);
        }
      }
    } catch (IOException e) {
      // see above
    }
  }

  static long quotaUs(long nanoCpus) {
    return Math.max(1000, nanoCpus * PERIOD_US / 1_000_000_000L);
  }

  /** Freezes ({@code true}) or thaws every process of the container and waits until done. */
  public void freeze(boolean frozen) throws IOException {
    Path file = freezerFile().orElseThrow(() -> new IOException(
        "the container has no freezer cgroup (cgroups unavailable when it started)"));
    boolean v2 = file.getFileName().toString().equals("cgroup.freeze");
    write(file, v2 ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED"));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean done = v2
          ? Files.readString(file.resolveSibling("cgroup.events")).contains(
              "frozen " + (frozen ? "1" : "0"))
          : Files.readString(file).trim().equals(frozen ? "FROZEN" : "THAWED");
      if (done) {
        return;
      }
      if (!v2 && frozen) {
        write(file, "FROZEN"); // v1 may stay FREEZING until asked again
      }
      sleep(5);
    }
    throw new IOException("the container did not " + (frozen ? "freeze" : "thaw") + " in 10 s");
  }

  /** Whether the container is frozen. */
  public boolean isFrozen() throws IOException {
    Optional<Path> file = freezerFile();
    if (file.isEmpty()) {
      return false;
    }
    Path f = file.get();
    return f.getFileName().toString().equals("cgroup.freeze")
        ? Files.readString(f).trim().equals("1")
        : !Files.readString(f).trim().equals("THAWED");
  }

  private Optional<Path> freezerFile() {
    for (Path d : dirs) {
      if (Files.exists(d.resolve("freezer.state"))) {
        return Optional.of(d.resolve("freezer.state"));
      }
    }
    for (Path d : dirs) {
      if (Files.exists(d.resolve("cgroup.freeze"))) {
        return Optional.of(d.resolve("cgroup.freeze"));
      }
    }
    return Optional.empty();
  }

  /**
   * Removes the directories (the container has exited; its last processes may take a moment to
   * leave, so an busy directory is retried for up to 2 s). Missing ones are fine.
   */
  public void remove() throws IOException {
    for (Path d : dirs) {
      long deadline = System.nanoTime() + 2_000_000_000L;
      for (;;) {
        try {
          if (Files.exists(d.resolve("freezer.state"))) {
            write(d.resolve("freezer.state"), "THAWED"); // frozen processes never exit
          }
          Files.deleteIfExists(d);
          break;
        } catch (NoSuchFileException e) {
          break;
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            throw new IOException("cannot remove cgroup " + d + ": " + e.getMessage(), e);
          }
          sleep(10);
        }
      }
    }
  }

  /** The layout the directories were made for. */
  public CgroupLayout layout() {
    return layout;
  }

  /** v1 controller name → mount point, from mountinfo (super options list the controllers). */
  static Map<String, Path> v1Mounts(List<String> mountinfo) {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (String line : mountinfo) {
      String[] halves = line.split(" - ", 2);
      if (halves.length < 2) {
        continue;
      }
      String[] right = halves[1].split(" ");
      String[] left = halves[0].split(" ");
      if (!right[0].equals("cgroup") || right.length < 3 || left.length < 5) {
        continue;
      }
      for (String option : right[2].split(",")) {
        mounts.putIfAbsent(option, Path.of(left[4]));
      }
    }
    return mounts;
  }

  static Optional<Path> v2Mount(List<String> mountinfo) {
    for (String line : mountinfo) {
      String[] halves = line.split(" - ", 2);
      String[] left = halves[0].split(" ");
      if (halves.length == 2 && halves[1].startsWith("cgroup2 ") && left.length > 4) {
        return Optional.of(Path.of(left[4]));
      }
    }
    return Optional.empty();
  }

  /** Controller → own cgroup path, from /proc/self/cgroup ({@code ""} is the v2 entry). */
  static Map<String, String> ownPaths(List<String> procSelfCgroup) {
    Map<String, String> own = new LinkedHashMap<>();
    for (String line : procSelfCgroup) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      for (String c : f[1].split(",")) {
        own.put(c.startsWith("name=") ? c.substring(5) : c, f[2]);
      }
    }
    return own;
  }

  private static String relative(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }

  private static void write(Path file, String value) throws IOException {
    Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
