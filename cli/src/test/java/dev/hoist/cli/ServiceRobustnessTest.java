package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cli.DockerCliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service under many clients at once: 20 concurrent {@code docker ps} and {@code docker run
 * --rm}; {@code logs -f} streaming while other calls run; clients that go away mid-stream leave
 * no service thread and no container behind (the service's threads are counted: it runs in
 * this JVM, its threads named {@code hoist-api-…}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceRobustnessTest {
  @TempDir static Path dir;
  DockerCliHarness service;

  @BeforeAll
  void setUp() throws Exception {
    service = DockerCliHarness.start(dir, "docker");
  }

  @AfterAll
  void tearDown() throws Exception {
    if (service != null) {
      service.docker("rm", "-f", "chatty");
      service.close();
    }
  }

  /** The service's threads other than its acceptor: one per open connection and stream. */
  static long serviceThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("hoist-api") && !t.getName().equals("hoist-api-accept"))
        .count();
  }

  @Test
  void twentyConcurrentPsAndRunRm() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<Result>> ps = new ArrayList<>();
      List<Future<Result>> runs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = i;
        ps.add(pool.submit(() -> service.docker("ps", "-a", "--format", "{{.Names}}")));
        runs.add(pool.submit(() -> service.docker("run", "--rm", "busybox:test", "echo",
            "run " + n)));
      }
      for (Future<Result> f : ps) {
        Result r = f.get(5, TimeUnit.MINUTES);
        assertEquals(0, r.code(), r.all());
      }
      for (int i = 0; i < runs.size(); i++) {
        Result r = runs.get(i).get(5, TimeUnit.MINUTES);
        assertEquals(0, r.code(), r.all());
        assertEquals("run " + i + "\n", r.out(), r.all());
      }
    } finally {
      pool.shutdownNow();
    }
    Result left = service.dockerOk("ps", "-a", "--format", "{{.Image}} {{.Names}}");
    assertTrue(left.out().lines().noneMatch(l -> l.startsWith("busybox:test ")
        && !l.endsWith(" chatty")), left.all());
  }

  @Test
  void logsFollowStreamsWhileOtherCallsRunAndClientsThatGoAwayLeaveNothing() throws Exception {
    long before = serviceThreads();
    service.dockerOk("run", "-d", "--name", "chatty", "busybox:test", "sh", "-c",
        "i=0; while test $i -lt 6000; do echo line $i; sleep 0.1; i=$((i+1)); done");
    Path followed = dir.resolve("followed.txt");
    Process follow = dockerProcess(followed, "logs", "-f", "chatty");
    // a docker run --rm whose client goes away: the container still ends and is removed
    Path attached = dir.resolve("attached.txt");
    Process run = dockerProcess(attached, "run", "--rm", "--name", "left-alone", "busybox:test",
        "sh", "-c", "echo started; sleep 3; echo done");
    awaitContent(attached, "started");
    for (int i = 0; i < 5; i++) {
      service.dockerOk("ps");
      service.dockerOk("inspect", "chatty");
    }
    long lines = Files.readString(followed).lines().count();
    awaitContent(followed, "line " + (lines + 5));
    assertTrue(follow.isAlive(), "logs -f ended early");

    follow.destroyForcibly().waitFor();
    run.destroyForcibly().waitFor();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && (serviceThreads() > before
        || service.docker("inspect", "left-alone").code() == 0)) {
      Thread.sleep(100);
    }
    Result gone = service.docker("inspect", "--format", "{{.State.Status}}", "left-alone");
    assertEquals(1, gone.code(), "the --rm container stayed: " + gone.all());
    // that inspect's own connection thread ends a moment after its client exited
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && serviceThreads() > before) {
      Thread.sleep(50);
    }
    assertEquals(before, serviceThreads(), "service threads left: " + threadNames());
  }

  @Test
  void aServiceKilledWithSigkillAndStartedAgainFindsItsContainersAsTheyWere() throws Exception {
    Path socket = dir.resolve("killed.sock");
    Process first = serviceProcess(socket, dir.resolve("first.err"));
    Process second = null;
    try {
      DockerCliHarness.Result run = dockerOn(socket, "run", "-d", "--name", "survivor",
          "busybox:test", "sh", "-c", ContainerCommandsTest.WAIT_A_MINUTE);
      assertEquals(0, run.code(), run.all());
      first.destroyForcibly().waitFor(); // SIGKILL
      second = serviceProcess(socket, dir.resolve("second.err"));
      DockerCliHarness.Result ps = dockerOn(socket, "ps", "--format", "{{.Names}} {{.State}}");
      assertTrue(ps.out().contains("survivor running"), ps.all());
      DockerCliHarness.Result exec = dockerOn(socket, "exec", "survivor", "echo", "still here");
      assertEquals("still here\n", exec.out(), exec.all());
      assertEquals(0, dockerOn(socket, "rm", "-f", "survivor").code());
    } finally {
      first.destroyForcibly();
      if (second != null) {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
      }
      service.docker("rm", "-f", "survivor");
    }
  }

  /** {@code hoist system service} on the test's store as a process of its own. */
  private Process serviceProcess(Path socket, Path stderr) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), HoistInHome.class.getName(),
        service.home.toString(), "system", "service", "--time", "0", "unix://" + socket)
        .redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && p.isAlive()
        && !Files.readString(stderr).contains("serving")) {
      Thread.sleep(50);
    }
    assertTrue(Files.readString(stderr).contains("serving"), Files.readString(stderr));
    return p;
  }

  private DockerCliHarness.Result dockerOn(Path socket, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker", "-H", "unix://" + socket));
    command.addAll(List.of(args));
    return service.run(dir, command);
  }

  private Process dockerProcess(Path out, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(service.environment());
    return pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectErrorStream(true).start();
  }

  private static void awaitContent(Path file, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline
        && !(Files.exists(file) && Files.readString(file).contains(text))) {
      Thread.sleep(50);
    }
    assertTrue(Files.readString(file).contains(text), file + " lacks " + text + ": "
        + Files.readString(file));
  }

  /** The service's threads with where each one is. */
  private static List<String> threadNames() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith("hoist-"))
        .map(e -> e.getKey().getName() + " " + java.util.Arrays.stream(e.getValue()).limit(12)
            .map(Object::toString).toList())
        .sorted().toList();
  }
}
