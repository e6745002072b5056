package dev.hoist.cli;

import static dev.hoist.cli.DockerCliHarness.hoistCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cli.DockerCliHarness.Result;
import dev.hoist.internal.engine.EngineService;
import dev.hoist.internal.engine.ServiceAddress;
import dev.hoist.internal.runtime.MonitorCommand;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.HoistContext;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
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
 * The warm service (issue 15's figures): {@code docker run --rm} whose monitor steps run in the
 * service's JVM, a container that outlives a service killed with SIGKILL, and the classic
 * {@code POST /build} driven by {@code DOCKER_BUILDKIT=0 docker build}. The real docker CLI,
 * real containers (root, busybox-static).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineApiWarmRunTest {
  @TempDir static Path dir;
  Path home;
  Path socket;
  Path dockerConfig;
  EngineService service;

  @BeforeAll
  void setUp() throws Exception {
    home = DockerCliHarness.storeWithBusybox(dir, "docker");
    dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
    socket = dir.resolve("warm.sock");
    // the step command fails: a container runs, exits and is removed only if the service
    // runs its monitor's steps itself
    MonitorCommand failing = (h, id) -> List.of("/bin/false");
    Hoist hoist = Hoist.of(HoistContext.fromProcess().monitor(failing).build());
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

  @Test
  void dockerRunRemovesAContainerWhoseStepsRanInTheService() throws Exception {
    Result run = docker(socket, null, "run", "--rm", "busybox:test", "sh", "-c",
        "echo warm; exit 3");
    assertEquals(3, run.code(), run.all());
    assertEquals("warm\n", run.out(), run.all());
    Result ps = hoistCli("ps", "-a", "-q", "--no-trunc");
    assertEquals("", ps.out(), "removed: " + ps.out());
    assertEquals(0, docker(socket, null, "run", "--rm", "busybox:test", "true").code());
  }

  @Test
  void aPublishedPortIsHeldByTheMonitorAndFreedByTheService() throws Exception {
    Result run = docker(socket, null, "run", "-d", "-p", "127.0.0.1::8080", "busybox:test",
        "sleep", "60");
    assertEquals(0, run.code(), run.all());
    String id = run.out().trim();
    try {
      Result port = docker(socket, null, "port", id, "8080");
      int hostPort = Integer.parseInt(port.out().trim().replaceAll(".*:", ""));
      assertTrue(!canBind(hostPort), "the monitor holds " + hostPort + " while it runs");
      Result logs = docker(socket, null, "logs", id);
      assertTrue(!logs.all().contains("cannot hold"), logs.all());
      assertEquals(0, docker(socket, null, "rm", "-f", id).code());
      for (int i = 0; i < 600 && !canBind(hostPort); i++) {
        Thread.sleep(50);
      }
      assertTrue(canBind(hostPort), "the service keeps no socket on " + hostPort);
    } finally {
      docker(socket, null, "rm", "-f", id);
    }
  }

  private static boolean canBind(int port) {
    try (SocketChannel ch = SocketChannel.open()) {
      ch.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, false);
      ch.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aContainerOutlivesTheServiceKilledAndItsExitIsRecorded() throws Exception {
    Path killedSocket = dir.resolve("killed.sock");
    List<String> java = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dhoist.home=" + home, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "system", "service", "--time", "0", "unix://" + killedSocket));
    Process other = new ProcessBuilder(java).redirectErrorStream(true)
        .redirectOutput(dir.resolve("killed-service.log").toFile()).start();
    try {
      awaitSocket(killedSocket, other);
      // it ends when told to, after the kill (a fixed 2 s could be over before on a loaded machine)
      Result run = docker(killedSocket, null, "run", "-d", "--name", "survivor", "busybox:test",
          "sh", "-c", "until [ -e /go ]; do sleep 0.05; done; echo survived");
      assertEquals(0, run.code(), run.all());
      String id = run.out().trim();
      assertTrue(Files.readString(home.resolve("containers").resolve(id).resolve("monitor.conf"))
          .contains("steps=" + home.resolve("steps")), "started through the service's steps");
      assertEquals("running", hoistCli("inspect", "-f", "{{.State.Status}}", "survivor").out()
          .trim());
      other.destroyForcibly(); // SIGKILL
      other.waitFor(10, TimeUnit.SECONDS);
      assertEquals(0, hoistCli("exec", "survivor", "touch", "/go").code());
      // nobody answers the killed service's steps socket: the monitor asks the home's other
      // ones, and the exit step is served by this JVM's own service (the class's; its step
      // command fails, so no step JVM could have recorded it): the exit is recorded all the same
      Result waited = hoistCli("wait", "survivor");
      assertEquals("0\n", waited.out(), waited.all());
      assertEquals("survived\n", hoistCli("logs", "survivor").out());
      assertEquals("exited 0", hoistCli("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}",
          "survivor").out().trim());
      assertEquals(0, hoistCli("rm", "survivor").code());
    } finally {
      other.destroyForcibly().waitFor(); // it writes in the home: gone before the test is
    }
  }

  @Test
  void classicDockerBuildOfTheExampleThenRun() throws Exception {
    Path example = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/hello");
    Assumptions.assumeTrue(Files.isDirectory(example), "examples/hello not found from "
        + System.getProperty("user.dir"));
    assertEquals(0, hoistCli("tag", "busybox:test", "hoist-examples/busybox:latest").code());
    Result built = docker(socket, null, "build", "-t", "hello:warm", "-t", "hello:two",
        example.toString());
    assertEquals(0, built.code(), built.all());
    assertTrue(built.out().contains("Step 1/5 : FROM hoist-examples/busybox:latest AS build"),
        built.all());
    assertTrue(built.out().contains(" ---> Running in "), built.all());
    assertTrue(built.out().contains("Successfully tagged hello:warm\n"), built.all());
    assertTrue(built.out().contains("Successfully tagged hello:two\n"), built.all());
    Result run = docker(socket, null, "run", "--rm", "hello:warm");
    assertEquals(0, run.code(), run.all());
    assertTrue(run.out().startsWith("hello from hoist\n"), run.all());

    Result cached = docker(socket, null, "build", "-q", "-t", "hello:warm",
        example.toString());
    assertEquals(0, cached.code(), cached.all());
    String id = hoistCli("inspect", "-f", "{{.Id}}", "hello:warm").out().trim();
    assertEquals(id + "\n", cached.out(), cached.all());
    Result again = docker(socket, null, "build", "-t", "hello:warm", example.toString());
    assertTrue(again.out().contains(" ---> Using cache"), again.all());

    Result args = docker(socket, null, "build", "--build-arg", "GREETING=bonjour", "--label",
        "lane=warmrun", "-t", "hello:args", example.toString());
    assertEquals(0, args.code(), args.all());
    assertTrue(docker(socket, null, "run", "--rm", "hello:args").out().startsWith("bonjour\n"));
    assertEquals("warmrun", hoistCli("inspect", "-f", "{{index .Config.Labels \"lane\"}}",
        "hello:args").out().trim());
  }

  @Test
  void classicDockerBuildGivesRunStepsItsHostFlags() throws Exception {
    Path context = Files.createDirectories(dir.resolve("hostflags"));
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox:test\n"
        + "RUN grep db /etc/hosts; grep ' /dev/shm ' /proc/mounts; "
        + "grep 'Max open files' /proc/self/limits; cat /sys/fs/cgroup/memory.max "
        + "/sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null; true\n");
    Result built = docker(socket, null, "build", "--add-host", "db:10.0.0.5", "--shm-size",
        "96m", "--ulimit", "nofile=512:1000", "--memory", "64m", "--memory-swap", "-1",
        "--cpu-shares", "512", "-t", "hostflags:1", context.toString());
    assertEquals(0, built.code(), built.all());
    assertTrue(built.out().contains("10.0.0.5\tdb\n"), built.all());
    assertTrue(built.out().lines().anyMatch(l -> l.contains(" /dev/shm ")
        && l.contains("size=98304k")), built.all());
    assertTrue(built.out().lines().anyMatch(l -> l.matches("Max open files\\s+512\\s+1000"
        + "\\s+files\\s*")), built.all());
    assertTrue(built.out().contains((64L << 20) + "\n"), built.all());

    long hard = BuildCommandTest.ownOpenFilesHardLimit(); // the service is this JVM
    Result above = docker(socket, null, "build", "--ulimit", "nofile=1:" + (hard + 1),
        context.toString());
    assertNotEquals(0, above.code(), above.all());
    assertTrue(above.err().contains("the hard limit is above hoist's own (" + hard + ")"),
        above.all());
    Result period = docker(socket, null, "build", "--cpu-period", "50000", context.toString());
    assertNotEquals(0, period.code(), period.all());
    assertTrue(period.err().contains("cpuperiod 50000: not supported by hoist's builds"),
        period.all());
  }

  @Test
  void aFailedClassicBuildIsDockersError() throws Exception {
    Path context = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox:test\nRUN exit 7\n");
    Result failed = docker(socket, null, "build", "-t", "bad", context.toString());
    assertNotEquals(0, failed.code(), failed.all());
    assertTrue(failed.err().contains("exit") && failed.err().contains("7"), failed.all());
    // other platforms: EngineApiMultiPlatformBuildTest (a FROM of a local image for another
    // platform would be looked for on Docker Hub, which tests never ask)
  }

  private static void awaitSocket(Path socket, Process service) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!service.isAlive()) {
        throw new AssertionError("the service ended with " + service.exitValue());
      }
      if (Files.exists(socket)) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
          probe.connect(UnixDomainSocketAddress.of(socket));
          return;
        } catch (IOException notYet) {
          // binding
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the service did not listen within 120 s");
  }

  Result docker(Path socket, String input, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", "unix://" + socket);
    pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
    pb.environment().put("DOCKER_BUILDKIT", "0");
    pb.environment().remove("DOCKER_API_VERSION");
    pb.environment().remove("DOCKER_CONTEXT");
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("docker " + String.join(" ", args) + " did not end in 180 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
