package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * {@code hoist compose run} with real containers: a one-off of a service that depends on a web
 * server, which is started first and reached by its service name; the command's exit code and
 * output; {@code --rm}; {@code -e}, {@code -u}, {@code -w}, {@code --entrypoint}, {@code -v},
 * {@code --cap-drop}, {@code -l}; a detached
 * one-off labelled {@code oneoff=True}, named {@code PROJECT-SERVICE-run-ID}, left out of
 * {@code ps} and removed by {@code down}; {@code --no-deps}; a service of a profile not
 * enabled run when named; {@code ls --filter name=}.
 * Root, {@code ip} and {@code iptables}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeRunTest {
  @TempDir static Path dir;

  @BeforeAll
  void setUp() throws Exception {
    UserNetworkTest.setUpHome(dir);
    Files.createDirectories(file().getParent());
    Files.writeString(file(), """
        services:
          web:
            image: busybox:test
            init: true
            command: ["sh", "-c", "mkdir -p /www && echo hi-web > /www/index.html; exec httpd -f -p 80 -h /www"]
            ports: ["127.0.0.1::80"]
          tool:
            image: busybox:test
            init: true
            command: ["echo", "the service's command"]
            environment: {FROM_FILE: file}
            depends_on: [web]
          migrate:
            image: busybox:test
            command: ["echo", "migrated"]
            profiles: [tools]
        """);
  }

  @AfterAll
  void tearDown() {
    ContainerCommandsTest.hoist("compose", "-f", file().toString(), "-p", "crun", "down", "-t",
        "1");
    ContainerCommandsTest.hoist("compose", "-f", file().toString(), "-p", "crun2", "down", "-t",
        "1");
    UserNetworkTest.tearDownHome();
  }

  private static Path file() {
    return dir.resolve("app").resolve("compose.yaml");
  }

  private static ContainerCommandsTest.Result compose(String project, String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "compose";
    all[1] = "-f";
    all[2] = file().toString();
    all[3] = "-p";
    all[4] = project;
    System.arraycopy(args, 0, all, 5, args.length);
    return ContainerCommandsTest.hoist(all);
  }

  @Test
  @Order(1)
  void aOneOffStartsItsDependenciesAndExitsWithItsCommandsCode() {
    ContainerCommandsTest.Result r = compose("crun", "run", "--rm", "-T", "-e", "EXTRA=x",
        "-w", "/tmp", "-u", "65534", "tool", "sh", "-c",
        "wget -q -O - http://web/; echo $FROM_FILE $EXTRA $(pwd) $(id -u); exit 7");
    assertEquals(7, r.code(), r.all());
    assertEquals("hi-web\nfile x /tmp 65534\n", r.out(), r.all());
    assertTrue(r.err().contains("crun-web-1  Started"), r.all());
    assertEquals("", ContainerCommandsTest.ok("ps", "-a", "-q", "--filter",
        "label=com.docker.compose.oneoff=True").out(), "--rm removed the one-off");

    assertEquals("the service's command\n", compose("crun", "run", "--rm", "tool").out());
    assertEquals("in entrypoint a b\n", compose("crun", "run", "--rm", "--entrypoint",
        "echo 'in entrypoint'", "tool", "a", "b").out());
    assertEquals("services:\nCapBnd:\t0000000000000000\n", compose("crun", "run", "--rm",
        "--no-deps", "-v", "./:/proj:ro", "--cap-drop", "ALL", "tool", "sh", "-c",
        "head -1 /proj/compose.yaml; grep CapBnd /proc/self/status").out());
  }

  @Test
  @Order(2)
  void aDetachedOneOffIsLabelledLeftByPsAndRemovedByDown() {
    String name = compose("crun", "run", "-d", "-l", "org.example.k=v", "tool", "sleep", "600")
        .out().trim();
    assertTrue(name.matches("crun-tool-run-[0-9a-f]{12}"), name);
    assertEquals("True\n", ContainerCommandsTest.ok("inspect", "--format",
        "{{index .Config.Labels \"com.docker.compose.oneoff\"}}", name).out());
    assertEquals("v\n", ContainerCommandsTest.ok("inspect", "--format",
        "{{index .Config.Labels \"org.example.k\"}}", name).out());
    assertEquals("running\n", ContainerCommandsTest.ok("inspect", "--format",
        "{{.State.Status}}", name).out());
    String ps = compose("crun", "ps", "-a", "--services").out();
    assertEquals("web\n", ps, "ps lists the services' containers, not one-offs");
    assertEquals("crun\n", ContainerCommandsTest.ok("compose", "ls", "-q", "--filter",
        "name=^cr.n$").out());
    assertEquals("", ContainerCommandsTest.ok("compose", "ls", "-q", "--filter", "name=nomatch")
        .out());
    assertEquals(1, ContainerCommandsTest.hoist("compose", "ls", "--filter", "status=running")
        .code());
    String named = compose("crun", "run", "-d", "--name", "crun-named", "tool", "sleep", "600")
        .out().trim();
    assertEquals("crun-named", named);

    String down = compose("crun", "down", "-t", "1").err();
    assertTrue(down.contains("Container " + name + "  Removed"), down);
    assertTrue(down.contains("Container crun-named  Removed"), down);
    assertEquals("", ContainerCommandsTest.ok("ps", "-a", "-q", "--filter",
        "label=com.docker.compose.project=crun").out());
  }

  @Test
  @Order(3)
  void noDepsLeavesTheDependenciesAlone() {
    ContainerCommandsTest.Result r = compose("crun2", "run", "--rm", "--no-deps", "tool", "sh",
        "-c", "wget -q -T 2 -O - http://web/ || echo no web");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("no web"), r.all());
    assertFalse(r.err().contains("web-1"), r.all());
    assertEquals("", compose("crun2", "ps", "-a", "-q").out());
  }

  @Test
  @Order(4)
  void aServiceOfAProfileNotEnabledRunsWhenNamed() {
    ContainerCommandsTest.Result r = compose("crun2", "run", "--rm", "--no-deps", "migrate");
    assertEquals(0, r.code(), r.all());
    assertEquals("migrated\n", r.out());
  }

  @Test
  @Order(5)
  void anUnknownServiceIsRefused() {
    ContainerCommandsTest.Result r = compose("crun2", "run", "--rm", "nosuch");
    assertEquals(1, r.code(), "Compose v2's status when it fails, not docker run's 125: "
        + r.all());
    assertTrue(r.err().contains("no such service: nosuch (services: web, tool)"), r.all());
    assertEquals("web\ntool\n", compose("crun2", "config", "--services").out(),
        "migrate stays disabled for the other commands");
  }
}
