package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist compose up -d} and {@code down} with real containers, networks and volumes: a
 * busybox httpd service reached by its service name from a client service and from the host on
 * its published port, a named volume that survives {@code down} and goes with {@code down -v},
 * a second {@code up} that changes nothing, an edited service alone recreated, and nothing of
 * the project left after {@code down}. Root, {@code ip} and {@code iptables}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeUpTest {
  @TempDir static Path dir;
  private int port;

  @BeforeAll
  void setUp() throws Exception {
    UserNetworkTest.setUpHome(dir);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
  }

  @AfterAll
  void tearDown() {
    project().down("-v");
    UserNetworkTest.tearDownHome();
  }

  private Path file() {
    return dir.resolve("app").resolve("compose.yaml");
  }

  private void write(String clientGreeting) throws Exception {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), """
        services:
          web:
            image: busybox:test
            command: ["sh", "-c", "mkdir -p /www && cat /data/page > /www/index.html 2>/dev/null || echo hello-from-web > /www/index.html; exec httpd -f -p 80 -h /www"]
            ports:
              - "127.0.0.1:%d:80"
            volumes:
              - data:/data
          client:
            image: busybox:test
            command: ["sh", "-c", "echo %s; exec sleep 600"]
            depends_on: [web]
        volumes:
          data:
        """.formatted(port, clientGreeting));
  }

  private static ComposeCli project() {
    return new ComposeCli(dir.resolve("app").resolve("compose.yaml"), "ctest");
  }

  private static ContainerCommandsTest.Result compose(String... args) {
    return project().ok(args);
  }

  private static ContainerCommandsTest.Result fetchFromClient() {
    return project().run("exec", "-T", "client", "sh", "-c",
        "i=0; while [ $i -lt 40 ]; do i=$((i+1)); wget -q -O - http://web/ && exit 0; sleep 0.3; "
            + "done; exit 1");
  }

  private String fetchFromHost() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Exception last = null;
    for (int i = 0; i < 20; i++) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException e) {
        last = e;
        Thread.sleep(300);
      }
    }
    throw last;
  }

  @Test
  void upServesByServiceNameAndPortConvergesAndDownLeavesOnlyTheVolume() throws Exception {
    write("one");
    String up = compose("up", "-d").err();
    assertTrue(up.contains("Network ctest_default  Created"), up);
    assertTrue(up.contains("Volume ctest_data  Created"), up);
    assertTrue(up.contains("Container ctest-web-1  Started"), up);
    assertTrue(up.contains("Container ctest-client-1  Started"), up);
    assertTrue(up.indexOf("ctest-web-1") < up.indexOf("ctest-client-1"), "web first: " + up);

    ContainerCommandsTest.Result fetched = fetchFromClient();
    assertEquals("hello-from-web\n", fetched.out(), fetched.all());
    assertEquals("hello-from-web\n", fetchFromHost());
    String inspect = ContainerCommandsTest.ok("inspect", "ctest-web-1").out();
    for (String label : List.of("com.docker.compose.project\": \"ctest",
        "com.docker.compose.service\": \"web", "com.docker.compose.container-number\": \"1",
        "com.docker.compose.oneoff\": \"False", "com.docker.compose.config-hash",
        "com.docker.compose.project.working_dir", "com.docker.compose.project.config_files")) {
      assertTrue(inspect.contains(label), label + " in " + inspect);
    }

    // a second up changes nothing
    String ids = compose("ps", "-q").out();
    String again = compose("up", "-d").err();
    assertFalse(again.contains("Created") || again.contains("Started")
        || again.contains("Removed"), again);
    assertTrue(again.contains("ctest-web-1  Running"), again);
    assertEquals(ids, compose("ps", "-q").out());

    // an edited service alone is recreated
    String webId = ContainerCommandsTest.ok("inspect", "-f", "{{.Id}}", "ctest-web-1").out();
    String clientId = ContainerCommandsTest.ok("inspect", "-f", "{{.Id}}", "ctest-client-1")
        .out();
    write("two");
    String edited = compose("up", "-d").err();
    assertTrue(edited.contains("ctest-client-1  Recreated"), edited);
    assertTrue(edited.contains("ctest-web-1  Running"), edited);
    assertEquals(webId, ContainerCommandsTest.ok("inspect", "-f", "{{.Id}}", "ctest-web-1")
        .out());
    assertNotEquals(clientId, ContainerCommandsTest.ok("inspect", "-f", "{{.Id}}",
        "ctest-client-1").out());
    // the recreated client prints after its start, which up -d does not wait for
    String logs = compose("logs", "client").out();
    for (int i = 0; i < 100 && !logs.contains("client-1 | two"); i++) {
      Thread.sleep(100);
      logs = compose("logs", "client").out();
    }
    assertTrue(logs.contains("client-1 | two"), compose("logs").out());

    // the named volume survives down
    compose("exec", "-T", "web", "sh", "-c", "echo kept-in-volume > /data/page");
    String down = compose("down", "-t", "1").err();
    assertTrue(down.contains("Network ctest_default  Removed"), down);
    assertEquals("", compose("ps", "-a", "-q").out());
    assertFalse(ContainerCommandsTest.ok("network", "ls").out().contains("ctest_default"));
    assertTrue(ContainerCommandsTest.ok("volume", "ls", "-q").out().contains("ctest_data"));
    compose("up", "-d");
    assertEquals("kept-in-volume\n", fetchFromHost());

    // down -v takes it, and nothing of the project is left
    compose("down", "-v", "-t", "1");
    assertFalse(ContainerCommandsTest.ok("volume", "ls", "-q").out().contains("ctest_data"));
    assertEquals("", ContainerCommandsTest.ok("ps", "-a", "-q", "--filter",
        "label=com.docker.compose.project=ctest").out());
    assertFalse(ContainerCommandsTest.ok("network", "ls").out().contains("ctest"));
  }

  @Test
  void aBadFileIsOneErrorNamingFileLineAndKey() throws Exception {
    Path bad = dir.resolve("bad").resolve("compose.yaml");
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "services:\n  web:\n    image: busybox:test\n    ports:\n"
        + "      - \"80:80\"\n      - \"80:80:80:80\"\n");
    ContainerCommandsTest.Result r = ContainerCommandsTest.hoist("compose", "-f",
        bad.toString(), "config");
    assertEquals(1, r.code(), r.all());
    assertEquals("error: " + bad + ":6: services.web.ports[1]: invalid port \"80:80:80:80\"\n",
        r.err());
  }

  @Test
  void serviceHealthyWaitsForTheHealthCheckAndScaleGivesThreeContainersUnderOneName()
      throws Exception {
    Path file = dir.resolve("health").resolve("compose.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        services:
          db:
            image: busybox:test
            command: ["sh", "-c", "sleep 2; touch /ready; exec sleep 600"]
            healthcheck:
              test: ["CMD", "test", "-f", "/ready"]
              interval: 300ms
              retries: 50
          web:
            image: busybox:test
            command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html; exec httpd -f -p 80 -h /www"]
            depends_on:
              db:
                condition: service_healthy
        """);
    ComposeCli scaled = new ComposeCli(file, "ctest2");
    try {
      String up = scaled.ok("up", "-d", "--scale", "web=3").err();
      assertTrue(up.contains("ctest2-db-1  Healthy"), up);
      assertTrue(up.indexOf("ctest2-db-1  Healthy") < up.indexOf("ctest2-web-1  Started"), up);
      assertTrue(up.contains("ctest2-web-3  Started"), up);
      assertEquals(4, scaled.ok("ps", "-q").out().lines().count());
      ContainerCommandsTest.Result r = scaled.run("exec", "-T", "db", "sh", "-c",
          "i=0; while [ $i -lt 40 ]; do i=$((i+1)); wget -q -O - http://web/ && exit 0; sleep 0.3; "
              + "done; exit 1");
      assertEquals(0, r.code(), r.all());
      // scaling down removes the surplus containers only
      String down = scaled.ok("up", "-d", "--scale", "web=1").err();
      assertTrue(down.contains("ctest2-web-3  Removed") && down.contains("ctest2-web-1  Running"),
          down);
    } finally {
      scaled.down();
    }
    assertEquals("", scaled.ok("ps", "-a", "-q").out());
  }
  /**
   * The host keys as {@code hoist run}'s flags make them, seen inside the container, and a
   * {@code network_mode: service:} container that shares the other's network namespace.
   */
  @Test
  void hostKeysShowInsideAndNetworkModeServiceSharesTheNetwork() throws Exception {
    Path file = composeFile("host", """
        services:
          es:
            image: busybox:test
            command: ["sh", "-c", "mkdir -p /www && echo es-net > /www/index.html; exec httpd -f -p 8080 -h /www"]
            ulimits:
              nofile: {soft: 1024, hard: 2048}
            shm_size: 16m
            sysctls:
              net.core.somaxconn: 777
            group_add: ["1234"]
            security_opt: ["no-new-privileges:true"]
            oom_score_adj: 300
            stop_signal: SIGKILL
          side:
            image: busybox:test
            command: ["sleep", "600"]
            network_mode: service:es
            stop_signal: SIGKILL
        """);
    ComposeCli host = new ComposeCli(file, "ctest3");
    try {
      upStartsFirst(host, "ctest3-es-1", "ctest3-side-1");
      ContainerCommandsTest.Result inside = host.ok("exec", "-T", "es", "sh", "-c",
          "grep 'open files' /proc/1/limits; df -k /dev/shm | tail -1; "
              + "cat /proc/sys/net/core/somaxconn; id -G; cat /proc/1/oom_score_adj; "
              + "grep NoNewPrivs /proc/1/status");
      // the service's own process (PID 1): hoist exec's processes get neither the ulimits nor
      // the OOM score adjustment (as with hoist run's --ulimit, --oom-score-adj)
      List<String> lines = inside.out().lines().toList();
      assertTrue(lines.get(0).matches("Max open files\\s+1024\\s+2048\\s+files\\s*"),
          inside.all());
      assertTrue(lines.get(1).matches("\\S+\\s+16384\\s.*"), inside.all()); // 16m
      assertEquals("777", lines.get(2), inside.all());
      assertTrue(List.of(lines.get(3).split(" ")).contains("1234"), inside.all());
      assertEquals("300", lines.get(4), inside.all());
      assertEquals("NoNewPrivs:\t1", lines.get(5), inside.all());
      // side is in es's network namespace: es's server on its loopback, es's sysctl
      ContainerCommandsTest.Result side = host.run("exec", "-T", "side", "sh", "-c",
          "cat /proc/sys/net/core/somaxconn; i=0; while [ $i -lt 40 ]; do i=$((i+1)); "
              + "wget -q -O - http://127.0.0.1:8080/ && exit 0; sleep 0.3; done; exit 1");
      assertEquals(0, side.code(), side.all());
      assertEquals("777\nes-net\n", side.out(), side.all());
      // a changed host key recreates es, and side with it (it joined the old one's namespace)
      editThenUpRecreates(host, file, "shm_size: 16m", "shm_size: 32m", "ctest3-es-1",
          "ctest3-side-1");
      side = host.run("exec", "-T", "side", "sh", "-c", "i=0; while [ $i -lt 40 ]; do i=$((i+1)); "
          + "wget -q -O - http://127.0.0.1:8080/ && exit 0; sleep 0.3; done; exit 1");
      assertEquals("es-net\n", side.out(), side.all());
      assertTrue(host.ok("exec", "-T", "es", "df", "-k", "/dev/shm").out().contains(" 32768 "));
    } finally {
      host.down();
    }
  }

  /**
   * {@code volumes_from}: the service it names is started first and its container's anonymous
   * volume is the borrower's, read-only with {@code :ro}; a recreated source's new volume too.
   */
  @Test
  void volumesFromStartsTheServiceFirstAndSharesItsVolume() throws Exception {
    Path file = composeFile("from", """
        services:
          data:
            image: busybox:test
            command: ["sh", "-c", "echo from-data > /shared/f; exec sleep 600"]
            volumes: ["/shared"]
            stop_signal: SIGKILL
          app:
            image: busybox:test
            command: ["sleep", "600"]
            volumes_from: ["data:ro"]
            stop_signal: SIGKILL
        """);
    ComposeCli from = new ComposeCli(file, "ctest4");
    try {
      upStartsFirst(from, "ctest4-data-1", "ctest4-app-1");
      ContainerCommandsTest.Result read = from.run("exec", "-T", "app", "sh", "-c",
          "for i in 1 2 3 4 5 6 7 8 9 10; do test -s /shared/f && break; sleep 0.3; done; "
              + "cat /shared/f; touch /shared/x 2>/dev/null || echo ro");
      assertEquals("from-data\nro\n", read.out(), read.all());
      // a recreated source has a new anonymous volume: the borrower is recreated with it
      editThenUpRecreates(from, file, "echo from-data", "echo again", "ctest4-data-1",
          "ctest4-app-1");
      read = from.run("exec", "-T", "app", "sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do "
          + "test -s /shared/f && break; sleep 0.3; done; cat /shared/f");
      assertEquals("again\n", read.out(), read.all());
    } finally {
      from.down("-v");
    }
  }

  /** {@code yaml} written as {@code compose.yaml} in a new directory {@code name}. */
  private static Path composeFile(String name, String yaml) throws java.io.IOException {
    Path file = dir.resolve(name).resolve("compose.yaml");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, yaml);
  }

  /** {@code up -d} of {@code project}, container {@code first} started before {@code then}. */
  private static void upStartsFirst(ComposeCli project, String first, String then) {
    String up = project.ok("up", "-d").err();
    assertTrue(up.indexOf(first + "  Started") < up.indexOf(then + "  Started"), up);
  }

  /** {@code text} replaced by {@code with} in {@code file}, then {@code up -d} recreates each. */
  private static void editThenUpRecreates(ComposeCli project, Path file, String text,
      String with, String... recreated) throws java.io.IOException {
    Files.writeString(file, Files.readString(file).replace(text, with));
    String again = project.ok("up", "-d").err();
    for (String name : recreated) {
      assertTrue(again.contains(name + "  Recreated"), again);
    }
  }
}
