package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.runtime.seccomp.SeccompOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Docker's rules for the confinement flags ({@link HostOptions}) and their errors. */
class HostOptionParsingTest {
  @Test
  void capabilitiesFollowDockersAddAndDropRules() {
    assertEquals(OciBundle.DEFAULT_CAPS, Capabilities.of(List.of(), List.of(), false));
    List<String> noRaw = new ArrayList<>(OciBundle.DEFAULT_CAPS);
    noRaw.remove("CAP_NET_RAW");
    noRaw.add("CAP_NET_ADMIN");
    assertEquals(noRaw, Capabilities.of(List.of("net_admin"), List.of("CAP_NET_RAW"), false),
        "names with or without CAP_, in any case");
    assertEquals(List.of("CAP_CHOWN"), Capabilities.of(List.of("CHOWN"), List.of("all"), false));
    assertEquals(List.of(), Capabilities.of(List.of(), List.of("ALL"), false));
    List<String> all = Capabilities.all();
    assertTrue(all.containsAll(OciBundle.DEFAULT_CAPS));
    assertEquals(all, Capabilities.of(List.of(), List.of(), true));
    List<String> allButAdmin = new ArrayList<>(all);
    allButAdmin.remove("CAP_SYS_ADMIN");
    assertEquals(allButAdmin, Capabilities.of(List.of("ALL"), List.of("SYS_ADMIN"), false));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Capabilities.of(List.of("CAP_FLY"), List.of(), false));
    assertEquals("unknown capability: \"CAP_FLY\"", unknown.getMessage());
    assertEquals("a80425fb", Capabilities.mask(OciBundle.DEFAULT_CAPS));
  }

  @Test
  void aCapabilityHoistDoesNotHoldIsRefusedByName() {
    List<String> missing = new ArrayList<>(Capabilities.NAMES);
    missing.removeAll(Capabilities.all());
    org.junit.jupiter.api.Assumptions.assumeFalse(missing.isEmpty(),
        "hoist holds every capability here: nothing to refuse");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Capabilities.of(List.of(missing.get(0)), List.of(), false));
    assertTrue(e.getMessage().contains(missing.get(0) + ": hoist itself does not hold"),
        e.getMessage());
  }

  @Test
  void ulimitsParseAsDockersAndStayWithinHoistsOwnHardLimit() throws Exception {
    assertEquals(new Ulimit("nofile", 100, 200), Ulimit.parse("nofile=100:200"));
    assertEquals(new Ulimit("nproc", 50, 50), Ulimit.parse("nproc=50"));
    assertEquals(new Ulimit("core", -1, -1), Ulimit.parse("core=-1"));
    assertEquals("7 100 200", Ulimit.parse("nofile=100:200").record());
    assertEquals("invalid ulimit type: files",
        assertThrows(IllegalArgumentException.class, () -> Ulimit.parse("files=1")).getMessage());
    assertEquals("ulimit soft limit must be less than or equal to hard limit: 200 > 100",
        assertThrows(IllegalArgumentException.class, () -> Ulimit.parse("nofile=200:100"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Ulimit.parse("nofile"));
    assertThrows(IllegalArgumentException.class, () -> Ulimit.parse("nofile=a"));
    long own = Ulimit.ownHardLimit(7, Files.readAllLines(Path.of("/proc/self/limits")));
    org.junit.jupiter.api.Assumptions.assumeTrue(own != -1, "nofile is unlimited here");
    Ulimit.parse("nofile=" + own).checkWithin();
    IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
        () -> Ulimit.parse("nofile=10:" + (own + 1)).checkWithin());
    assertTrue(above.getMessage().contains("above hoist's own (" + own + ")"),
        above.getMessage());
  }

  @Test
  void onlyNamespacedSysctlsAreAllowed() {
    assertEquals(Map.of("net.ipv4.ip_forward", "1", "kernel.shmmax", "1000",
        "fs.mqueue.msg_max", "20"), Sysctls.parse(List.of("net.ipv4.ip_forward=1",
        "kernel.shmmax=1000", "fs.mqueue.msg_max=20"), NetworkMode.NONE));
    IllegalArgumentException hostname = assertThrows(IllegalArgumentException.class,
        () -> Sysctls.parse(List.of("kernel.hostname=x"), NetworkMode.NONE));
    assertTrue(hostname.getMessage().startsWith("sysctl 'kernel.hostname' is not allowed"),
        hostname.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Sysctls.parse(List.of("vm.swappiness=1"), NetworkMode.BRIDGE));
    assertEquals("sysctl 'net.ipv4.ip_forward' is not allowed in host network namespace",
        assertThrows(IllegalArgumentException.class, () -> Sysctls.parse(
            List.of("net.ipv4.ip_forward=1"), NetworkMode.HOST)).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Sysctls.parse(List.of("net.ipv4/../../x=1"), NetworkMode.NONE),
        "nothing but a sysctl name reaches /proc/sys");
    assertEquals("net/ipv4/ip_forward", Sysctls.path("net.ipv4.ip_forward"));
  }

  @Test
  void deviceTakesDockersThreeForms() {
    assertEquals(new DeviceMapping("/dev/fuse", "/dev/fuse", "rwm"),
        DeviceMapping.parse("/dev/fuse"));
    assertEquals(new DeviceMapping("/dev/null", "/dev/mynull", "rwm"),
        DeviceMapping.parse("/dev/null:/dev/mynull"));
    assertEquals(new DeviceMapping("/dev/null", "/dev/null", "r"),
        DeviceMapping.parse("/dev/null:r"));
    assertEquals(new DeviceMapping("/dev/null", "/x", "rw"),
        DeviceMapping.parse("/dev/null:/x:rw"));
    assertThrows(IllegalArgumentException.class, () -> DeviceMapping.parse("/dev/null:/x:rx"));
    assertThrows(IllegalArgumentException.class, () -> DeviceMapping.parse("null"));
    assertThrows(IllegalArgumentException.class, () -> DeviceMapping.parse("/dev/null:x"));
  }

  @Test
  void securityOptionsAreDockersAndTheRestIsRefused() {
    assertTrue(SecurityOptions.noNewPrivileges(List.of()));
    assertTrue(SecurityOptions.noNewPrivileges(List.of("no-new-privileges")));
    assertFalse(SecurityOptions.noNewPrivileges(List.of("no-new-privileges=false")));
    assertFalse(SecurityOptions.noNewPrivileges(List.of("no-new-privileges:false")));
    assertEquals(SeccompOption.UNCONFINED, SecurityOptions.seccomp(List.of(
        "seccomp=unconfined", "label=disable", "apparmor=unconfined", "no-new-privileges=false")));
    assertThrows(IllegalArgumentException.class,
        () -> SecurityOptions.seccomp(List.of("no-new-privileges=maybe")));
    IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> SecurityOptions.seccomp(List.of("label=type:svirt_t")));
    assertTrue(label.getMessage().contains("no SELinux label"), label.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> SecurityOptions.seccomp(List.of("apparmor=docker-default")));
    assertThrows(IllegalArgumentException.class,
        () -> SecurityOptions.seccomp(List.of("systempaths=unconfined")));
  }

  @Test
  void otherValuesAreCheckedWhenTheOptionsAreMade() {
    assertThrows(IllegalArgumentException.class,
        () -> HostOptions.builder().oomScoreAdj(1001).build());
    assertThrows(IllegalArgumentException.class,
        () -> HostOptions.builder().stopSignal("SIG TERM").build());
    assertEquals(HostOptions.DEFAULT_SHM_BYTES, HostOptions.DEFAULT.shmBytes());
    assertEquals(java.time.Duration.ofSeconds(10), HostOptions.DEFAULT.stopWait());
    assertEquals(java.time.Duration.ofSeconds(3), HostOptions.builder().stopTimeout(3).build()
        .stopWait());
  }

  @Test
  void resourceExtrasAreCheckedAsDockersDaemonDoes() {
    Resources memory = new Resources(64L << 20, 0, 0);
    assertEquals("You should always set the Memory limit when using Memoryswap limit",
        assertThrows(IllegalArgumentException.class, () -> new ResourceExtras(100L << 20, 0,
            null, null).checkedWith(Resources.NONE)).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new ResourceExtras(32L << 20, 0, null, null).checkedWith(memory));
    new ResourceExtras(-1, 0, null, null).checkedWith(memory);
    assertEquals(64L << 20, ResourceExtras.NONE.memsw(64L << 20), "no swap by default");
    assertThrows(IllegalArgumentException.class, () -> new ResourceExtras(0, 0, "0-", null));
    assertThrows(IllegalArgumentException.class, () -> new ResourceExtras(0, 0, null, "a"));
    assertEquals(1, new ResourceExtras(0, 2, null, null).cpuWeight());
    assertEquals(10000, new ResourceExtras(0, 262144, null, null).cpuWeight());
  }

  /**
   * {@code --cpu-period}, {@code --cpu-quota}, {@code --memory-reservation},
   * {@code --blkio-weight} and {@code --domainname} are refused in Docker's words, through the
   * request every adapter (CLI, Engine API, compose) makes; {@code --cpus} stands for the period
   * and quota it sets.
   */
  @Test
  void cpuQuotaReservationBlkioWeightAndDomainnameAreRefusedInDockersWords() {
    assertEquals("CPU cfs quota can not be less than 1ms (i.e. 1000)", refused(0, 999, null, 0,
        Resources.NONE));
    assertEquals("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s "
        + "(i.e. 1000000)", refused(999, 0, null, 0, Resources.NONE));
    assertEquals("Conflicting options: Nano CPUs and CPU Period cannot both be set",
        refused(50_000, 0, null, 0, new Resources(0, 500_000_000, 0)));
    assertEquals("Conflicting options: Nano CPUs and CPU Quota cannot both be set",
        refused(0, 50_000, null, 0, new Resources(0, 500_000_000, 0)));
    assertEquals("Minimum memory limit can not be less than memory reservation limit, see usage",
        refused(0, 0, "128m", 0, new Resources(64L << 20, 0, 0)));
    assertEquals("Minimum memory reservation allowed is 6MB", refused(0, 0, "1m", 0,
        Resources.NONE));
    assertEquals("Range of blkio weight is from 10 to 1000", refused(0, 0, null, 5,
        Resources.NONE));
    ResourceExtras x = request(50_000, 25_000, "32m", 500).toHostOptions(NetworkMode.NONE,
        new Resources(64L << 20, 0, 0)).extras();
    assertEquals(List.of(50_000L, 25_000L, 32L << 20, 500L), List.of(x.cfsPeriodUs(),
        x.cfsQuotaUs(Resources.NONE), x.memoryReservationBytes(), x.blkioWeight()));
    Resources cpus = new Resources(0, 1_500_000_000, 0);
    assertEquals(List.of(100_000L, 150_000L), List.of(ResourceExtras.NONE.cfsPeriodUs(),
        ResourceExtras.NONE.cfsQuotaUs(cpus)), "--cpus: its quota over 100 ms");
    assertEquals(-1, new ResourceExtras(0, 0, null, null, 20_000, 0, 0, false, 0)
        .cfsQuotaUs(Resources.NONE), "a period alone: no quota");
    assertEquals(1, new ResourceExtras(0, 0, null, null, 0, 0, 0, true, 0)
        .warnings(Resources.NONE).size(), "Docker warns of --oom-kill-disable without -m");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RunOptions.builder("x")
        .domainname("a".repeat(65)).build()).getMessage().startsWith("invalid --domainname"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RunOptions.builder("x")
        .domainname("example.org").host(HostOptions.builder().namespaces(new NamespaceModes(
            null, null, "host")).build()).build()).getMessage().startsWith(
        "Conflicting options: domainname and the UTS mode"));
  }

  private static HostOptionsRequest request(long period, long quota, String reservation,
      long blkio) {
    return new HostOptionsRequest(null, null, false, null, null, null, null, null, 0, null,
        null, null, null, null, null, null, null, 0, null, null, null, period, quota,
        reservation, false, blkio);
  }

  private static String refused(long period, long quota, String reservation, long blkio,
      Resources resources) {
    return assertThrows(IllegalArgumentException.class, () -> request(period, quota,
        reservation, blkio).toHostOptions(NetworkMode.NONE, resources)).getMessage();
  }
}
