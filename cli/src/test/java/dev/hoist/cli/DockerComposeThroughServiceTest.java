package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cli.DockerCliHarness.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's docker-compose 1.29 driving hoist's service: {@code up -d}, {@code ps},
 * {@code port}, {@code logs}, {@code exec}, {@code down -v} on a two-service file (a server
 * with a named volume, a published port and a health check; a client that reaches it by its
 * service name once it is healthy).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerComposeThroughServiceTest {
  static final String COMPOSE_FILE = """
      version: "2.4"
      services:
        server:
          image: busybox:test
          command: ["sh", "-c", "mkdir -p /www && echo hello from server > /www/index.html \
      && echo served > /data/mark && exec httpd -f -p 8080 -h /www"]
          volumes:
            - data:/data
          ports:
            - "127.0.0.1::8080"
          healthcheck:
            test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
            interval: 1s
            timeout: 5s
            retries: 60
        client:
          image: busybox:test
          command: ["sh", "-c", "wget -q -O - http://server:8080/ && echo client done \
      && exec sleep 600"]
          depends_on:
            server:
              condition: service_healthy
      volumes:
        data: {}
      """;

  @TempDir static Path dir;
  DockerCliHarness service;
  Path project;

  @BeforeAll
  void setUp() throws Exception {
    service = DockerCliHarness.start(dir, "docker-compose");
    project = Files.createDirectories(dir.resolve("hoistcompose"));
    Files.writeString(project.resolve("docker-compose.yml"), COMPOSE_FILE);
  }

  @AfterAll
  void tearDown() throws Exception {
    if (service != null) {
      compose("down", "-v", "-t", "1");
      service.close();
    }
  }

  Result compose(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker-compose", "--no-ansi", "-p",
        "hoistcompose"));
    command.addAll(List.of(args));
    return service.run(project, command);
  }

  Result composeOk(String... args) throws IOException, InterruptedException {
    Result r = compose(args);
    assertEquals(0, r.code(), () -> "docker-compose " + String.join(" ", args) + " → "
        + r.all());
    return r;
  }

  @Test
  void upPsPortLogsExecDown() throws Exception {
    composeOk("up", "-d");

    Result ps = composeOk("ps");
    assertTrue(ps.out().contains("hoistcompose_server_1"), ps.all());
    assertTrue(ps.out().contains("hoistcompose_client_1"), ps.all());
    assertTrue(ps.out().contains("(healthy)"), ps.all());

    String published = composeOk("port", "server", "8080").out().trim();
    assertTrue(published.startsWith("127.0.0.1:"), published);
    assertEquals("hello from server\n", HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + published + "/")).build(),
        HttpResponse.BodyHandlers.ofString()).body());

    String logs = "";
    for (int i = 0; i < 100 && !logs.contains("client done"); i++) {
      logs = composeOk("logs", "--no-color", "client").out();
      Thread.sleep(100);
    }
    assertTrue(logs.contains("hello from server"), logs);

    assertEquals("served\n", composeOk("exec", "-T", "server", "cat", "/data/mark").out());

    composeOk("down", "-v", "-t", "1");
    String left = EngineApiDockerCliTest.hoistCli("ps", "-a", "--format", "{{.Names}}").out();
    assertFalse(left.contains("hoistcompose"), left);
    String volumes = EngineApiDockerCliTest.hoistCli("volume", "ls", "--format", "{{.Name}}")
        .out();
    assertFalse(volumes.contains("hoistcompose_data"), volumes);
  }
}
