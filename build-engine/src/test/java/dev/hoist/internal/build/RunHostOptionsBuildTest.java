package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docker build --add-host/--shm-size/--ulimit/--memory/--cpuset-cpus} (root, the real
 * shim): a RUN step sees the entries in its {@code /etc/hosts} ({@code host-gateway} as the
 * bridge's address), its {@code /dev/shm} of that size, the rlimit and its cgroup's limits; the
 * step's key holds what BuildKit's holds (the host names, not their addresses; the ulimits and
 * the shm size; not the cgroup limits).
 */
class RunHostOptionsBuildTest extends BusyboxBuildTest {
  private static final String STEP = "RUN /bin/sh -c cat /etc/hosts";

  private static RunHostOptions options(String db, String nofile, String memory) {
    return RunHostOptions.of(List.of("db:" + db, "gw:host-gateway"), "96m",
        List.of("nofile=" + nofile), memory, null, 0, "0", null);
  }

  @Test
  void runStepsSeeTheFlagsAndOnlyWhatBuildKitKeysMakesThemMiss() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\n"
        + "RUN cat /etc/hosts; grep ' /dev/shm ' /proc/mounts; "
        + "grep 'Max open files' /proc/self/limits; "
        + "cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes "
        + "/sys/fs/cgroup/cpuset.cpus /sys/fs/cgroup/cpuset/cpuset.cpus 2>/dev/null; true\n");
    BuildFixture.Built first = f.build(b -> b.runHost(options("10.0.0.5", "512:1000", "64m")));
    List<String> out = first.progress().output;
    assertTrue(out.contains("10.0.0.5\tdb"), out.toString());
    assertTrue(out.stream().anyMatch(l -> l.matches("\\d+\\.\\d+\\.\\d+\\.\\d+\tgw")),
        "host-gateway is the bridge's address: " + out);
    assertTrue(out.stream().anyMatch(l -> l.contains(" /dev/shm ")
        && l.contains("size=98304k")), out.toString());
    assertTrue(out.stream().anyMatch(
        l -> l.matches("Max open files\\s+512\\s+1000\\s+files\\s*")), out.toString());
    assertTrue(out.contains(Long.toString(64L << 20)), "the memory limit: " + out);
    assertTrue(out.contains("0"), "the cpuset: " + out);

    // another address for the same name, another memory limit: BuildKit's key holds neither
    BuildFixture.Built moved = f.build(b -> b.runHost(options("10.0.0.6", "512:1000", "32m")));
    assertTrue(moved.progress().cached(STEP), moved.progress().reason(STEP));

    BuildFixture.Built lower = f.build(b -> b.runHost(options("10.0.0.6", "256:1000", "32m")));
    assertFalse(lower.progress().cached(STEP), "another ulimit: another key");
    String why = lower.progress().reason(STEP);
    assertTrue(why.contains("RUN options changed (--ulimit=nofile=512:1000 -> "
        + "--ulimit=nofile=256:1000)"), why);
    assertTrue(lower.progress().output.stream().anyMatch(
        l -> l.matches("Max open files\\s+256\\s+1000\\s+files\\s*")), lower.progress().output
        .toString());

    BuildFixture.Built renamed = f.build(b -> b.runHost(RunHostOptions.of(
        List.of("cache:10.0.0.6", "gw:host-gateway"), "96m", List.of("nofile=256:1000"), null,
        null, 0, null, null)));
    assertFalse(renamed.progress().cached(STEP), "another host name: another key");
    why = renamed.progress().reason(STEP);
    assertTrue(why.contains("(--add-host=db -> --add-host=cache)"), why);
  }
}
