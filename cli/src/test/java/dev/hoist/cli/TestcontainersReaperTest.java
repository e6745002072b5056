package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.service.ReaperImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Testcontainers for Java 1.21 with its reaper on, against hoist's service: {@code hoist system
 * reaper} tagged hoist's replacement as {@value ReaperImage#TESTCONTAINERS_NAME}, so the
 * session starts it from the store (nothing from Docker Hub), registers its session's labels
 * with it, starts a container and dies without closing it (a JVM of its own,
 * {@link ReaperSessionMain}, halted); the reaper then removes that container, and itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestcontainersReaperTest {
  private static final Pattern CONTAINER = Pattern.compile("container=([0-9a-f]{64})");
  @TempDir static Path dir;
  DockerCliHarness service;

  @BeforeAll
  void setUp() throws Exception {
    service = DockerCliHarness.start(dir);
    service.hoist.system().tagReaperImage(null);
  }

  @AfterAll
  void tearDown() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void theReaperRemovesADeadSessionsContainer() throws Exception {
    Path home = Files.createDirectories(dir.resolve("user-home"));
    Files.writeString(home.resolve(".testcontainers.properties"),
        "docker.host=unix://" + service.socket + "\n");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-cp", System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")),
        ReaperSessionMain.class.getName(), "busybox:test"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.remove("TESTCONTAINERS_RYUK_DISABLED");
    env.remove("DOCKER_HOST");
    Path log = dir.resolve("session.log");
    Process session = pb.redirectOutput(log.toFile()).start();
    assertTrue(session.waitFor(120, TimeUnit.SECONDS), "the session did not end");
    String output = Files.readString(log);
    assertEquals(0, session.exitValue(), output);
    Matcher m = CONTAINER.matcher(output);
    assertTrue(m.find(), output);
    String id = m.group(1);

    ContainerStore store = service.hoist.containers().containers().store();
    List<ContainerState> reapers = store.list().stream()
        .filter(c -> c.image().equals(ReaperImage.TESTCONTAINERS_NAME)).toList();
    assertEquals(1, reapers.size(), "the session started the reaper from the store: " + output);
    assertTrue(store.read(id).isPresent(), "the session's container runs: " + output);
    // Ryuk waits 10 s for the session to come back before it removes its resources
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && (store.read(id).isPresent()
        || store.read(reapers.get(0).id()).isPresent())) {
      Thread.sleep(250);
    }
    assertTrue(store.read(id).isEmpty(), "the reaper left container " + id);
    assertTrue(store.read(reapers.get(0).id()).isEmpty(), "the reaper (AutoRemove) is gone");
  }
}
