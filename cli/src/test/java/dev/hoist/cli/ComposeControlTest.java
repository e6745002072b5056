package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose commands that act on what {@code up} made, with real containers: {@code port}
 * answering the host side a request reaches, {@code top}, {@code pause}/{@code unpause} and
 * {@code kill -s} seen through {@code ps --status}, {@code ps --format}, {@code images},
 * {@code ls}, {@code config --hash} equal to the label {@code up} wrote, {@code version}, and
 * {@code down --rmi all} taking the image; the web service comes from an {@code include}d file,
 * the worker reads a file-based secret and config, read-only, and a secret from a variable and
 * a config's content as a non-root user. Root, {@code ip} and {@code iptables}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeControlTest {
  @TempDir static Path dir;

  @BeforeAll
  void setUp() throws Exception {
    UserNetworkTest.setUpHome(dir);
    Files.createDirectories(file().getParent().resolve("web"));
    Files.writeString(file().getParent().resolve("web").resolve("compose.yaml"), """
        services:
          web:
            image: busybox:test
            init: true
            command: ["sh", "-c", "mkdir -p /www && echo hi-web > /www/index.html; exec httpd -f -p 80 -h /www"]
            ports:
              - "127.0.0.1::80"
        """);
    Files.writeString(file().getParent().resolve("token.txt"), "s3cret\n");
    Files.writeString(file().getParent().resolve("app.conf"), "x=1\n");
    Files.writeString(file(), """
        include:
          - web/compose.yaml
        services:
          worker:
            image: busybox:test
            init: true
            command: ["sleep", "600"]
            user: "65534"
            secrets: [token, fromenv]
            configs: [{source: app, target: /etc/app.conf}, inline]
        secrets:
          token: {file: ./token.txt}
          fromenv: {environment: HOIST_TEST_SECRET}
        configs:
          app: {file: ./app.conf}
          inline: {content: "inline=${HOIST_TEST_SECRET}"}
        """);
    Files.writeString(file().getParent().resolve(".env"), "HOIST_TEST_SECRET=from-dotenv\n");
  }

  @AfterAll
  void tearDown() {
    new ComposeCli(file(), "cctl").down();
    UserNetworkTest.tearDownHome();
  }

  private static Path file() {
    return dir.resolve("app").resolve("compose.yaml");
  }

  private static ContainerCommandsTest.Result compose(String... args) {
    return new ComposeCli(file(), "cctl").ok(args);
  }

  private static void writeRestartProject(Path file, String dbGreeting) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        services:
          db:
            image: busybox:test
            init: true
            command: ["sh", "-c", "echo %s; exec sleep 600"]
          app:
            image: busybox:test
            init: true
            command: ["sleep", "600"]
            depends_on:
              db: {condition: service_started, restart: true}
          other:
            image: busybox:test
            init: true
            command: ["sleep", "600"]
            depends_on: [db]
        """.formatted(dbGreeting));
  }

  @Test
  @Order(1)
  void aRecreatedDependencyRestartsTheServicesThatAskForIt() throws Exception {
    Path file = dir.resolve("restart").resolve("compose.yaml");
    ComposeCli restarts = new ComposeCli(file, "cctl3");
    try {
      writeRestartProject(file, "one");
      restarts.ok("up", "-d");
      writeRestartProject(file, "two");
      String up = restarts.ok("up", "-d").err();
      assertTrue(up.contains("cctl3-db-1  Recreated"), up);
      assertTrue(up.contains("cctl3-app-1  Restarted"), up);
      assertTrue(up.contains("cctl3-other-1  Running"), up);
      assertTrue(up.indexOf("cctl3-db-1  Recreated") < up.indexOf("cctl3-app-1  Restarted"), up);
    } finally {
      restarts.down();
    }
  }

  @Test
  @Order(2)
  void controlCommandsActOnTheProjectsContainers() throws Exception {
    compose("up", "-d");

    assertEquals("s3cret\nx=1\n", compose("exec", "-T", "worker", "cat", "/run/secrets/token",
        "/etc/app.conf").out());
    assertEquals("from-dotenv inline=from-dotenv", compose("exec", "-T", "worker", "sh", "-c",
        "echo $(cat /run/secrets/fromenv) $(cat /inline)").out().trim(),
        "a secret from a variable, a config's content, read by a non-root user");
    assertNotEquals(0, new ComposeCli(file(), "cctl").run("exec", "-T", "worker", "sh", "-c",
        "echo x > /inline").code());
    assertNotEquals(0, new ComposeCli(file(), "cctl").run("exec", "-T", "worker", "sh", "-c",
        "echo x > /run/secrets/token").code(),
        "secrets are read-only");

    assertEquals("CapEff:\t00000000a80425fb\n", compose("exec", "-T", "-u", "0", "worker",
        "grep", "CapEff", "/proc/self/status").out());
    assertNotEquals("CapEff:\t00000000a80425fb\n", compose("exec", "-T", "--privileged", "-u",
        "0", "worker", "grep", "CapEff", "/proc/self/status").out(), "every capability");
    compose("exec", "-d", "-u", "0", "worker", "sh", "-c", "echo d > /tmp/detached");
    String detached = "";
    for (int i = 0; i < 100 && !detached.equals("d\n"); i++) {
      Thread.sleep(i == 0 ? 0 : 100);
      detached = new ComposeCli(file(), "cctl").run("exec", "-T", "worker", "cat",
          "/tmp/detached").out();
    }
    assertEquals("d\n", detached, "exec -d ran its command");

    String hostPort = compose("port", "web", "80").out().trim();
    assertTrue(hostPort.startsWith("127.0.0.1:"), hostPort);
    assertEquals("hi-web", PublishedPortsTest.fetch("127.0.0.1",
        Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1))));

    String top = compose("top", "worker").out();
    assertTrue(top.contains("cctl-worker-1") && top.contains("sleep 600"), top);

    assertEquals("cctl-web-1\ncctl-worker-1\n", compose("ps", "--format", "{{.Names}}").out());
    assertTrue(compose("ps", "--format", "json").out().contains("\"Names\":\"cctl-web-1\""),
        compose("ps", "--format", "json").out());

    String paused = compose("pause", "worker").err();
    assertTrue(paused.contains("cctl-worker-1  Paused"), paused);
    assertEquals("worker\n", compose("ps", "--services", "--status", "paused").out());
    compose("unpause", "worker");
    assertEquals("web\nworker\n", compose("ps", "--services", "--status", "running").out());

    String killed = compose("kill", "-s", "SIGKILL", "worker").err();
    assertTrue(killed.contains("cctl-worker-1  Killed"), killed);
    for (int i = 0; i < 50 && !compose("ps", "--services", "--status", "exited").out()
        .equals("worker\n"); i++) {
      Thread.sleep(100);
    }
    assertEquals("worker\n", compose("ps", "--services", "--status", "exited").out());
    assertEquals("web\n", compose("ps", "--services").out());

    String images = compose("images").out();
    assertTrue(images.matches("(?s)CONTAINER +REPOSITORY +TAG +IMAGE ID\n"
        + "cctl-web-1 +busybox +test +[0-9a-f]{12}\n.*"), images);
    assertTrue(compose("images", "-q").out().matches("([0-9a-f]{64}\n)+"),
        compose("images", "-q").out());

    String ls = ContainerCommandsTest.ok("compose", "ls").out();
    assertTrue(ls.contains("cctl") && ls.contains("exited(1), running(1)"), ls);
    assertTrue(ls.contains(file().toString()), ls);
    compose("stop", "-t", "1");
    assertFalse(ContainerCommandsTest.ok("compose", "ls").out().contains("cctl"));
    assertTrue(ContainerCommandsTest.ok("compose", "ls", "-a", "--format", "json").out()
        .contains("\"Name\":\"cctl\""));

    String hashes = compose("config", "--hash", "*").out();
    String webHash = ContainerCommandsTest.ok("inspect", "-f",
        "{{index .Config.Labels \"com.docker.compose.config-hash\"}}", "cctl-web-1").out().trim();
    assertTrue(hashes.contains("web " + webHash + "\n"), hashes + " / " + webHash);
    assertEquals(2, hashes.lines().count(), hashes);

    assertTrue(compose("version").out().startsWith("hoist compose version "));

    Path secretFiles = dir.resolve("home").resolve("compose-files").resolve("cctl");
    assertTrue(Files.isDirectory(secretFiles), "up wrote the values' files");
    String down = compose("down", "--rmi", "all", "-t", "1").err();
    assertTrue(down.contains("Image busybox:test  Removed"), down);
    assertFalse(Files.exists(secretFiles), "down removes the files holding secret values");
    assertNotEquals(0, ContainerCommandsTest.hoist("image", "inspect", "busybox:test").code());
  }

  @Test
  @Order(3)
  void badInputIsRefusedClearly() {
    ComposeCli other = new ComposeCli(file(), "cctl2");
    ContainerCommandsTest.Result rmi = other.run("down", "--rmi", "some");
    assertEquals(1, rmi.code(), rmi.all());
    assertTrue(rmi.err().contains("--rmi takes local or all"), rmi.all());
    ContainerCommandsTest.Result port = other.run("port", "nosuch", "80");
    assertNotEquals(0, port.code(), port.all());
    assertTrue(port.err().contains("nosuch"), port.all());
  }
}
