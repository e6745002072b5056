package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.engine.EngineService;
import dev.hoist.internal.engine.ServiceAddress;
import dev.hoist.internal.runtime.ContainerState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a service keeps in the store outlives it. {@code AutoRemove}: a container created and
 * started with it through one service, which then stops, exits while no service runs; the next
 * service started over the store removes it. Exec instances: one made and run through one
 * service is inspected through the next.
 */
class StateAcrossServicesTest {
  @TempDir Path dir;

  @Test
  void aLaterServiceRemovesAnAutoRemoveContainerThatExitedMeanwhile() throws Exception {
    try (DockerCliHarness api = DockerCliHarness.start(dir)) {
      Path first = dir.resolve("first.sock");
      String id;
      try (EngineService service = EngineService.start(api.hoist, "test",
          ServiceAddress.parse("unix://" + first), m -> System.err.println("first: " + m))) {
        String created = curl(first, "-X", "POST", "-H", "Content-Type: application/json",
            "--data-binary", "{\"Image\":\"busybox:test\",\"Cmd\":[\"sleep\",\"2\"],"
                + "\"HostConfig\":{\"AutoRemove\":true}}",
            "http://localhost/containers/create?name=ar1");
        assertTrue(created.contains("\"Id\""), created);
        id = api.hoist.containers().require("ar1").id();
        curl(first, "-X", "POST", "http://localhost/containers/ar1/start");
      }
      // no service now: the container exits and stays
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (state(api, id).map(ContainerState::isActive).orElse(false)
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(ContainerState.Status.EXITED, state(api, id).orElseThrow().status());
      Path second = dir.resolve("second.sock");
      try (EngineService service = EngineService.start(api.hoist, "test",
          ServiceAddress.parse("unix://" + second), m -> System.err.println("second: " + m))) {
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (state(api, id).isPresent() && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertTrue(state(api, id).isEmpty(), "removed by the second service");
      }
    }
  }

  @Test
  void anExecMadeBeforeARestartIsInspectedAfterIt() throws Exception {
    try (DockerCliHarness api = DockerCliHarness.start(dir)) {
      assertEquals(0, DockerCliHarness.hoistCli("run", "-d", "--name", "ex1", "--network",
          "none", "busybox:test", "sleep", "60").code());
      Path first = dir.resolve("first.sock");
      String execId;
      try (EngineService service = EngineService.start(api.hoist, "test",
          ServiceAddress.parse("unix://" + first), m -> System.err.println("first: " + m))) {
        String created = curl(first, "-X", "POST", "-H", "Content-Type: application/json",
            "--data-binary", "{\"Cmd\":[\"sh\",\"-c\",\"exit 3\"]}",
            "http://localhost/containers/ex1/exec");
        execId = created.replaceAll(".*\"Id\":\"([0-9a-f]+)\".*", "$1").trim();
        curl(first, "-X", "POST", "-H", "Content-Type: application/json",
            "--data-binary", "{\"Detach\":true}", "http://localhost/exec/" + execId + "/start");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!curl(first, "http://localhost/exec/" + execId + "/json")
            .contains("\"ExitCode\":3") && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      }
      Path second = dir.resolve("second.sock");
      try (EngineService service = EngineService.start(api.hoist, "test",
          ServiceAddress.parse("unix://" + second), m -> System.err.println("second: " + m))) {
        String inspected = curl(second, "http://localhost/exec/" + execId + "/json");
        assertTrue(inspected.contains("\"Running\":false"), inspected);
        assertTrue(inspected.contains("\"ExitCode\":3"), inspected);
        assertTrue(inspected.contains("\"ContainerID\":\""
            + api.hoist.containers().require("ex1").id() + "\""), inspected);
        String missing = curl(second, "-w", " %{http_code}",
            "http://localhost/exec/" + "0".repeat(64) + "/json");
        assertTrue(missing.endsWith(" 404"), missing);
      } finally {
        DockerCliHarness.hoistCli("rm", "-f", "ex1");
      }
    }
  }

  private static Optional<ContainerState> state(DockerCliHarness api, String id)
      throws Exception {
    return api.hoist.containers().containers().store().read(id);
  }

  private static String curl(Path socket, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "30",
        "--unix-socket", socket.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
