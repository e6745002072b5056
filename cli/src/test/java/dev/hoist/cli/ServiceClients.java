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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * hoist's Engine API service for tests of its real clients (the {@code docker} CLI,
 * docker-compose, Testcontainers): the service in this JVM on a temporary socket over a real
 * store holding {@code busybox:test}, and the clients run as processes with {@code DOCKER_HOST}
 * pointing at it.
 */
final class ServiceClients implements AutoCloseable {
  /** A client's exit code and output. */
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
  final EngineService service;

  private ServiceClients(Path dir) throws IOException {
    this.dir = dir;
    this.home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "busybox:test",
        ContainerConfig.builder().cmd(List.of("sh")).build());
    this.dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
    this.socket = dir.resolve("hoist.sock");
    this.hoist = Hoist.of(HoistContext.fromProcess().monitor(CliMonitor.command()).build());
    this.service = EngineService.start(hoist, "test", ServiceAddress.parse("unix://" + socket),
        message -> System.err.println("service: " + message));
  }

  /**
   * The service over a store in {@code dir}; the test is skipped unless it runs as root with a
   * static busybox and every one of {@code clients} (programs on the PATH) is installed.
   */
  static ServiceClients start(Path dir, String... clients) throws IOException {
    for (String client : clients) {
      Assumptions.assumeTrue(ExternalTools.available(client),
          "skipped: " + client + " is not installed");
    }
    BusyboxImage.assumeUsable();
    return new ServiceClients(dir);
  }

  /** What a client needs to reach the service: {@code DOCKER_HOST}, a docker config of its own. */
  Map<String, String> environment() {
    return Map.of("DOCKER_HOST", "unix://" + socket, "DOCKER_CONFIG", dockerConfig.toString());
  }

  /** {@code command} run in {@code workDir} against the service, stdin from /dev/null. */
  Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().putAll(environment());
    pb.environment().remove("DOCKER_API_VERSION");
    pb.environment().remove("DOCKER_CONTEXT");
    pb.environment().remove("COMPOSE_API_VERSION");
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end in 180 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  Result docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    return run(dir, command);
  }

  Result dockerOk(String... args) throws IOException, InterruptedException {
    Result r = docker(args);
    assertEquals(0, r.code(), () -> "docker " + String.join(" ", args) + " → " + r.all());
    return r;
  }

  @Override
  public void close() throws IOException {
    try {
      service.close();
    } finally {
      System.clearProperty("hoist.home");
    }
  }
}
