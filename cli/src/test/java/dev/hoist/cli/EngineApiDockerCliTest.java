package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cli.DockerCliHarness.Result;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.PullListener;
import dev.hoist.internal.service.RegistryOverrides;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Engine API service driven by the real {@code docker} CLI ({@code DOCKER_HOST=unix://…}):
 * the service runs in this JVM on a temporary socket over a real store, with real containers
 * (root and busybox-static) and the real registry process; skipped with a message when the
 * {@code docker} CLI is missing.
 */
class EngineApiDockerCliTest extends DockerCliTestBase {
  Hoist hoist;

  @BeforeAll
  void setUp() {
    hoist = api == null ? null : api.hoist;
  }

  Result docker(String... args) throws IOException, InterruptedException {
    return api.docker(args);
  }

  /** docker with {@code input} (null: nothing) as its standard input. */
  Result dockerWithInput(String input, String... args) throws IOException, InterruptedException {
    return api.dockerWithInput(input, args);
  }

  Result dockerOk(String... args) throws IOException, InterruptedException {
    return api.dockerOk(args);
  }

  static Result hoistCli(String... args) {
    return DockerCliHarness.hoistCli(args);
  }

  /** Waits (30 s at most) until {@code docker logs NAME} holds {@code text}. */
  void awaitDockerLog(String name, String text) throws Exception {
    String out = "";
    for (int i = 0; i < 300 && !out.contains(text); i++) {
      Thread.sleep(i == 0 ? 0 : 100);
      out = dockerOk("logs", name).out();
    }
    assertTrue(out.contains(text), "logs of " + name + ": " + out);
  }

  @Test
  void dockerVersionAndInfoTalkToTheService() throws Exception {
    Result version = dockerOk("version", "--format", "{{.Server.APIVersion}} {{.Server.Version}}");
    assertEquals("1.47 test\n", version.out(), version.all());
    Result info = dockerOk("info", "--format", "{{.ServerVersion}} {{.OSType}} {{.Driver}}");
    assertEquals("test linux overlayfs\n", info.out(), info.all());
  }

  @Test
  void dockerImagesListsTheStore() throws Exception {
    Result images = dockerOk("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}");
    String id = hoist.images().dockerInspect("busybox:test").id();
    assertTrue(images.out().contains("busybox:test " + id.substring(7, 19)), images.all());
  }

  @Test
  void dockerRunRmPrintsTheOutputAndExitsWithTheContainersCode() throws Exception {
    Result hi = dockerOk("run", "--rm", "busybox:test", "echo", "hi");
    assertEquals("hi\n", hi.out(), hi.all());
    Result failed = docker("run", "--rm", "busybox:test", "sh", "-c",
        "echo to stderr >&2; exit 3");
    assertEquals(3, failed.code(), failed.all());
    assertEquals("to stderr\n", failed.err(), failed.all());
    Result left = dockerOk("ps", "-a", "--format", "{{.Names}} {{.Command}}");
    assertFalse(left.out().contains("exit 3"), "removed after it exited: " + left.all());
  }

  @Test
  void dockerRunsTheCommandAsPid1UnlessInit() throws Exception {
    assertEquals("1\n", dockerOk("run", "--rm", "busybox:test", "sh", "-c", "echo $$").out());
    Result init = dockerOk("run", "--rm", "--init", "busybox:test", "sh", "-c", "echo $$");
    assertNotEquals("1\n", init.out(), "HostConfig.Init: true runs an init as PID 1");
  }

  @Test
  void dockerRunWithoutRmWaitsForTheNextExitAndKeepsTheContainer() throws Exception {
    Result run = docker("run", "--name", "engine-kept", "busybox:test", "sh", "-c",
        "echo kept; exit 5");
    assertEquals(5, run.code(), run.all());
    assertEquals("kept\n", run.out(), run.all());
    Result ps = dockerOk("ps", "-a", "--format", "{{.Names}} {{.State}}");
    assertTrue(ps.out().contains("engine-kept exited"), ps.all());
    Result again = docker("start", "-a", "engine-kept");
    assertEquals("kept\n", again.out(), again.all());
    dockerOk("rm", "engine-kept");
  }

  @Test
  void detachedContainerThroughDockerIsSeenAndStoppedByBothDoors() throws Exception {
    String id = dockerOk("run", "-d", "--name", "engine-web", "busybox:test", "sh", "-c",
        "echo started; echo warning >&2; " + ContainerCommandsTest.WAIT_A_MINUTE).out().trim();
    assertEquals(64, id.length(), id);
    Result ps = dockerOk("ps", "--format", "{{.Names}} {{.State}}");
    assertTrue(ps.out().contains("engine-web running"), ps.all());
    Result hoistPs = hoistCli("ps", "--format", "{{.Names}} {{.State}}");
    assertTrue(hoistPs.out().contains("engine-web running"), hoistPs.all());

    Result logs = dockerOk("logs", "engine-web");
    assertEquals("started\n", logs.out(), logs.all());
    assertEquals("warning\n", logs.err(), logs.all());

    JsonNode viaDocker = CanonicalJson.mapper().readTree(dockerOk("inspect", "engine-web").out());
    JsonNode viaHoist = CanonicalJson.mapper().readTree(hoistCli("inspect", "engine-web").out());
    assertEquals(viaHoist, viaDocker);

    Result conflict = docker("rm", "engine-web");
    assertEquals(1, conflict.code(), conflict.all());
    assertTrue(conflict.err().contains("container is running"), conflict.all());

    dockerOk("stop", "-t", "1", "engine-web");
    assertTrue(hoistCli("ps", "-a", "--format", "{{.Names}} {{.State}}").out()
        .contains("engine-web exited"));
    dockerOk("rm", "engine-web");
    assertFalse(hoistCli("ps", "-a", "--format", "{{.Names}}").out().contains("engine-web"));
  }

  @Test
  void containerStartedByTheCliIsListedAndRemovedThroughDocker() throws Exception {
    Result run = hoistCli("run", "-d", "--name", "from-cli", "busybox:test", "sh", "-c",
        ContainerCommandsTest.WAIT_A_MINUTE);
    assertEquals(0, run.code(), run.all());
    Result ps = dockerOk("ps", "--format", "{{.Names}} {{.Image}}");
    assertTrue(ps.out().contains("from-cli busybox:test"), ps.all());
    dockerOk("rm", "-f", "from-cli");
    assertFalse(hoistCli("ps", "-a", "--format", "{{.Names}}").out().contains("from-cli"));
  }

  @Test
  void dockerPullFetchesFromTheTestRegistryIntoTheStore() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      String remote = registry.host() + "/engine/busybox:1";
      hoist.images().push("busybox:test", remote, RegistryOverrides.NONE, PullListener.NONE
          .blobs());
      Result pull = dockerOk("pull", remote);
      assertTrue(pull.out().contains("Digest: sha256:"), pull.all());
      assertTrue(hoistCli("images", "--format", "{{.Repository}}:{{.Tag}}").out()
          .contains(remote), "in hoist's store");
      Result missing = docker("pull", registry.host() + "/engine/nothing:1");
      assertEquals(1, missing.code(), missing.all());

      // -a: the API's push and pull without a tag take every tag, as Docker's
      String every = registry.host() + "/engine/every";
      dockerOk("tag", "busybox:test", every + ":a");
      dockerOk("tag", "busybox:test", every + ":b");
      Result pushed = dockerOk("push", "--all-tags", every);
      assertTrue(pushed.out().contains("a: digest: sha256:")
          && pushed.out().contains("b: digest: sha256:"), pushed.all());
      dockerOk("rmi", every + ":a", every + ":b");
      Result pulled = dockerOk("pull", "-a", every);
      String images = hoistCli("images", "--format", "{{.Repository}}:{{.Tag}}").out();
      assertTrue(images.contains(every + ":a") && images.contains(every + ":b"),
          pulled.all() + "\n" + images);
      dockerOk("rmi", every + ":a", every + ":b", remote);
    }
  }

  @Test
  void errorsAreDockersMessagesAndStatuses() throws Exception {
    Result inspect = docker("inspect", "--type", "container", "no-such-container");
    assertEquals(1, inspect.code(), inspect.all());
    assertTrue(inspect.err().contains("No such container: no-such-container"), inspect.all());
    Result image = docker("run", "--rm", "--pull", "never", "no-such-image:1", "true");
    assertEquals(125, image.code(), image.all());
    assertTrue(image.err().contains("No such image"), image.all());
  }

  @Test
  void dockerRunVolumesFromTakesAnotherContainersVolumes() throws Exception {
    dockerOk("run", "--name", "engine-vf-data", "-v", "/vf", "busybox:test", "sh", "-c",
        "echo via the api > /vf/f");
    try {
      Result ro = dockerOk("run", "--rm", "--volumes-from", "engine-vf-data:ro", "busybox:test",
          "sh", "-c", "cat /vf/f; touch /vf/x 2>/dev/null || echo ro");
      assertEquals("via the api\nro\n", ro.out(), ro.all());
      dockerOk("create", "--name", "engine-vf-user", "--volumes-from", "engine-vf-data",
          "busybox:test", "true");
      Result shown = dockerOk("inspect", "--format", "{{json .HostConfig.VolumesFrom}} "
          + "{{range .Mounts}}{{.Type}} {{.Destination}} {{.RW}}{{end}}", "engine-vf-user");
      assertEquals("[\"engine-vf-data\"] volume /vf true\n", shown.out(), shown.all());
      Result missing = docker("run", "--rm", "--volumes-from", "engine-vf-nosuch",
          "busybox:test", "true");
      assertEquals(125, missing.code(), missing.all());
      assertTrue(missing.err().contains("No such container: engine-vf-nosuch"), missing.all());
    } finally {
      docker("rm", "-v", "engine-vf-user", "engine-vf-data");
    }
  }

  @Test
  void volumesAndNetworksThroughDocker() throws Exception {
    dockerOk("volume", "create", "engine-vol");
    assertTrue(dockerOk("volume", "ls", "--format", "{{.Name}}").out().contains("engine-vol"));
    assertEquals("engine-vol\n",
        dockerOk("volume", "inspect", "--format", "{{.Name}}", "engine-vol").out());
    dockerOk("volume", "rm", "engine-vol");
    assertFalse(hoistCli("volume", "ls").out().contains("engine-vol"));

    Result net = docker("network", "create", "engine-net");
    assertEquals(0, net.code(), net.all());
    try {
      assertTrue(dockerOk("network", "ls", "--format", "{{.Name}}").out().contains("engine-net"));
      assertEquals("engine-net\n",
          dockerOk("network", "inspect", "--format", "{{.Name}}", "engine-net").out());
    } finally {
      dockerOk("network", "rm", "engine-net");
    }
    assertFalse(hoistCli("network", "ls").out().contains("engine-net"));
  }

  @Test
  void dockerExecRunsInTheContainerWithItsStreamsAndExitCode() throws Exception {
    dockerOk("run", "-d", "--name", "engine-exec", "busybox:test", "sh", "-c",
        ContainerCommandsTest.WAIT_A_MINUTE);
    try {
      Result both = dockerOk("exec", "-e", "WHO=exec", "engine-exec", "sh", "-c",
          "echo out $WHO; echo err >&2");
      assertEquals("out exec\n", both.out(), both.all());
      assertEquals("err\n", both.err(), both.all());
      Result code = docker("exec", "engine-exec", "sh", "-c", "exit 4");
      assertEquals(4, code.code(), code.all());
      Result stdin = dockerWithInput("through stdin\n", "exec", "-i", "engine-exec", "cat");
      assertEquals(0, stdin.code(), stdin.all());
      assertEquals("through stdin\n", stdin.out(), stdin.all());
      dockerOk("exec", "-d", "engine-exec", "sh", "-c", "sleep 0.5; echo d > /tmp/detached");
      String detached = "";
      for (int i = 0; i < 100 && !detached.equals("d\n"); i++) {
        Thread.sleep(100);
        detached = docker("exec", "engine-exec", "cat", "/tmp/detached").out();
      }
      assertEquals("d\n", detached, "docker exec -d ran its command");
      String plain = dockerOk("exec", "engine-exec", "grep", "CapEff", "/proc/self/status")
          .out();
      String privileged = dockerOk("exec", "--privileged", "engine-exec", "grep", "CapEff",
          "/proc/self/status").out();
      assertEquals("CapEff:\t00000000a80425fb\n", plain, "Docker's default capabilities");
      assertTrue(Long.parseLong(privileged.trim().split("\t")[1], 16)
          > Long.parseLong("a80425fb", 16), "every capability: " + privileged);
      Result stopped = docker("exec", "no-such-container", "true");
      assertTrue(stopped.err().contains("No such container"), stopped.all());
    } finally {
      dockerOk("rm", "-f", "engine-exec");
    }
  }

  @Test
  void dockerStopsSignalAndTheContainersOwnStopTimeout() throws Exception {
    dockerOk("run", "-d", "--name", "engine-stop", "--network", "none", "--stop-timeout", "1",
        "busybox:test", "sh", "-c",
        "trap 'exit 7' USR2; trap '' TERM; echo ready; " + ContainerCommandsTest.WAIT_A_MINUTE);
    try {
      awaitDockerLog("engine-stop", "ready");
      Result bad = docker("stop", "-s", "SIGBOGUS", "engine-stop");
      assertEquals(1, bad.code(), bad.all());
      assertTrue(bad.err().contains("Invalid signal: SIGBOGUS"), bad.all());
      dockerOk("stop", "-s", "SIGUSR2", "engine-stop");
      assertEquals("7", dockerOk("inspect", "-f", "{{.State.ExitCode}}", "engine-stop").out()
          .trim());
      // no -t: the container's --stop-timeout (1 s), not the API's 10 s, before SIGKILL
      dockerOk("start", "engine-stop");
      awaitDockerLog("engine-stop", "ready\nready");
      long start = System.nanoTime();
      dockerOk("stop", "engine-stop");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 900 && millis < 8000, "stopped after " + millis + " ms");
      assertEquals("137", dockerOk("inspect", "-f", "{{.State.ExitCode}}", "engine-stop")
          .out().trim());
    } finally {
      dockerOk("rm", "-f", "engine-stop");
    }
  }

  @Test
  void dockerRunsCreateGivesTheHealthCheckRestartPolicyAndLabelsInOneCall() throws Exception {
    String id = dockerOk("run", "-d", "--name", "engine-health", "--network", "none",
        "--health-cmd", "echo failing; exit 1", "--health-interval", "200ms",
        "--health-retries", "1", "--restart", "on-failure:2", "--label", "lane=cli14",
        "--stop-signal", "SIGUSR1", "--stop-timeout", "3", "--expose", "81/udp",
        "busybox:test", "sleep", "60")
        .out().trim();
    try {
      JsonNode inspect = CanonicalJson.mapper().readTree(hoistCli("inspect", id).out()).get(0);
      assertEquals(CanonicalJson.mapper().readTree("{\"Test\":[\"CMD-SHELL\","
          + "\"echo failing; exit 1\"],\"Interval\":200000000,\"Retries\":1}"),
          inspect.path("Config").path("Healthcheck"), inspect.toString());
      assertEquals("on-failure", inspect.path("HostConfig").path("RestartPolicy").path("Name")
          .asText(), inspect.toString());
      assertEquals(2, inspect.path("HostConfig").path("RestartPolicy")
          .path("MaximumRetryCount").asInt(), inspect.toString());
      assertEquals("cli14", inspect.path("Config").path("Labels").path("lane").asText());
      assertEquals("SIGUSR1", inspect.path("Config").path("StopSignal").asText());
      assertEquals(3, inspect.path("Config").path("StopTimeout").asInt(), inspect.toString());
      assertTrue(inspect.path("Config").path("ExposedPorts").has("81/udp"), inspect.toString());
      String status = "";
      for (int i = 0; i < 300 && !status.equals("unhealthy"); i++) {
        Thread.sleep(100);
        status = dockerOk("inspect", "-f", "{{.State.Health.Status}}", id).out().trim();
      }
      assertEquals("unhealthy", status, "the check runs: the API passed it");
      assertTrue(dockerOk("ps", "--filter", "id=" + id, "--format", "{{.Status}}").out().trim()
          .endsWith("(unhealthy)"));
      Result bad = docker("create", "--health-interval", "1ms", "--health-timeout", "999us",
          "--health-cmd", "true", "busybox:test");
      assertEquals(1, bad.code(), bad.all());
      assertTrue(bad.err().contains("Timeout in Healthcheck cannot be less than 1ms"), bad.all());
    } finally {
      dockerOk("rm", "-f", id);
    }
  }

  @Test
  void dockerRunAndAttachGiveTheContainerTheirStdin() throws Exception {
    Result piped = dockerWithInput("piped in\nand more\n", "run", "-i", "--rm", "--network",
        "none", "busybox:test", "cat");
    assertEquals(0, piped.code(), piped.all());
    assertEquals("piped in\nand more\n", piped.out(), "stdin, ended with its end: " + piped.all());

    dockerOk("run", "-d", "-i", "--name", "engine-attach", "--network", "none", "busybox:test",
        "sh", "-c", "read line; echo \"got $line\"; exit 2");
    try {
      Result attach = dockerWithInput("through attach\n", "attach", "engine-attach");
      assertEquals(2, attach.code(), attach.all());
      assertEquals("got through attach\n", attach.out(), attach.all());
    } finally {
      dockerOk("rm", "-f", "engine-attach");
    }
  }
}
