package dev.hoist.internal.runtime;

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
 * own cgroup in every v1 hierarchy the host mounts (as runc does with a relative
 * {@code cgroupsPath}): the limits go to {@code memory}, {@code cpu} and {@code pids}, Docker's
 * device rules ({@link DeviceRule}) to {@code devices}; being in all of them, the container
 * sees none but its own through a cgroup namespace. Cgroup v2 (and the v2 half of a hybrid
 * host, without limits: it has no controllers there) gets {@code hoist/<id>} under the parent of
 * hoist's own cgroup (whose processes would forbid enabling controllers below it), with
 * {@code +memory +cpu +pids} enabled on the way down; the shim attaches the device rules to it
 * as a BPF program. The directories are recorded in {@code <containerDir>/cgroups}, one a line,
 * so another hoist process ({@code pause}, {@code exec}) finds them whatever its own cgroup is.
 *
 * <p>{@link #insideMounts()} says what the container's read-only {@code /sys/fs/cgroup} holds:
 * the cgroup2 file system on v2; a tmpfs with each v1 hierarchy (and {@code unified} on a
 * hybrid host) as runc and Docker mount it, so a JVM or Go's runtime finds its limits.
 */
public final class Cgroups {
  static final String RECORD = "cgroups";
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
  private static final Path SELF = Path.of("/proc/self/cgroup");
  private static final long PERIOD_US = 100_000;
  /** v1 controllers a container cannot go without (freezer: only pause needs it). */
  private static final List<String> V1_REQUIRED = List.of("memory", "cpu", "pids", "devices");

  private final CgroupLayout layout;
  private final List<Path> dirs;
  private final List<String> insideMounts;

  private Cgroups(CgroupLayout layout, List<Path> dirs, List<String> insideMounts) {
    this.layout = layout;
    this.dirs = List.copyOf(dirs);
    this.insideMounts = List.copyOf(insideMounts);
  }

  /**
   * A v1 hierarchy: its controllers as {@code /proc/self/cgroup} names them (and as mount(2)
   * takes them: {@code cpu,cpuacct}, {@code name=systemd}), its mount point, hoist's own cgroup
   * in it.
   */
  record V1Hierarchy(String controllers, Path mount, String own) {
    boolean has(String controller) {
      return List.of(controllers.split(",")).contains(controller);
    }
  }

  /**
   * The container's {@code /sys/fs/cgroup}, for the shim's {@code cgroupfs} records: one
   * {@code TYPE NAME [DATA]} a mount, NAME the directory under {@code /sys/fs/cgroup}
   * ({@code /}: itself) and DATA the mount options (the v1 controllers). Empty when the
   * container has no cgroups.
   */
  public List<String> insideMounts() {
    return insideMounts;
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
    return create(containerDir, resources, DeviceRule.DOCKER_DEFAULT, ResourceExtras.NONE,
        CgroupLayout.detect());
  }

  /**
   * As {@link #create(Path, Resources)}, the devices cgroup allowing {@code devices}, with
   * {@code extras} ({@code --memory-swap}, {@code --cpu-shares}, {@code --cpuset-*}).
   */
  static Cgroups create(Path containerDir, Resources resources, List<DeviceRule> devices,
      ResourceExtras extras) throws IOException {
    return create(containerDir, resources, devices, extras, CgroupLayout.detect());
  }

  /** As {@link #create(Path, Resources)} for the given layout (tests: v2 on a hybrid host). */
  static Cgroups create(Path containerDir, Resources resources, CgroupLayout layout)
      throws IOException {
    return create(containerDir, resources, DeviceRule.DOCKER_DEFAULT, ResourceExtras.NONE,
        layout);
  }

  private static Cgroups create(Path containerDir, Resources resources,
      List<DeviceRule> devices, ResourceExtras extras, CgroupLayout layout) throws IOException {
    String id = containerDir.getFileName().toString();
    checkBlkioWeight(extras, layout); // before any directory is made: a refusal leaves none
    List<Path> dirs = new ArrayList<>();
    List<String> inside = new ArrayList<>();
    try {
      switch (layout) {
        case V1, HYBRID -> {
          List<V1Hierarchy> hierarchies = v1Hierarchies(Files.readAllLines(MOUNTINFO),
              Files.readAllLines(SELF));
          dirs.addAll(createV1(id, resources, devices, hierarchies));
          writeV1Extras(dirs, hierarchies, extras, resources);
          hierarchies.forEach(h -> inside.add("cgroup " + h.mount().getFileName() + " "
              + h.controllers()));
          if (layout == CgroupLayout.HYBRID) {
            dirs.add(createV2(id, Resources.NONE)); // no controllers there: only a place
            inside.add("cgroup2 unified");
          }
        }
        case V2 -> {
          dirs.add(createV2(id, resources));
          writeV2Extras(dirs.get(0), extras, resources);
          inside.add("cgroup2 /");
        }
        case NONE -> throw new IOException("no cgroup file system is mounted");
      }
    } catch (IOException e) {
      if (!resources.isUnlimited() || !extras.equals(ResourceExtras.NONE)) {
        throw new IOException("cannot set the container's resource limits: " + e.getMessage(), e);
      }
      new Cgroups(layout, dirs, List.of()).remove();
      dirs = List.of();
      inside.clear();
    }
    Cgroups cgroups = new Cgroups(layout, dirs, inside);
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
    return new Cgroups(CgroupLayout.detect(), dirs, List.of());
  }

  private static List<Path> createV1(String id, Resources r, List<DeviceRule> devices,
      List<V1Hierarchy> hierarchies) throws IOException {
    for (String controller : V1_REQUIRED) {
      if (hierarchies.stream().noneMatch(h -> h.has(controller))) {
        throw new IOException("cgroup v1 controller " + controller + " is not mounted");
      }
    }
    List<Path> dirs = new ArrayList<>();
    for (V1Hierarchy h : hierarchies) {
      Path dir = v1Dir(h, id);
      Path hoist = dir.getParent();
      Files.createDirectories(dir);
      dirs.add(dir);
      if (h.has("cpuset")) {
        // a new cpuset has no CPUs and no memory nodes: its parent's, as runc gives it
        inheritCpuset(hoist);
        inheritCpuset(dir);
      }
      if (h.has("devices")) {
        write(dir.resolve("devices.deny"), "a");
        for (DeviceRule rule : devices) {
          write(dir.resolve("devices.allow"), rule.line());
        }
      }
      if (h.has("memory") && r.memoryBytes() > 0) {
        write(dir.resolve("memory.limit_in_bytes"), Long.toString(r.memoryBytes()));
        Path swap = dir.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(swap)) {
          write(swap, Long.toString(r.memoryBytes())); // memory + swap = memory: no swap
        }
      }
      if (h.has("pids") && r.pidsLimit() > 0) {
        write(dir.resolve("pids.max"), Long.toString(r.pidsLimit()));
      }
    }
    return dirs;
  }

  /** {@link ResourceExtras} in the v1 directories (made by {@link #createV1}, in that order). */
  private static void writeV1Extras(List<Path> dirs, List<V1Hierarchy> hierarchies,
      ResourceExtras x, Resources r) throws IOException {
    for (int i = 0; i < hierarchies.size(); i++) {
      V1Hierarchy h = hierarchies.get(i);
      Path dir = dirs.get(i);
      if (h.has("memory") && x.memorySwapBytes() != 0) {
        write(dir.resolve("memory.memsw.limit_in_bytes"),
            Long.toString(x.memorySwapBytes() == -1 ? -1 : x.memsw(r.memoryBytes())));
      }
      if (h.has("cpu") && x.cpuShares() > 0) {
        write(dir.resolve("cpu.shares"), Long.toString(x.cpuShares()));
      }
      if (h.has("cpu") && x.setsCpuBandwidth(r)) {
        write(dir.resolve("cpu.cfs_period_us"), Long.toString(x.cfsPeriodUs()));
        write(dir.resolve("cpu.cfs_quota_us"), Long.toString(x.cfsQuotaUs(r)));
      }
      if (h.has("memory") && x.memoryReservationBytes() > 0) {
        write(dir.resolve("memory.soft_limit_in_bytes"),
            Long.toString(x.memoryReservationBytes()));
      }
      if (h.has("memory") && x.oomKillDisable()) {
        write(dir.resolve("memory.oom_control"), "1");
      }
      if (h.has("blkio") && x.blkioWeight() > 0) {
        write(dir.resolve(blkioWeightFile(dir)), Long.toString(x.blkioWeight()));
      }
      if (h.has("cpuset") && x.cpusetCpus() != null) {
        write(dir.resolve("cpuset.cpus"), x.cpusetCpus());
      }
      if (h.has("cpuset") && x.cpusetMems() != null) {
        write(dir.resolve("cpuset.mems"), x.cpusetMems());
      }
    }
  }

  /** {@link ResourceExtras} in the v2 directory (what its enabled controllers take). */
  private static void writeV2Extras(Path dir, ResourceExtras x, Resources r) throws IOException {
    if (x.blkioWeight() > 0) {
      throw new IOException(BLKIO_V2);
    }
    if (x.setsCpuBandwidth(r)) {
      long quota = x.cfsQuotaUs(r);
      write(dir.resolve("cpu.max"), (quota > 0 ? Long.toString(quota) : "max") + " "
          + x.cfsPeriodUs());
    }
    if (x.memoryReservationBytes() > 0) {
      write(dir.resolve("memory.low"), Long.toString(x.memoryReservationBytes()));
    }
    if (x.memorySwapBytes() != 0) {
      write(dir.resolve("memory.swap.max"), x.memorySwapBytes() == -1 ? "max"
          : Long.toString(x.memsw(r.memoryBytes()) - r.memoryBytes()));
    }
    if (x.cpuShares() > 0) {
      write(dir.resolve("cpu.weight"), Long.toString(x.cpuWeight()));
    }
    if (x.cpusetCpus() != null) {
      write(dir.resolve("cpuset.cpus"), x.cpusetCpus());
    }
    if (x.cpusetMems() != null) {
      write(dir.resolve("cpuset.mems"), x.cpusetMems());
    }
  }

  /** The container's cgroup in v1 hierarchy {@code h}: {@code hoist/<id>} under hoist's own. */
  static Path v1Dir(V1Hierarchy h, String id) {
    return h.mount().resolve(relative(h.own())).resolve("hoist").resolve(id);
  }

  /**
   * The container's cgroup on the v2 hierarchy mounted at {@code mount}, hoist's own cgroup
   * there being {@code own}: {@code hoist/<id>} under the parent of {@code own}.
   */
  static Path v2Dir(Path mount, String own, String id) {
    Path parent = mount.resolve(relative(own)).getParent();
    if (parent == null || !parent.startsWith(mount)) {
      parent = mount;
    }
    return parent.resolve("hoist").resolve(id);
  }

  private static void inheritCpuset(Path dir) throws IOException {
    for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
      if (Files.readString(dir.resolve(file)).isBlank()) {
        write(dir.resolve(file), Files.readString(dir.resolveSibling(file)).trim());
      }
    }
  }

  private static Path createV2(String id, Resources r) throws IOException {
    Path mount = v2Mount(Files.readAllLines(MOUNTINFO))
        .orElseThrow(() -> new IOException("cgroup2 is not mounted"));
    Path dir = v2Dir(mount, ownPaths(Files.readAllLines(SELF)).getOrDefault("", "/"), id);
    Path hoist = dir.getParent();
    Path parent = hoist.getParent();
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

  private static final String BLKIO_V2 = "--blkio-weight: hoist applies it on cgroup v1 only "
      + "(blkio.weight), not to cgroup v2's io controller";

  /**
   * The block I/O weight file of the v1 blkio cgroup {@code dir}: {@code blkio.weight} (the CFQ
   * scheduler's), else {@code blkio.bfq.weight} (BFQ's); a host with neither cannot weigh a
   * container's I/O, which is refused.
   */
  static String blkioWeightFile(Path dir) throws IOException {
    for (String file : List.of("blkio.weight", "blkio.bfq.weight")) {
      if (Files.exists(dir.resolve(file))) {
        return file;
      }
    }
    throw new IOException("--blkio-weight: this host's blkio cgroup has neither blkio.weight "
        + "nor blkio.bfq.weight (its block devices use neither the CFQ nor the BFQ I/O "
        + "scheduler), so no I/O weight can be set");
  }

  /**
   * Refuses {@code --blkio-weight} where this host cannot apply it ({@link #blkioWeightFile} of
   * hoist's own blkio cgroup; cgroup v2): what runc is not given to fail on, unclearly.
   */
  static void checkBlkioWeight(ResourceExtras extras, CgroupLayout layout) throws IOException {
    if (extras.blkioWeight() == 0) {
      return;
    }
    if (layout == CgroupLayout.V2 || layout == CgroupLayout.NONE) {
      throw new IOException(BLKIO_V2);
    }
    for (V1Hierarchy h : v1Hierarchies(Files.readAllLines(MOUNTINFO),
        Files.readAllLines(SELF))) {
      if (h.has("blkio")) {
        blkioWeightFile(h.mount().resolve(relative(h.own())));
        return;
      }
    }
    throw new IOException("--blkio-weight: the host mounts no blkio cgroup hierarchy");
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

  /**
   * Removes those of the directories that no process is in (what a killed run left); one that
   * holds a process stays, as does one that cannot be removed. Nothing is killed or thawed.
   * Returns the directories left.
   */
  public List<Path> removeUnpopulated() {
    List<Path> left = new ArrayList<>();
    for (Path d : dirs) {
      try {
        if (!Files.readString(d.resolve("cgroup.procs")).isBlank()) {
          left.add(d);
          continue;
        }
        Files.deleteIfExists(d);
      } catch (NoSuchFileException gone) {
        // removed already
      } catch (IOException e) {
        left.add(d); // a process entered meanwhile (EBUSY), or it cannot be read
      }
    }
    return left;
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

  /**
   * The v1 hierarchies hoist is in ({@code /proc/self/cgroup}'s lines but the v2 one), each with
   * the mount whose options name all its controllers; hierarchies the host does not mount are
   * left out.
   */
  static List<V1Hierarchy> v1Hierarchies(List<String> mountinfo, List<String> procSelfCgroup) {
    List<V1Hierarchy> hierarchies = new ArrayList<>();
    for (String line : procSelfCgroup) {
      String[] f = line.split(":", 3);
      if (f.length < 3 || f[1].isEmpty()) {
        continue;
      }
      for (String m : mountinfo) {
        String[] halves = m.split(" - ", 2);
        String[] left = halves[0].split(" ");
        String[] right = halves.length == 2 ? halves[1].split(" ") : new String[0];
        if (right.length < 3 || !right[0].equals("cgroup") || left.length < 5) {
          continue;
        }
        if (List.of(right[2].split(",")).containsAll(List.of(f[1].split(",")))) {
          hierarchies.add(new V1Hierarchy(f[1], Path.of(left[4]), f[2]));
          break;
        }
      }
    }
    return hierarchies;
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
