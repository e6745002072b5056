package dev.hoist.cli;

import static dev.hoist.cli.ContainerCommandsTest.WAIT_A_MINUTE;
import static dev.hoist.cli.ContainerCommandsTest.awaitLog;
import static dev.hoist.cli.ContainerCommandsTest.hoist;
import static dev.hoist.cli.ContainerCommandsTest.inspect;
import static dev.hoist.cli.ContainerCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cli.ContainerCommandsTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confinement and stop flags of {@code run}/{@code create} through the CLI, on real
 * containers (root and busybox-static; skipped otherwise): what reaches the container, what is
 * refused, what {@code inspect} shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunFlagsCommandTest {
  @TempDir static Path dir;

  @BeforeAll
  void setUp() throws Exception {
    CliHome.withShImage(dir, "busybox:flags");
  }

  @AfterAll
  void tearDown() {
    CliHome.release();
  }

  @Test
  void flagsReachTheContainerAndInspectShowsThemInDockersFields() throws Exception {
    Result r = ok("run", "--name", "flagged", "--cap-drop", "NET_RAW", "--cap-add", "sys_admin",
        "--ulimit", "nofile=100:100", "--shm-size", "128m", "--sysctl", "net.ipv4.ip_forward=1",
        "--oom-score-adj", "300", "--group-add", "1234", "--stop-timeout", "3",
        "--security-opt", "no-new-privileges=false", "--security-opt", "label=disable",
        "busybox:flags", "sh", "-c", "ulimit -n; df -k /dev/shm | tail -1 | awk '{print $2}'; "
            + "cat /proc/sys/net/ipv4/ip_forward /proc/self/oom_score_adj; id -G; "
            + "grep NoNewPrivs /proc/self/status");
    assertEquals(List.of("100", "131072", "1", "300", "0 1234", "NoNewPrivs:\t0"),
        r.out().lines().toList(), r.all());
    JsonNode c = inspect("flagged");
    JsonNode h = c.path("HostConfig");
    assertEquals("[\"NET_RAW\"]", h.path("CapDrop").toString());
    assertEquals("[\"sys_admin\"]", h.path("CapAdd").toString());
    assertEquals("[\"1234\"]", h.path("GroupAdd").toString());
    JsonNode ulimit = h.path("Ulimits").get(0);
    assertEquals("nofile", ulimit.path("Name").asText(), h.toString());
    assertEquals(100, ulimit.path("Hard").asLong());
    assertEquals(100, ulimit.path("Soft").asLong());
    assertEquals(134217728, h.path("ShmSize").asLong());
    assertEquals("{\"net.ipv4.ip_forward\":\"1\"}", h.path("Sysctls").toString());
    assertEquals(300, h.path("OomScoreAdj").asInt());
    assertFalse(h.path("Privileged").asBoolean());
    assertEquals("[\"no-new-privileges=false\"]", h.path("SecurityOpt").toString());
    assertEquals(3, c.path("Config").path("StopTimeout").asInt());
    assertEquals("private", h.path("IpcMode").asText());
    assertEquals("", h.path("PidMode").asText());
    ok("rm", "flagged");
  }

  @Test
  void pidOfAnotherContainerByNameIsJoinedAndShownByItsId() throws Exception {
    String id = ok("run", "-d", "--name", "pidtarget", "busybox:flags", "sh", "-c",
        "echo ready; " + WAIT_A_MINUTE).out().trim();
    awaitLog("pidtarget", "ready");
    Result r = ok("run", "--rm", "--pid", "container:pidtarget", "--ipc", "host", "--uts", "host",
        "busybox:flags", "sh", "-c", "ps -o args | grep -c '^sh -c echo ready'");
    assertEquals("1", r.out().trim(), r.all());
    ok("create", "--name", "joiner", "--pid", "container:pidtarget", "--uts", "host",
        "busybox:flags", "true");
    JsonNode h = inspect("joiner").path("HostConfig");
    assertEquals("container:" + id, h.path("PidMode").asText());
    assertEquals("host", h.path("UTSMode").asText());
    Result conflict = hoist("run", "--rm", "--uts", "host", "--hostname", "x", "busybox:flags",
        "true");
    assertTrue(conflict.err().contains("Conflicting options: hostname and the UTS mode"),
        conflict.all());
    Result unknown = hoist("run", "--rm", "--pid", "container:nobody", "busybox:flags", "true");
    assertTrue(unknown.err().contains("No such container: nobody"), unknown.all());
    ok("rm", "-f", "pidtarget", "joiner");
  }

  @Test
  void refusedFlagsSayWhyAndCreateNothing() {
    int before = ok("ps", "-a", "-q").out().lines().toList().size();
    for (List<String> flag : List.of(List.of("--sysctl", "kernel.hostname=x"),
        List.of("--cap-add", "FLY"), List.of("--ulimit", "nofile=1:999999999999"),
        List.of("--security-opt", "apparmor=docker-default"),
        List.of("--device", "/no/such/device"), List.of("--oom-score-adj", "5000"))) {
      List<String> args = new java.util.ArrayList<>(List.of("run", "--rm"));
      args.addAll(flag);
      args.addAll(List.of("busybox:flags", "true"));
      Result r = hoist(args.toArray(String[]::new));
      assertNotEquals(0, r.code(), flag + ": " + r.all());
      assertEquals(1, r.err().lines().filter(l -> !l.isBlank() && !l.startsWith("See ")).count(),
          flag + ": one line: " + r.all());
      assertFalse(r.err().contains("\tat "), "no stack trace: " + r.all());
    }
    assertEquals(before, ok("ps", "-a", "-q").out().lines().toList().size());
  }

  @Test
  void cidfileGetsTheIdAndAnExistingOneIsRefused() throws Exception {
    Path cid = dir.resolve("web.cid");
    String id = ok("create", "--cidfile", cid.toString(), "busybox:flags", "true").out().trim();
    assertEquals(id, Files.readString(cid));
    assertEquals(cid.toString(), inspect(id).path("HostConfig").path("ContainerIDFile").asText());
    Result again = hoist("create", "--cidfile", cid.toString(), "busybox:flags", "true");
    assertNotEquals(0, again.code());
    assertTrue(again.err().contains("container ID file found"), again.all());
    assertEquals(id, Files.readString(cid), "left as it was");
    Path failed = dir.resolve("failed.cid");
    assertNotEquals(0, hoist("create", "--cidfile", failed.toString(), "--pull=never",
        "nothing-here:1").code());
    assertFalse(Files.exists(failed), "removed when the creation fails");
    ok("rm", id);
  }

  @Test
  void theCommandIsPid1UnlessInit() throws Exception {
    assertEquals("1\n", ok("run", "--rm", "busybox:flags", "sh", "-c", "echo $$").out());
    assertNotEquals("1\n", ok("run", "--rm", "--init", "busybox:flags", "sh", "-c", "echo $$")
        .out());
    assertEquals("1\n", ok("run", "--rm", "--init=false", "busybox:flags", "sh", "-c",
        "echo $$").out());
    ok("create", "--name", "init-default", "busybox:flags", "true");
    ok("create", "--name", "init-on", "--init", "busybox:flags", "true");
    ok("create", "--name", "init-off", "--init=false", "busybox:flags", "true");
    assertTrue(inspect("init-default").path("HostConfig").path("Init").isMissingNode(),
        "HostConfig.Init is absent by default, as Docker's");
    assertTrue(inspect("init-on").path("HostConfig").path("Init").asBoolean(false));
    assertFalse(inspect("init-off").path("HostConfig").path("Init").asBoolean(true));
    ok("rm", "init-default", "init-on", "init-off");

    // a shell as PID 1 without a trap ignores SIGTERM: stop kills it after the timeout
    ok("run", "-d", "--name", "pid1", "busybox:flags", "sh", "-c", "echo ready; "
        + WAIT_A_MINUTE);
    awaitLog("pid1", "ready");
    ok("stop", "-t", "1", "pid1");
    assertEquals(137, inspect("pid1").path("State").path("ExitCode").asInt(), "SIGKILLed");
    ok("run", "-d", "--init", "--name", "init1", "busybox:flags", "sh", "-c", "echo ready; "
        + WAIT_A_MINUTE);
    awaitLog("init1", "ready");
    ok("stop", "-t", "20", "init1");
    assertEquals(143, inspect("init1").path("State").path("ExitCode").asInt(),
        "the init passes SIGTERM on to the shell, which it ends");
    ok("rm", "pid1", "init1");
  }

  @Test
  void stopUsesTheStopSignalAndTheStopTimeout() throws Exception {
    ok("run", "-d", "--name", "usr1", "--stop-signal", "USR1", "busybox:flags", "sh", "-c",
        "trap 'exit 7' USR1; echo ready; " + WAIT_A_MINUTE);
    awaitLog("usr1", "ready");
    ok("stop", "usr1");
    assertEquals(7, inspect("usr1").path("State").path("ExitCode").asInt());

    ok("run", "-d", "--name", "deaf", "--stop-timeout", "1", "busybox:flags", "sh", "-c",
        "trap '' TERM; echo ready; " + WAIT_A_MINUTE);
    awaitLog("deaf", "ready");
    long start = System.nanoTime();
    ok("stop", "deaf"); // no -t: its --stop-timeout, not 10 s
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 1000 && millis < 8000, "killed after " + millis + " ms");
    assertEquals(137, inspect("deaf").path("State").path("ExitCode").asInt());
    ok("rm", "usr1", "deaf");
  }
}
