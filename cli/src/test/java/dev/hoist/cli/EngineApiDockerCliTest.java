package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.engine.EngineService;
import dev.hoist.internal.engine.ServiceAddress;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.HoistContext;
import dev.hoist.internal.service.PullListener;
import dev.hoist.internal.service.RegistryOverrides;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Engine API service driven by the real {@code docker} CLI ({@code DOCKER_HOST=unix://…}):
 * the service runs in this JVM on a temporary socket over a real store, with real containers
 * (root and busybox-static) and the real registry process; skipped with a message when the
 * {@code docker} CLI is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineApiDockerCliTest {
  @TempDir static Path dir;
  Path home;
  Path socket;
  Path dockerConfig;
  Hoist hoist;
  EngineService service;

  record Result(int code, String out, String err) {
    String all() {
      return "exit " + code + "\nout: " + out + "\nerr: " + err;
    }
  }

  /**
   * The store of a docker CLI test in {@code dir/home} (the {@code hoist.home} of this JVM) with
   * {@code busybox:test}; skipped without the docker CLI or a usable busybox.
   */
  static Path dockerCliHome(Path dir) throws Exception {
    Assumptions.assumeTrue(ExternalTools.available("docker"),
        "skipped: the docker CLI is not installed (apt-get install docker.io)");
    BusyboxImage.assumeUsable();
    Path home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "busybox:test",
        ContainerConfig.builder().cmd(List.of("sh")).build());
    return home;
  }

  @BeforeAll
  void setUp() throws Exception {
    home = dockerCliHome(dir);
    dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
    socket = dir.resolve("hoist.sock");
    hoist = Hoist.of(HoistContext.fromProcess().monitor(CliMonitor.command()).build());
    service = EngineService.start(hoist, "test", ServiceAddress.parse("unix://" + socket),
        message -> System.err.println("service: " + message));
  }

  @AfterAll
  void tearDown() throws IOException {
    if (service != null) {
      service.close();
    }
    System.clearProperty("hoist.home");
  }

  Result docker(String... args) throws IOException, InterruptedException {
    return dockerWithInput(null, args);
  }

  /** docker with {@code input} (null: nothing) as its standard input. */
  Result dockerWithInput(String input, String... args) throws IOException, InterruptedException {
    Path stdin = Path.of("/dev/null");
    if (input != null) {
      stdin = Files.writeString(Files.createTempFile(dir, "in", ".txt"), input);
    }
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", "unix://" + socket);
    pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
    pb.environment().remove("DOCKER_API_VERSION");
    pb.environment().remove("DOCKER_CONTEXT");
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = pb.redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("docker " + String.join(" ", args) + " did not end in 120 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  Result dockerOk(String... args) throws IOException, InterruptedException {
    Result r = docker(args);
    assertEquals(0, r.code(), () -> "docker " + String.join(" ", args) + " → " + r.all());
    return r;
  }

  static Result hoistCli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
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
      Result stopped = docker("exec", "no-such-container", "true");
      assertTrue(stopped.err().contains("No such container"), stopped.all());
    } finally {
      dockerOk("rm", "-f", "engine-exec");
    }
  }
}
