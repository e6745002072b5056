package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Testcontainers for Java 1.21 driving hoist's Engine API service, as a JVM team's integration
 * test would: a {@link GenericContainer} of a local image with an exposed port and a log wait
 * strategy, reached through its mapped port, exec'd in, a file copied in and out. Testcontainers
 * finds the service through {@code docker.host} in the {@code .testcontainers.properties} of
 * the test's {@code user.home}; Ryuk (an image on Docker Hub) is off through
 * {@code TESTCONTAINERS_RYUK_DISABLED=true} in surefire's environment (cli's pom.xml).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestcontainersThroughServiceTest {
  @TempDir static Path dir;
  DockerCliHarness service;
  String userHome;

  @BeforeAll
  void setUp() throws IOException {
    Assumptions.assumeTrue("true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED")),
        "skipped: run through surefire (cli's pom.xml sets TESTCONTAINERS_RYUK_DISABLED=true)");
    service = DockerCliHarness.start(dir);
    Path home = Files.createDirectories(dir.resolve("user-home"));
    Files.writeString(home.resolve(".testcontainers.properties"),
        "docker.host=unix://" + service.socket + "\n");
    userHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
  }

  @AfterAll
  void tearDown() throws IOException {
    if (userHome != null) {
      System.setProperty("user.home", userHome);
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void genericContainerFromALocalImageIsReachedExecdAndCopiedInAndOut() throws Exception {
    Path in = Files.writeString(dir.resolve("in.txt"), "from the host\n");
    Path out = dir.resolve("out.txt");
    String id;
    try (GenericContainer<?> web = new GenericContainer<>(DockerImageName.parse("busybox:test"))
        .withExposedPorts(8080)
        .withCommand("sh", "-c", "mkdir -p /www && echo hello > /www/index.html"
            + " && echo server ready && exec httpd -f -p 8080 -h /www")
        .waitingFor(Wait.forLogMessage(".*server ready.*\\n", 1)
            .withStartupTimeout(Duration.ofMinutes(2)))) {
      web.start();
      id = web.getContainerId();

      String url = "http://" + web.getHost() + ":" + web.getMappedPort(8080) + "/index.html";
      assertEquals("hello\n", fetch(url));

      ExecResult exec = web.execInContainer("sh", "-c", "cat /www/index.html; echo oops >&2; "
          + "exit 3");
      assertEquals("hello\n", exec.getStdout());
      assertEquals("oops\n", exec.getStderr());
      assertEquals(3, exec.getExitCode());

      web.copyFileToContainer(MountableFile.forHostPath(in), "/tmp/in.txt");
      assertEquals("from the host\n", web.execInContainer("cat", "/tmp/in.txt").getStdout());
      web.copyFileFromContainer("/tmp/in.txt", (InputStream s) -> Files.copy(s, out));
      assertEquals("from the host\n", Files.readString(out));
    }
    // stopped and removed with its volumes when closed
    assertFalse(service.hoist.containers().containers().store().read(id).isPresent(),
        "container " + id + " left behind");
  }

  /** The body of {@code url}, retried while the server comes up. */
  private static String fetch(String url) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    IOException last = null;
    for (int i = 0; i < 50; i++) {
      try {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw last;
  }
}
