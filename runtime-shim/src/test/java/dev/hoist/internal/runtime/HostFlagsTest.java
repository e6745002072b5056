package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.runtime.RuntimeBehaviourTest.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code run} flags that loosen or tune the confinement ({@link HostOptions}), on real
 * containers: each one does what Docker's does, and only that (root only; skipped otherwise).
 * One concrete subclass per runtime.
 */
abstract class HostFlagsTest extends RuntimeFixture {
  static final HostOptions D = HostOptions.DEFAULT;

  static HostOptions caps(List<String> add, List<String> drop) {
    return HostOptions.builder().capAdd(add).capDrop(drop).build();
  }

  ContainerSpec.Builder spec(String script, HostOptions host) {
    return ContainerSpec.builder(List.of(lower), containerDir()).argv("sh", "-c", script)
        .host(host);
  }

  Result run(String script, HostOptions host) throws Exception {
    ContainerSpec spec = spec(script, host).build();
    return RuntimeBehaviourTest.collect(runtime.start(spec, Stdio.pipes()), spec);
  }

  static String status(Result r, String field) {
    return r.out().lines().filter(l -> l.startsWith(field + ":")).findFirst()
        .map(l -> l.substring(field.length() + 1).trim()).orElse("(no " + field + ")");
  }

  static String hex(List<String> caps) {
    return String.format("%016x", Long.parseUnsignedLong(Capabilities.mask(caps), 16));
  }

  @Test
  void capDropNetRawMakesRawSocketsFail() throws Exception {
    String ping = "ping -c 1 -W 1 127.0.0.1 >/dev/null 2>/tmp/e && echo sent || cat /tmp/e";
    Result allowed = run(ping, D);
    assertEquals("sent", allowed.out().trim(), "Docker's default set has NET_RAW: " + allowed);
    Result dropped = run(ping + "; grep CapEff /proc/self/status", caps(List.of(),
        List.of("net_raw")));
    assertTrue(dropped.out().contains("ermission denied"), dropped.out());
    assertEquals(hex(Capabilities.of(List.of(), List.of("NET_RAW"), false)),
        status(dropped, "CapEff"));
  }

  @Test
  void capAddSysAdminAllowsAMountThatFailsWithout() throws Exception {
    String mount = "mkdir -p /mnt/t && mount -t tmpfs none /mnt/t 2>&1 && echo mounted";
    Result without = run(mount, D);
    assertFalse(without.out().contains("mounted"), without.out());
    Result with = run(mount, caps(List.of("CAP_SYS_ADMIN"), List.of()));
    // the capability and the seccomp profile's CAP_SYS_ADMIN rules both let it through
    assertTrue(with.out().contains("mounted"), with.out() + with.err());
  }

  @Test
  void capDropAllKeepsOnlyWhatIsAdded() throws Exception {
    Result r = run("grep -E '^Cap(Eff|Prm|Bnd)' /proc/self/status",
        caps(List.of("chown", "KILL"), List.of("ALL")));
    assertEquals(0, r.exit(), r.err());
    String expected = hex(List.of("CAP_CHOWN", "CAP_KILL"));
    assertEquals(expected, status(r, "CapEff"));
    assertEquals(expected, status(r, "CapPrm"));
    assertEquals(expected, status(r, "CapBnd"), "the bounding set too: nothing to regain");
    Result all = run("grep CapEff /proc/self/status", caps(List.of("ALL"), List.of("SYS_ADMIN")));
    List<String> expectedAll = new java.util.ArrayList<>(Capabilities.all());
    expectedAll.remove("CAP_SYS_ADMIN");
    assertEquals(hex(expectedAll), status(all, "CapEff"));
  }

  @Test
  void execGetsTheContainersCapabilities() throws Exception {
    ContainerSpec spec = spec("echo ready; exec sleep 30",
        caps(List.of("NET_ADMIN"), List.of("CHOWN"))).build();
    ContainerProcess main = runtime.start(spec, Stdio.pipes());
    try {
      assertEquals("ready\n", RuntimeBehaviourTest.readUntil(main.stdout(), "ready\n"));
      Result r = RuntimeBehaviourTest.collect(runtime.exec(spec, new ExecSpec(
          List.of("grep", "-E", "^Cap(Eff|Bnd)", "/proc/self/status"), List.of("PATH=/bin"), "/",
          0, 0, List.of(), false), Stdio.pipes()), spec);
      String expected = hex(Capabilities.of(List.of("NET_ADMIN"), List.of("CHOWN"), false));
      assertEquals(expected, status(r, "CapEff"), r.out());
      assertEquals(expected, status(r, "CapBnd"), r.out());
    } finally {
      main.signal("KILL");
      main.waitFor(Duration.ofSeconds(20));
    }
  }

  @Test
  void noNewPrivilegesIsOnByDefaultAndOffOnlyWhenAsked() throws Exception {
    String probe = "grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status";
    Result on = run(probe, D);
    assertEquals("1", status(on, "NoNewPrivs"));
    assertEquals("2", status(on, "Seccomp"), "filtered");
    Result off = run(probe, HostOptions.builder().noNewPrivileges(false).build());
    assertEquals(0, off.exit(), off.err());
    assertEquals("0", status(off, "NoNewPrivs"));
    assertEquals("2", status(off, "Seccomp"), "still filtered without no_new_privs");
  }

  @Test
  void privilegedHasEveryCapabilityNoFilterNoMaskAndTheHostsDevices() throws Exception {
    HostOptions privileged = HostOptions.builder().privileged(true).build();
    String probe = "grep -E '^(CapEff|Seccomp):' /proc/self/status; "
        + "grep -c -E ' /proc/(sys|kcore|keys) ' /proc/mounts; "
        + "grep -E ' /sys sysfs ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1; "
        + "test -c /dev/loop-control && echo host-devices";
    Result p = run(probe, privileged);
    assertEquals(0, p.exit(), p.err());
    assertEquals(hex(Capabilities.all()), status(p, "CapEff"));
    assertEquals("0", status(p, "Seccomp"));
    List<String> lines = p.out().lines().toList();
    assertEquals("0", lines.get(2), "nothing masked or read-only in /proc: " + p.out());
    assertEquals("rw", lines.get(3), "/sys writable");
    assertEquals("host-devices", lines.get(4));
    Result d = run(probe, D);
    List<String> confined = d.out().lines().toList();
    assertTrue(Integer.parseInt(confined.get(2)) >= 2, "masked and read-only: " + d.out());
    assertEquals("ro", confined.get(3));
    assertEquals(4, confined.size(), "no host devices: " + d.out());
  }

  @Test
  void ulimitShowsInsideAndReachesExecs() throws Exception {
    HostOptions host = HostOptions.builder().ulimits(
        List.of(Ulimit.parse("nofile=100:100"), Ulimit.parse("nproc=50:60"))).build();
    Result r = run("ulimit -n; ulimit -Hn; ulimit -u; ulimit -Hu", host);
    assertEquals(List.of("100", "100", "50", "60"), r.out().lines().toList(), r.err());
  }

  @Test
  void namespacedSysctlsAreSetInTheContainersNamespacesOnly() throws Exception {
    String hostForward = sysctl("net/ipv4/ip_forward");
    String hostShmmni = sysctl("kernel/shmmni");
    HostOptions host = HostOptions.builder().sysctls(Sysctls.parse(
        List.of("net.ipv4.ip_forward=1", "kernel.shmmni=1234"), NetworkMode.NONE)).build();
    Result r = run("cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmni", host);
    assertEquals(List.of("1", "1234"), r.out().lines().toList(), r.err());
    assertEquals(hostForward, sysctl("net/ipv4/ip_forward"), "the host's unchanged");
    assertEquals(hostShmmni, sysctl("kernel/shmmni"));
  }

  /** (Files.readString reads a /proc/sys file only in part.) */
  private static String sysctl(String path) throws java.io.IOException {
    return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys", path)).get(0)
        .trim();
  }

  @Test
  void shmSizeShowsInDf() throws Exception {
    HostOptions host = HostOptions.builder().shmSizeBytes(ResourceUnits.bytes("128m")).build();
    Result r = run("df -k /dev/shm | tail -1", host);
    assertEquals("131072", r.out().trim().split("\\s+")[1], r.out());
    Result d = run("df -k /dev/shm | tail -1", D);
    assertEquals("65536", d.out().trim().split("\\s+")[1], d.out());
  }

  @Test
  void oomScoreAdjIsInheritedByTheProcess() throws Exception {
    HostOptions host = HostOptions.builder().oomScoreAdj(500).build();
    assertEquals("500", run("cat /proc/self/oom_score_adj", host).out().trim());
  }

  @Test
  void deviceAppearsUnderItsContainerPath() throws Exception {
    HostOptions host = HostOptions.builder()
        .devices(List.of(DeviceMapping.parse("/dev/null:/dev/mynull"))).build();
    Result r = run("ls -l /dev/mynull | cut -c1; echo hi > /dev/mynull && cat /dev/mynull "
        + "&& echo writable", host);
    assertEquals(List.of("c", "writable"), r.out().lines().toList(), r.err());
  }

  @Test
  void deviceGivesAccessToThatHostDeviceOnlyWithItsPermissions() throws Exception {
    try (HostBlockDevice disk = HostBlockDevice.attach(tmp)) {
      String read = "head -c 29 /dev/disk 2>&1; echo; echo x > /dev/disk 2>&1 || echo no-write";
      HostOptions readOnly = HostOptions.builder()
          .devices(List.of(DeviceMapping.parse(disk.device() + ":/dev/disk:r"))).build();
      Result r = run(read, readOnly);
      assertTrue(r.out().startsWith(HostBlockDevice.SECRET), r.out());
      assertTrue(r.out().contains("no-write"), "granted r only: " + r.out());
      Result none = run("mknod /dev/disk b " + disk.numbers() + "; " + read, D);
      assertFalse(none.out().contains(HostBlockDevice.SECRET), none.out());
    }
  }

  static HostOptions namespaces(String pid, String ipc, String uts) {
    return HostOptions.builder().namespaces(new NamespaceModes(pid, ipc, uts)).build();
  }

  static String hostLink(String path) throws java.io.IOException {
    return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of(path)).toString();
  }

  @Test
  void hostNamespacesAreTheHostsOwn() throws Exception {
    String probe = "for n in pid ipc uts; do readlink /proc/self/ns/$n; done; hostname; "
        + "test -e /proc/" + ProcessHandle.current().pid() + " && echo sees-hoist";
    Result shared = run(probe, namespaces("host", "host", "host"));
    assertEquals(List.of(hostLink("/proc/self/ns/pid"), hostLink("/proc/self/ns/ipc"),
        hostLink("/proc/self/ns/uts"), java.nio.file.Files.readAllLines(
            java.nio.file.Path.of("/proc/sys/kernel/hostname")).get(0), "sees-hoist"),
        shared.out().lines().toList(), shared.err());
    Result own = run(probe, D);
    List<String> lines = own.out().lines().toList();
    assertFalse(lines.contains(hostLink("/proc/self/ns/pid")), own.out());
    assertFalse(lines.contains(hostLink("/proc/self/ns/ipc")), own.out());
    assertFalse(lines.contains(hostLink("/proc/self/ns/uts")), own.out());
    assertFalse(lines.contains("sees-hoist"), own.out());
  }

  @Test
  void withTheHostsPidNamespaceNothingIsLeftBehind() throws Exception {
    String marker = "3" + (System.nanoTime() % 1000 + 1000); // an unusual sleep
    Result r = run("sleep " + marker + " & echo started", namespaces("host", "", ""));
    assertEquals("started", r.out().trim(), r.err());
    List<String> left = new java.util.ArrayList<>();
    try (var procs = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc"),
        "[0-9]*")) {
      for (java.nio.file.Path p : procs) {
        try {
          String cmd = java.nio.file.Files.readString(p.resolve("cmdline")).replace('\0', ' ');
          if (cmd.contains("sleep " + marker)) {
            left.add(p.getFileName() + ": " + cmd);
          }
        } catch (java.io.IOException gone) {
          // ended meanwhile
        }
      }
    }
    assertEquals(List.of(), left, "the orphaned sleep was killed with the container");
  }

  @Test
  void pidAndIpcOfAnotherContainerAreJoined() throws Exception {
    ContainerSpec first = spec("readlink /proc/self/ns/ipc; echo ready; exec sleep 30", D)
        .build();
    ContainerProcess main = runtime.start(first, Stdio.pipes());
    try {
      String ipc = RuntimeBehaviourTest.readUntil(main.stdout(), "ready\n").lines().findFirst()
          .orElseThrow();
      String joined = "container:" + first.containerDir().getFileName();
      String probe = "ps -o args | grep -c '^sleep 30'; readlink /proc/self/ns/ipc";
      Result r = run(probe, namespaces(joined, joined, ""));
      assertEquals(List.of("1", ipc), r.out().lines().toList(), r.err());
      Result apart = run(probe, D);
      assertEquals("0", apart.out().lines().findFirst().orElseThrow(), apart.out());
      assertFalse(apart.out().contains(ipc), apart.out());
    } finally {
      main.signal("KILL");
      main.waitFor(Duration.ofSeconds(20));
    }
  }

  @Test
  void ipcNoneHasNoShm() throws Exception {
    Result r = run("grep -c ' /dev/shm ' /proc/mounts", namespaces("", "none", ""));
    assertEquals("0", r.out().trim(), r.err());
    assertEquals("1", run("grep -c ' /dev/shm ' /proc/mounts", D).out().trim());
  }

  @Test
  void cpuSharesCpusetAndMemorySwapReachTheCgroup() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isDirectory(java.nio.file.Path.of("/sys/fs/cgroup/cpuset")),
        "no cgroup v1 cpuset hierarchy (the v2 files are written from runc's rules): skipped");
    HostOptions host = HostOptions.builder()
        .extras(new ResourceExtras(96L << 20, 512, "0", "0")).build();
    ContainerSpec spec = spec("cat /sys/fs/cgroup/cpu/cpu.shares /sys/fs/cgroup/cpuset/cpuset.cpus "
        + "/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes; nproc; "
        + "grep Cpus_allowed_list /proc/self/status", host)
        .resources(new Resources(64L << 20, 0, 0)).build();
    Result r = RuntimeBehaviourTest.collect(runtime.start(spec, Stdio.pipes()), spec);
    assertEquals(List.of("512", "0", Long.toString(96L << 20), "1", "Cpus_allowed_list:\t0"),
        r.out().lines().toList(), r.err());
  }

  /**
   * {@code --cpu-period}/{@code --cpu-quota}, {@code --memory-reservation},
   * {@code --oom-kill-disable} and {@code --domainname}, read back inside the container; then
   * {@code --blkio-weight}: its value where the host has a weight file, else refused before the
   * container starts, naming the files it lacks.
   */
  @Test
  void cpuQuotaReservationOomControlDomainnameAndBlkioWeightReachTheContainer()
      throws Exception {
    java.nio.file.Path blkio = java.nio.file.Path.of("/sys/fs/cgroup/blkio");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(blkio)
        && java.nio.file.Files.exists(java.nio.file.Path.of(
            "/sys/fs/cgroup/memory/memory.oom_control")),
        "no cgroup v1 memory and blkio hierarchies (the v1 files read here): skipped");
    HostOptions host = HostOptions.builder().extras(new ResourceExtras(0, 0, null, null, 50_000,
        25_000, 32L << 20, true, 0)).build();
    ContainerSpec spec = spec("cd /sys/fs/cgroup; cat cpu/cpu.cfs_period_us cpu/cpu.cfs_quota_us "
        + "memory/memory.soft_limit_in_bytes; grep oom_kill_disable memory/memory.oom_control; "
        + "cat /proc/sys/kernel/domainname", host).resources(new Resources(64L << 20, 0, 0))
        .domainname("example.org").build();
    Result r = RuntimeBehaviourTest.collect(runtime.start(spec, Stdio.pipes()), spec);
    assertEquals(List.of("50000", "25000", Long.toString(32L << 20), "oom_kill_disable 1",
        "example.org"), r.out().lines().toList(), r.err());

    ContainerSpec weighed = spec("cat /sys/fs/cgroup/blkio/blkio*weight", HostOptions.builder()
        .extras(new ResourceExtras(0, 0, null, null, 0, 0, 0, false, 500)).build()).build();
    boolean weighs = java.nio.file.Files.exists(blkio.resolve("blkio.weight"))
        || java.nio.file.Files.exists(blkio.resolve("blkio.bfq.weight"));
    if (weighs) {
      Result w = RuntimeBehaviourTest.collect(runtime.start(weighed, Stdio.pipes()), weighed);
      assertTrue(w.out().lines().anyMatch(l -> l.trim().equals("500")), w.out() + w.err());
    } else {
      java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(
          java.io.IOException.class, () -> runtime.start(weighed, Stdio.pipes()));
      assertTrue(refused.getMessage().contains("--blkio-weight: this host's blkio cgroup has "
          + "neither blkio.weight nor blkio.bfq.weight"), refused.getMessage());
    }
  }
}
