package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.runtime.RuntimeBehaviourTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What {@code docker run} gives a container by default (moby's {@code oci/defaults.go} and
 * {@code daemon/oci_linux.go}, runc's {@code libcontainer}), read inside real containers of
 * each runtime and compared property by property: capabilities in every set, the umask, the OOM
 * score, the mounts' options and propagation ({@code /proc/self/mountinfo}), the nodes of
 * {@code /dev}, the network sysctls Docker sets, {@code noexec} tmpfs mounts, a user's
 * supplementary groups, the pids cgroup, {@code /dev/console} with a terminal, the seccomp
 * filter of an init (root only;
 * skipped otherwise). Five containers a class; most tests read their parts of two probes' output.
 * One concrete subclass per runtime.
 */
abstract class DockerDefaultsTest extends RuntimeFixture {
  /** Docker's 14 default capabilities. */
  static final String DEFAULT_CAPS = "00000000a80425fb";
  static final String NONE = "0000000000000000";

  /** One mount of {@code /proc/self/mountinfo}. */
  record Mount(String point, Set<String> options, List<String> optional, String type,
      Set<String> superOptions) {
    static Mount parse(String line) {
      String[] f = line.split(" ");
      int dash = List.of(f).indexOf("-");
      return new Mount(unescape(f[4]), Set.copyOf(List.of(f[5].split(","))),
          List.of(f).subList(6, dash), f[dash + 1], Set.copyOf(List.of(f[dash + 3].split(","))));
    }

    private static String unescape(String s) {
      return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n")
          .replace("\\134", "\\");
    }

    boolean has(String... wanted) {
      return options.containsAll(List.of(wanted));
    }
  }

  private static final String PROBE = String.join("\n",
      "echo '== status'; grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp|Umask|Groups):'"
          + " /proc/self/status",
      "echo '== oom'; cat /proc/self/oom_score_adj",
      "echo '== umask'; umask",
      "echo '== dev'; ls -A /dev | tr '\\n' ' '; echo",
      "echo '== sysctl'; cat /proc/sys/net/ipv4/ping_group_range"
          + " /proc/sys/net/ipv4/ip_unprivileged_port_start",
      "echo '== pids'; cat /sys/fs/cgroup/pids/pids.max 2>/dev/null"
          + " || cat /sys/fs/cgroup/pids.max",
      // (busybox runs the applet its name says)
      "echo '== exec'; for d in /dev/shm /scratch /dev; do cp /bin/busybox $d/true"
          + " && $d/true 2>/dev/null && echo exec $d; done",
      "echo '== writes'; for f in /proc/sys/net/ipv4/ping_group_range /proc/sys/kernel/shmmni;"
          + " do (echo 0 > $f) 2>/dev/null && echo wrote $f; done;"
          + " for d in /sys/firmware /sys/fs/cgroup /proc/acpi /proc/scsi /proc/asound; do"
          + " test -d $d && (touch $d/x) 2>/dev/null && echo wrote $d; done; true",
      "echo '== mountinfo'; cat /proc/self/mountinfo");

  private Map<String, List<String>> root;
  private Map<String, List<String>> user;

  /** The probe's sections in a default container as root, with a tmpfs on /scratch. */
  Map<String, List<String>> root() throws Exception {
    if (root == null) {
      root = probe(ContainerSpec.builder(List.of(lower), containerDir())
          .argv("sh", "-c", PROBE).tmpfs(new TmpfsMount("/scratch", 8 << 20, 01777, false)));
    }
    return root;
  }

  /** As {@link #root()}, as uid 1000 with supplementary groups 10 and 20, on a read-only root. */
  Map<String, List<String>> user() throws Exception {
    if (user == null) {
      user = probe(ContainerSpec.builder(List.of(lower), containerDir())
          .argv("sh", "-c", "(touch /rootfs-written) 2>/dev/null && echo root-written;"
              + " touch /dev/shm/w /tmp/w 2>/dev/null; ls /dev/shm;" + PROBE)
          .user(1000, 1000, List.of(10, 20)).readonlyRootfs(true)
          .tmpfs(new TmpfsMount("/scratch", 8 << 20, 01777, false))
          .tmpfs(new TmpfsMount("/frozen", 0, 01777, false, true)));
    }
    return user;
  }

  private Map<String, List<String>> probe(ContainerSpec.Builder b) throws Exception {
    ContainerSpec spec = b.build();
    Result r = RuntimeBehaviourTest.collect(runtime.start(spec, Stdio.pipes()), spec);
    assertEquals(0, r.exit(), r.out() + r.err());
    Map<String, List<String>> sections = new LinkedHashMap<>();
    List<String> current = new ArrayList<>();
    sections.put("", current);
    for (String line : RuntimeBehaviourTest.lines(r.out())) {
      if (line.startsWith("== ")) {
        current = new ArrayList<>();
        sections.put(line.substring(3), current);
      } else {
        current.add(line);
      }
    }
    return sections;
  }

  static String status(Map<String, List<String>> probe, String field) {
    return probe.get("status").stream().filter(l -> l.startsWith(field + ":")).findFirst()
        .map(l -> l.substring(field.length() + 1).trim()).orElse("(no " + field + ")");
  }

  /** Inheritable, permitted, effective, bounding and ambient capabilities. */
  static List<String> capSets(Map<String, List<String>> probe) {
    return List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb").stream()
        .map(set -> status(probe, set)).toList();
  }

  /** The topmost mount on each mount point. */
  static Map<String, Mount> mounts(Map<String, List<String>> probe) {
    Map<String, Mount> m = new LinkedHashMap<>();
    for (String line : probe.get("mountinfo")) {
      Mount mount = Mount.parse(line);
      m.put(mount.point(), mount);
    }
    return m;
  }

  @Test
  void rootHasDockersCapabilitiesInEverySetButInheritableAndAmbient() throws Exception {
    assertEquals(List.of(NONE, DEFAULT_CAPS, DEFAULT_CAPS, DEFAULT_CAPS, NONE), capSets(root()),
        root().get("status").toString());
    assertEquals("2", status(root(), "Seccomp"), "Docker's default seccomp profile");
  }

  @Test
  void otherUsersHaveOnlyTheBoundingSetAndTheirSupplementaryGroups() throws Exception {
    assertEquals(List.of(NONE, NONE, NONE, DEFAULT_CAPS, NONE), capSets(user()),
        user().get("status").toString());
    assertEquals("10 20", status(user(), "Groups"));
  }

  /** runc sets 0022 whatever its caller's umask; Docker's containers all start with it. */
  @Test
  void umaskIs0022() throws Exception {
    assertEquals("0022", status(root(), "Umask"));
    assertEquals(List.of("0022"), root().get("umask"));
  }

  /** An exec'd process, too, starts with 0022, whatever hoist's own umask. */
  @Test
  void execStartsWithUmask0022Too() throws Exception {
    ContainerSpec spec = ContainerSpec.builder(List.of(lower), containerDir())
        .argv("sh", "-c", "echo ready; exec sleep 30").build();
    ContainerProcess main = runtime.start(spec, Stdio.pipes());
    try {
      assertEquals("ready\n", RuntimeBehaviourTest.readUntil(main.stdout(), "ready\n"));
      Result r = RuntimeBehaviourTest.collect(runtime.exec(spec, new ExecSpec(
          List.of("sh", "-c", "umask"), List.of("PATH=/bin"), "/", 0, 0, List.of(), false),
          Stdio.pipes()), spec);
      assertEquals("0022\n", r.out(), r.err());
    } finally {
      main.signal("KILL");
      main.waitFor(java.time.Duration.ofSeconds(20));
    }
  }

  /** The soft nofile limit an exec of a container with {@code nofile=512:1024} gets. */
  String execNofileSoft() {
    return "512";
  }

  /**
   * An exec'd process and a health check have the container's ulimits, OOM score and
   * capabilities, as Docker's exec (before, the shim's exec and checks had hoist's limits and
   * Docker's default capabilities whatever the container's).
   */
  @Test
  void execHasTheContainersLimitsOomScoreAndCapabilities() throws Exception {
    HostOptions host = new HostOptionsRequest(List.of(), List.of("ALL"), false, List.of(),
        List.of(), List.of("nofile=512:1024"), null, List.of(), 300, List.of(), null, null,
        null, null, null, null, null, 0, null, null, null, 0, 0, null, false, 0)
        .toHostOptions(NetworkMode.NONE, Resources.NONE);
    ContainerSpec spec = ContainerSpec.builder(List.of(lower), containerDir())
        .argv("sh", "-c", "echo ready; exec sleep 30").host(host).build();
    ContainerProcess main = runtime.start(spec, Stdio.pipes());
    try {
      assertEquals("ready\n", RuntimeBehaviourTest.readUntil(main.stdout(), "ready\n"));
      String probe = "ulimit -n; ulimit -Hn; cat /proc/self/oom_score_adj; "
          + "grep CapEff /proc/self/status";
      Result r = RuntimeBehaviourTest.collect(runtime.exec(spec, new ExecSpec(
          List.of("sh", "-c", probe), List.of("PATH=/bin"), "/", 0, 0, List.of(), false),
          Stdio.pipes()), spec);
      assertEquals(execNofileSoft() + "\n1024\n300\nCapEff:\t0000000000000000\n", r.out(),
          r.err());
      List<String> check = runtime.probeCommand(spec, new ExecSpec(List.of("sh", "-c", probe),
          List.of("PATH=/bin"), "/", 0, 0, List.of(), false));
      Process p = new ProcessBuilder(check).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertEquals(0, p.waitFor(), out);
      assertEquals(execNofileSoft() + "\n1024\n300\nCapEff:\t0000000000000000\n", out);
      // exec --privileged: every capability hoist holds, the seccomp filter stays (Docker's)
      Result privileged = RuntimeBehaviourTest.collect(runtime.exec(spec, new ExecSpec(
          List.of("sh", "-c", "grep -E '^(CapEff|Seccomp):' /proc/self/status"),
          List.of("PATH=/bin"), "/", 0, 0, List.of(), false, true), Stdio.pipes()), spec);
      String own = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))
          .stream().filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow();
      assertEquals(own + "\nSeccomp:\t2\n", privileged.out(), privileged.err());
    } finally {
      main.signal("KILL");
      main.waitFor(java.time.Duration.ofSeconds(20));
    }
  }

  /**
   * With --init, the init (PID 1) runs under the container's seccomp filter too, as Docker's
   * tini does; the command has the filter once.
   */
  @Test
  void initRunsUnderTheFilterToo() throws Exception {
    ContainerSpec spec = ContainerSpec.builder(List.of(lower), containerDir())
        .argv("sh", "-c", "grep -E '^Seccomp(_filters)?:' /proc/1/status /proc/self/status")
        .host(HostOptions.builder().init(true).build()).build();
    Result r = RuntimeBehaviourTest.collect(runtime.start(spec, Stdio.pipes()), spec);
    assertEquals(0, r.exit(), r.out() + r.err());
    List<String> l = RuntimeBehaviourTest.lines(r.out().replace("\t", " "));
    assertTrue(l.contains("/proc/1/status:Seccomp: 2"), "the init is filtered: " + r.out());
    assertTrue(l.contains("/proc/self/status:Seccomp: 2"), r.out());
    if (r.out().contains("Seccomp_filters")) {
      assertTrue(l.contains("/proc/self/status:Seccomp_filters: 1"), "loaded once: " + r.out());
    }
  }

  /** Docker always writes the container's score (0 unless --oom-score-adj), never its own. */
  @Test
  void oomScoreAdjIsZero() throws Exception {
    assertEquals(List.of("0"), root().get("oom"));
  }

  /**
   * Only Docker's nodes and links: no host device, no console without a terminal, {@code core}
   * only when the kernel has {@code /proc/kcore} (runc's rule).
   */
  @Test
  void devHoldsOnlyDockersNodes() throws Exception {
    String core = Files.exists(Path.of("/proc/kcore")) ? "core " : "";
    assertEquals(List.of(core + "fd full mqueue null ptmx pts random shm stderr stdin stdout tty "
        + "urandom zero"), List.of(String.join(" ", sortedWords(root().get("dev")))));
  }

  private static List<String> sortedWords(List<String> lines) {
    List<String> words = new ArrayList<>();
    lines.forEach(l -> words.addAll(List.of(l.trim().split("\\s+"))));
    words.sort(null);
    return words;
  }

  @Test
  void kernelFilesystemsHaveDockersMountOptions() throws Exception {
    Map<String, Mount> m = mounts(root());
    assertOptions(m, "/proc", "proc", "rw", "nosuid", "nodev", "noexec");
    assertOptions(m, "/sys", "sysfs", "ro", "nosuid", "nodev", "noexec");
    assertOptions(m, "/dev", "tmpfs", "rw", "nosuid");
    assertFalse(m.get("/dev").has("noexec"), "Docker's /dev allows exec: " + m.get("/dev"));
    assertTrue(m.get("/dev").superOptions().containsAll(List.of("size=65536k", "mode=755")),
        m.get("/dev").toString());
    assertOptions(m, "/dev/pts", "devpts", "rw", "nosuid", "noexec");
    assertTrue(m.get("/dev/pts").superOptions().containsAll(
        List.of("gid=5", "mode=620", "ptmxmode=666")), m.get("/dev/pts").toString());
    assertOptions(m, "/dev/shm", "tmpfs", "rw", "nosuid", "nodev", "noexec");
    assertTrue(m.get("/dev/shm").superOptions().contains("size=65536k"),
        m.get("/dev/shm").toString());
    assertOptions(m, "/dev/mqueue", "mqueue", "rw", "nosuid", "nodev", "noexec");
    for (Mount cg : m.values()) {
      if (cg.point().startsWith("/sys/fs/cgroup")) {
        assertTrue(cg.has("ro", "nosuid", "nodev", "noexec"), "read-only cgroup mount: " + cg);
      }
    }
    assertTrue(m.containsKey("/sys/fs/cgroup"), m.keySet().toString());
  }

  private static void assertOptions(Map<String, Mount> m, String point, String type,
      String... options) {
    Mount mount = m.get(point);
    assertNotNull(mount, point + " is not mounted: " + m.keySet());
    assertEquals(type, mount.type(), point + ": " + mount);
    assertTrue(mount.has(options), point + " wants " + List.of(options) + ": " + mount);
  }

  /** Each of Docker's masked and read-only paths the host's kernel has. */
  @Test
  void maskedAndReadOnlyPathsAreDockers() throws Exception {
    Map<String, Mount> m = mounts(root());
    for (String ro : OciBundle.READONLY) {
      if (Files.exists(Path.of(ro))) {
        assertOptions(m, ro, "proc", "ro", "nosuid", "nodev", "noexec");
      }
    }
    for (String masked : OciBundle.maskedPaths()) {
      if (Files.exists(Path.of(masked))) {
        assertTrue(m.containsKey(masked), masked + " masked: " + m.keySet());
        if (Files.isDirectory(Path.of(masked))) {
          assertOptions(m, masked, "tmpfs", "ro");
        }
      }
    }
    assertEquals(List.of(), root().get("writes"), "writes that must fail");
  }

  /** Nothing the container mounts reaches the host, nor the host's mounts the container. */
  @Test
  void noMountIsShared() throws Exception {
    for (Mount mount : mounts(root()).values()) {
      assertTrue(mount.optional().stream().noneMatch(o -> o.startsWith("shared:")),
          "propagation: " + mount);
    }
  }

  /** Docker's tmpfs mounts and /dev/shm are noexec; its /dev is not. */
  @Test
  void tmpfsMountsAreNoexecNosuidNodev() throws Exception {
    Map<String, Mount> m = mounts(root());
    assertOptions(m, "/scratch", "tmpfs", "rw", "nosuid", "nodev", "noexec");
    assertEquals(List.of("exec /dev"), root().get("exec"));
  }

  /** {@code --mount type=tmpfs,readonly}: read-only, and still Docker's other options. */
  @Test
  void aReadOnlyTmpfsIsMountedReadOnly() throws Exception {
    assertOptions(mounts(user()), "/frozen", "tmpfs", "ro", "nosuid", "nodev", "noexec");
  }

  /**
   * Docker sets {@code net.ipv4.ping_group_range=0 2147483647} and
   * {@code net.ipv4.ip_unprivileged_port_start=0} in a container's own network namespace.
   */
  @Test
  void networkSysctlsAreDockers() throws Exception {
    assertEquals(List.of("0\t2147483647", "0"), root().get("sysctl"));
  }

  @Test
  void pidsCgroupHasNoLimitByDefault() throws Exception {
    assertEquals(List.of("max"), root().get("pids"));
  }

  /** With a terminal (-t), /dev/console is the container's pty (major 136), as runc binds it. */
  @Test
  void terminalIsAlsoTheConsole() throws Exception {
    ContainerSpec spec = ContainerSpec.builder(List.of(lower), containerDir())
        .argv("sh", "-c", "stat -c '%t %F' /dev/console; tty").tty(true).build();
    Result r = RuntimeBehaviourTest.collect(runtime.start(spec, Stdio.pipes()), spec);
    assertEquals(0, r.exit(), r.out() + r.err());
    List<String> l = RuntimeBehaviourTest.lines(r.out().replace("\r", ""));
    assertEquals("88 character special file", l.get(0), r.out());
    assertTrue(l.get(1).startsWith("/dev/pts/"), r.out());
  }

  /** With --read-only, /dev and /dev/shm stay writable, as Docker's. */
  @Test
  void readOnlyRootKeepsDevWritable() throws Exception {
    Map<String, List<String>> p = user();
    assertEquals(List.of("w"), p.get(""), "only /dev/shm/w written: " + p.get(""));
    assertEquals(List.of(), p.get("writes"), "writes that must fail");
    assertOptions(mounts(p), "/", "overlay", "ro");
  }
}
