package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.engine.EngineService;
import dev.hoist.internal.engine.ServiceAddress;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.HoistContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Engine API service on a temporary socket over a real store holding {@code busybox:test},
 * and the real {@code docker} CLI pointed at it (its own {@code DOCKER_CONFIG}); skips the
 * calling test class when the CLI or a usable busybox is missing.
 */
final class DockerCliHarness implements AutoCloseable {
  record Result(int code, String out, String err) {
    String all() {
      return "exit " + code + "\nout: " + out + "\nerr: " + err;
    }
  }

  final Path dir;
  final Path home;
  final Path socket;
  final Path dockerConfig;
  final Hoist hoist;
  private final EngineService service;

  private DockerCliHarness(Path dir, Path socket, Path dockerConfig, Hoist hoist,
      EngineService service) {
    this.dir = dir;
    this.home = dir.resolve("home");
    this.socket = socket;
    this.dockerConfig = dockerConfig;
    this.hoist = hoist;
    this.service = service;
  }

  /**
   * The store of a client test in {@code dir/home} (the {@code hoist.home} of this JVM) with
   * {@code busybox:test}; skips the calling test unless it runs as root with a static busybox and
   * every one of {@code clients} (programs on the PATH: docker, docker-compose, script) is there.
   */
  static Path storeWithBusybox(Path dir, String... clients) throws IOException {
    for (String client : clients) {
      Assumptions.assumeTrue(ExternalTools.available(client),
          "skipped: " + client + " is not installed (docker: apt-get install docker.io)");
    }
    BusyboxImage.assumeUsable();
    Path home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "busybox:test",
        ContainerConfig.builder().cmd(List.of("sh")).build());
    return home;
  }

  /**
   * The service over a new home in {@code dir} ({@code hoist.home} points there until close),
   * for tests of {@code clients} (skipped without them, see {@link #storeWithBusybox}).
   */
  static DockerCliHarness start(Path dir, String... clients) throws IOException {
    storeWithBusybox(dir, clients);
    Path config = Files.createDirectories(dir.resolve("docker-config"));
    Path socket = dir.resolve("hoist.sock");
    Hoist hoist = Hoist.of(HoistContext.fromProcess().monitor(CliMonitor.command()).build());
    EngineService service = EngineService.start(hoist, "test",
        ServiceAddress.parse("unix://" + socket),
        message -> System.err.println("service: " + message));
    return new DockerCliHarness(dir, socket, config, hoist, service);
  }

  /** Returns once no request was in progress for {@code idle}. */
  void awaitIdle(java.time.Duration idle) throws InterruptedException {
    service.awaitIdle(idle);
  }

  @Override
  public void close() throws IOException {
    service.close();
    System.clearProperty("hoist.home");
  }

  /** {@code docker ARGS} started, its output to {@code out}, nothing on its input. */
  Process startDocker(Path out, String... args) throws IOException {
    return dockerCommand(args).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile()).redirectErrorStream(true).start();
  }

  /** What a client needs to reach the service: {@code DOCKER_HOST}, a docker config of its own. */
  Map<String, String> environment() {
    return Map.of("DOCKER_HOST", "unix://" + socket, "DOCKER_CONFIG", dockerConfig.toString());
  }

  /** {@code command} (a client of the service) with this harness's environment. */
  private ProcessBuilder clientCommand(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(environment());
    pb.environment().remove("DOCKER_API_VERSION");
    pb.environment().remove("DOCKER_CONTEXT");
    pb.environment().remove("COMPOSE_API_VERSION");
    return pb;
  }

  /** {@code docker ARGS} talking to the service, with this harness's Docker config. */
  private ProcessBuilder dockerCommand(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    return clientCommand(command);
  }

  /** {@code command} (a client) started with its stdin a pipe, stdout and stderr merged. */
  Process startClient(List<String> command) throws IOException {
    return clientCommand(command).redirectErrorStream(true).start();
  }

  /** {@code command} run in {@code workDir} against the service, stdin from /dev/null. */
  Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
    return finish(clientCommand(command).directory(workDir.toFile()), null,
        String.join(" ", command), 180);
  }

  Result docker(String... args) throws IOException, InterruptedException {
    return dockerWithFile(null, args);
  }

  /** docker with {@code input} (null: nothing) as its standard input. */
  Result dockerWithInput(String input, String... args) throws IOException, InterruptedException {
    return dockerWithFile(input == null ? null
        : Files.writeString(Files.createTempFile(dir, "in", ".txt"), input), args);
  }

  /** docker with the file {@code input} (null: nothing) as its standard input. */
  Result dockerWithFile(Path input, String... args) throws IOException, InterruptedException {
    return finish(dockerCommand(args), input, "docker " + String.join(" ", args), 120);
  }

  /** Runs {@code pb} with {@code input} (null: nothing) to its end, at most {@code seconds}. */
  private Result finish(ProcessBuilder pb, Path input, String what, int seconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = pb.redirectInput(ProcessBuilder.Redirect.from(
            (input == null ? Path.of("/dev/null") : input).toFile()))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(what + " did not end in " + seconds + " s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  Result dockerOk(String... args) throws IOException, InterruptedException {
    Result r = docker(args);
    assertEquals(0, r.code(), () -> "docker " + String.join(" ", args) + " → " + r.all());
    return r;
  }

  /** {@code curl} over the socket: the body (with {@code -i}, the head too) and exit code. */
  Result curl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30",
        "--unix-socket", socket.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "curl", ".txt");
    Path err = Files.createTempFile(dir, "curl", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("curl " + String.join(" ", args) + " did not end in 60 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  static Result hoistCli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
