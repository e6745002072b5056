package dev.hoist.internal.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hoist.internal.runtime.seccomp.OciSeccomp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OCI runtime bundle for a {@link ContainerSpec}: {@code config.json} (OCI runtime spec
 * 1.0.2) in the container directory, with Docker's defaults — namespaces, mounts, masked and
 * read-only paths, the default capabilities, {@code noNewPrivileges}, the seccomp profile
 * ({@link dev.hoist.internal.runtime.seccomp.SeccompPolicy}, as the shim's), cgroup resources — and
 * {@code rootfs} (the overlay hoist mounts there). The process is the command itself (Docker's
 * default) or, with {@code --init}, hoist's shim in {@code --init} mode, bound read-only at
 * {@code /dev/hoist-shim}, as {@code docker run --init} binds tini: it forwards signals to the
 * command and reaps zombies.
 */
final class OciBundle {
  static final String INIT = "/dev/hoist-shim";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** Docker's default capabilities. */
  static final List<String> DEFAULT_CAPS = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE",
      "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
      "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
      "CAP_AUDIT_WRITE");
  static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts",
      "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
      "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
  static final List<String> READONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq",
      "/proc/sys", "/proc/sysrq-trigger");

  private OciBundle() {}

  /** Writes {@code <containerDir>/config.json}. */
  static void writeConfig(ContainerSpec spec, EtcFiles etc, Path shim, long nofileHard)
      throws IOException {
    writeConfig(spec, etc, shim, nofileHard, null);
  }

  /**
   * As above; with {@code netns} (a bridge's prepared namespace, {@link NetworkMode#BRIDGE}) the
   * container joins that network namespace ({@code linux.namespaces} network {@code path}).
   */
  static void writeConfig(ContainerSpec spec, EtcFiles etc, Path shim, long nofileHard,
      Path netns) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("ociVersion", "1.0.2");
    List<String> args = new ArrayList<>(spec.host().runsInit() ? List.of(INIT, "--init")
        : List.of());
    args.addAll(spec.argv());
    Map<String, Object> process = process(args, spec.env(), spec.cwd(), spec.uid(), spec.gid(),
        spec.groups(), spec.tty(), nofileHard, spec.host());
    // always, as Docker: the container's score (0 by default), never hoist's own
    process.put("oomScoreAdj", spec.host().oomScoreAdj());
    root.put("process", process);
    root.put("root", Map.of("path", "rootfs", "readonly", spec.readonlyRootfs()));
    NamespaceModes modes = spec.host().namespaces();
    if (!modes.uts().equals("host")) { // runc sets no host name without a UTS namespace
      root.put("hostname", etc.hostname());
    }
    root.put("mounts", mounts(spec, etc, shim));
    Map<String, Object> linux = new LinkedHashMap<>();
    List<Map<String, String>> namespaces = new ArrayList<>();
    namespace(namespaces, "pid", modes.pid(), JoinedNamespaces.path(spec, "pid", modes.pid()));
    namespace(namespaces, "ipc", modes.ipc(), JoinedNamespaces.path(spec, "ipc", modes.ipc()));
    if (!modes.uts().equals("host")) {
      namespaces.add(Map.of("type", "uts"));
    }
    for (String ns : List.of("mount", "cgroup")) {
      namespaces.add(Map.of("type", ns));
    }
    if (netns != null) {
      namespaces.add(Map.of("type", "network", "path", netns.toString()));
    } else if (spec.network() != NetworkMode.HOST) {
      namespaces.add(Map.of("type", "network"));
    }
    linux.put("namespaces", namespaces);
    linux.put("cgroupsPath", cgroupsPath(spec));
    Cgroups.checkBlkioWeight(spec.host().extras(), CgroupLayout.detect());
    linux.put("resources", resources(spec.resources(), spec.host().extras(),
        DeviceAccess.rules(spec.host())));
    List<Map<String, Object>> devices = new ArrayList<>();
    DeviceAccess.nodes(spec.host()).forEach(n -> devices.add(n.oci()));
    if (!devices.isEmpty()) {
      linux.put("devices", devices);
    }
    Map<String, String> sysctls = new java.util.TreeMap<>(Sysctls.of(spec));
    if (spec.domainname() != null) {
      // the UTS namespace's own sysctl: runc before 1.2 has no "domainname" field
      sysctls.put("kernel.domainname", spec.domainname());
    }
    if (!sysctls.isEmpty()) {
      linux.put("sysctl", sysctls);
    }
    List<String> readonly = new ArrayList<>(READONLY);
    if (spec.host().privileged()) { // as Docker: nothing masked or read-only
      linux.put("maskedPaths", List.of());
      readonly.clear();
    } else {
      linux.put("maskedPaths", maskedPaths());
    }
    readonly.add("/sys/fs/cgroup"); // runc leaves the tmpfs under the v1 hierarchies writable
    linux.put("readonlyPaths", readonly);
    // resolved against the bounding set, as Docker does; absent when unconfined or privileged
    SeccompProgram.seccomp(spec).policy(spec.host().capabilities())
        .ifPresent(p -> linux.put("seccomp", OciSeccomp.of(p)));
    root.put("linux", linux);
    JSON.writeValue(spec.containerDir().resolve("config.json").toFile(), root);
  }

  /** A namespace of {@code type}: none for {@code host}, the joined one's path, or a new one. */
  private static void namespace(List<Map<String, String>> namespaces, String type, String mode,
      java.util.Optional<Path> joined) {
    if (joined.isPresent()) {
      namespaces.add(Map.of("type", type, "path", joined.get().toString()));
    } else if (!mode.equals("host")) {
      namespaces.add(Map.of("type", type));
    }
  }

  /**
   * {@link #MASKED} and, as moby's {@code /sys/devices/system/cpu/cpu*}{@code /thermal_throttle}
   * (expanded when the container is created), each CPU's {@code thermal_throttle} directory.
   */
  static List<String> maskedPaths() throws IOException {
    List<String> masked = new ArrayList<>(MASKED);
    Path cpus = Path.of("/sys/devices/system/cpu");
    if (Files.isDirectory(cpus)) {
      try (var dirs = Files.newDirectoryStream(cpus, "cpu[0-9]*")) {
        for (Path cpu : dirs) {
          Path throttle = cpu.resolve("thermal_throttle");
          if (cpu.getFileName().toString().matches("cpu[0-9]+") && Files.isDirectory(throttle)) {
            masked.add(throttle.toString());
          }
        }
      }
    }
    return masked;
  }

  /**
   * {@code process.json} for {@code runc exec --process} (an exec, a health check): the
   * container's capabilities, no_new_privs and ulimits.
   */
  static void writeProcess(Path file, ExecSpec exec, long nofileHard, HostOptions host)
      throws IOException {
    JSON.writeValue(file.toFile(), process(exec.argv(), exec.env(), exec.cwd(), exec.uid(),
        exec.gid(), exec.groups(), exec.tty(), nofileHard, host));
  }

  /**
   * Relative: runc puts it under its own cgroup in each v1 hierarchy (under the parent of its
   * own on v2), where {@link Cgroups} puts the shim's containers.
   */
  static String cgroupsPath(ContainerSpec spec) {
    return "hoist/" + spec.containerDir().getFileName();
  }

  private static Map<String, Object> process(List<String> args, List<String> env, String cwd,
      int uid, int gid, List<Integer> groups, boolean tty, long nofileHard, HostOptions host) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("terminal", tty);
    if (tty) {
      // set before the process starts (runc resizes to the host terminal's size later)
      p.put("consoleSize", Map.of("height", 24, "width", 80));
    }
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("uid", uid);
    user.put("gid", gid);
    if (!groups.isEmpty()) {
      user.put("additionalGids", groups);
    }
    // Docker's 0022 for the container's process (runc 1.1 does not apply it to an exec:
    // RuncRuntime.withUmask022)
    user.put("umask", 022);
    p.put("user", user);
    p.put("args", args);
    p.put("env", env);
    p.put("cwd", cwd);
    // As Docker >= 20.10: the bounding set always, effective and permitted for root only.
    List<String> bounding = host.capabilities();
    List<String> effective = uid == 0 ? bounding : List.of();
    Map<String, Object> caps = new LinkedHashMap<>();
    caps.put("bounding", bounding);
    caps.put("effective", effective);
    caps.put("permitted", effective);
    caps.put("inheritable", List.of());
    caps.put("ambient", List.of());
    p.put("capabilities", caps);
    // Never above the current hard limit: raising it needs CAP_SYS_RESOURCE.
    long hard = nofileHard;
    List<Map<String, Object>> rlimits = new ArrayList<>();
    if (host.ulimits().stream().noneMatch(u -> u.name().equals("nofile"))) {
      rlimits.add(Map.of("type", "RLIMIT_NOFILE", "hard", hard,
          "soft", Math.min(hard, 1048576L)));
    }
    for (Ulimit u : host.ulimits()) { // -1 (unlimited) is RLIM_INFINITY as an unsigned number
      rlimits.add(Map.of("type", u.ociType(), "hard", unsigned(u.hard()),
          "soft", unsigned(u.soft())));
    }
    p.put("rlimits", rlimits);
    p.put("noNewPrivileges", host.noNewPrivileges());
    return p;
  }

  private static List<Map<String, Object>> mounts(ContainerSpec spec, EtcFiles etc, Path shim)
      throws IOException {
    List<Map<String, Object>> m = new ArrayList<>();
    m.add(mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"));
    m.add(mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755",
        "size=65536k"));
    m.add(mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance",
        "ptmxmode=0666", "mode=0620", "gid=5"));
    m.add(spec.host().privileged()
        ? mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "rw")
        : mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"));
    // runc mounts the container's own cgroups there (in its cgroup namespace), as Docker does
    m.add(mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime",
        "ro"));
    m.add(mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"));
    java.util.Optional<Path> shm = JoinedNamespaces.shmSource(spec);
    if (shm.isPresent()) { // the host's, with its IPC namespace
      m.add(mount("/dev/shm", "bind", shm.get().toString(), "rbind", "rprivate"));
    } else if (!spec.host().namespaces().ipc().equals("none")) {
      m.add(mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777",
          "size=" + spec.host().shmBytes()));
    }
    if (spec.host().runsInit()) {
      m.add(mount(INIT, "bind", shim.toAbsolutePath().toString(), "bind", "ro"));
    }
    m.add(mount("/etc/hostname", "bind", etc.hostnameFile().toString(), "rbind", "rprivate"));
    m.add(mount("/etc/hosts", "bind", etc.hosts().toString(), "rbind", "rprivate"));
    m.add(mount("/etc/resolv.conf", "bind", etc.resolv().toString(), "rbind", "rprivate"));
    for (BindMount b : spec.mounts()) {
      m.add(mount(b.target(), "bind", b.source().toAbsolutePath().toString(), "rbind",
          "rprivate", b.readOnly() ? "ro" : "rw"));
    }
    for (TmpfsMount t : spec.tmpfs()) {
      List<String> options = new ArrayList<>(List.of("nosuid", "nodev"));
      if (!t.exec()) {
        options.add("noexec"); // as Docker's --tmpfs and --mount type=tmpfs
      }
      if (t.readOnly()) {
        options.add("ro");
      }
      options.addAll(List.of(ShimConfig.tmpfsData(t).split(",")));
      m.add(mount(t.target(), "tmpfs", "tmpfs", options.toArray(String[]::new)));
    }
    return m;
  }

  private static Map<String, Object> mount(String destination, String type, String source,
      String... options) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("destination", destination);
    m.put("type", type);
    m.put("source", source);
    m.put("options", List.of(options));
    return m;
  }

  private static java.math.BigInteger unsigned(long limit) {
    return limit == -1 ? new java.math.BigInteger("18446744073709551615")
        : java.math.BigInteger.valueOf(limit);
  }

  private static Map<String, Object> resources(Resources r, ResourceExtras x,
      List<DeviceRule> rules) {
    Map<String, Object> res = new LinkedHashMap<>();
    List<Map<String, Object>> devices = new ArrayList<>();
    devices.add(Map.of("allow", false, "access", "rwm"));
    rules.forEach(d -> devices.add(d.oci()));
    res.put("devices", devices);
    Map<String, Object> memory = new LinkedHashMap<>();
    if (r.memoryBytes() > 0) { // runc's swap: memory + swap, -1 unlimited
      memory.put("limit", r.memoryBytes());
      memory.put("swap", x.memorySwapBytes() == -1 ? -1L : x.memsw(r.memoryBytes()));
    }
    if (x.memoryReservationBytes() > 0) {
      memory.put("reservation", x.memoryReservationBytes());
    }
    if (x.oomKillDisable()) {
      memory.put("disableOOMKiller", true);
    }
    if (!memory.isEmpty()) {
      res.put("memory", memory);
    }
    Map<String, Object> cpu = new LinkedHashMap<>();
    if (x.setsCpuBandwidth(r)) {
      cpu.put("quota", x.cfsQuotaUs(r));
      cpu.put("period", x.cfsPeriodUs());
    }
    if (x.cpuShares() > 0) {
      cpu.put("shares", x.cpuShares());
    }
    if (x.cpusetCpus() != null) {
      cpu.put("cpus", x.cpusetCpus());
    }
    if (x.cpusetMems() != null) {
      cpu.put("mems", x.cpusetMems());
    }
    if (!cpu.isEmpty()) {
      res.put("cpu", cpu);
    }
    if (r.pidsLimit() > 0) {
      res.put("pids", Map.of("limit", r.pidsLimit()));
    }
    if (x.blkioWeight() > 0) {
      res.put("blockIO", Map.of("weight", x.blkioWeight()));
    }
    return res;
  }
}
