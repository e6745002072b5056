package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attached {@code up} with real containers: every service's output prefixed {@code a-1  | },
 * {@code --exit-code-from} stopping the others when its service exits and returning its code;
 * {@code up --wait} returning once a health check passes; {@code logs -f} ending when its
 * container exits; SIGTERM to an attached {@code up} (a hoist process of its own) stopping its
 * containers, exit 130. Root, as ComposeUpTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeAttachedUpTest {
  @TempDir static Path dir;

  @BeforeAll
  void setUp() throws Exception {
    UserNetworkTest.setUpHome(dir);
    // an image with a HEALTHCHECK of its own, which up --wait waits for too
    BusyboxImage.create(new dev.hoist.internal.cache.store.HoistHome(dir.resolve("home")), dir,
        "busybox:checked", dev.hoist.cache.model.ContainerConfig.builder()
            .cmd(java.util.List.of("sleep", "600"))
            .healthcheck(new dev.hoist.cache.model.Healthcheck(java.util.List.of("CMD", "true"),
                1_000_000_000L, null, null, null, 3, null)).build());
    Files.writeString(dir.resolve("compose.yaml"), """
        services:
          a:
            image: busybox:test
            command: ["sh", "-c", "sleep 1; echo hello-from-a; echo second-line; exit 3"]
            init: true
          b:
            image: busybox:test
            command: ["sh", "-c", "echo hello-from-b; exec sleep 600"]
            init: true
            stop_grace_period: 2s
            healthcheck:
              test: ["CMD", "true"]
              interval: 1s
          c:
            image: busybox:checked
            init: true
            profiles: [checked]
        """);
  }

  @AfterAll
  void tearDown() {
    project().down();
    UserNetworkTest.tearDownHome();
  }

  private static ComposeCli project() {
    return new ComposeCli(dir.resolve("compose.yaml"), "cattach");
  }

  private static ContainerCommandsTest.Result compose(String... args) {
    return project().run(args);
  }

  @Test
  void attachedUpPrefixesEveryServiceAndExitCodeFromStopsTheRest() {
    ContainerCommandsTest.Result r = compose("up", "--exit-code-from", "a");
    assertEquals(3, r.code(), r.all());
    assertTrue(r.out().contains("a-1 | hello-from-a\na-1 | second-line\n"), r.out());
    assertTrue(r.out().contains("b-1 | hello-from-b\n"), r.out());
    assertTrue(r.out().contains("a-1 exited with code 3"), r.out());
    assertTrue(r.out().contains("b-1 exited with code"), r.out());
    assertTrue(r.err().contains("Container cattach-b-1  Stopped"), r.err());
    assertFalse(compose("ps", "-q").out().contains("\n"), "nothing running");

    ContainerCommandsTest.Result wait = compose("up", "--wait", "b");
    assertEquals(0, wait.code(), wait.all());
    assertTrue(wait.err().contains("Container cattach-b-1  Healthy"), wait.err());
    assertEquals("healthy\n", ContainerCommandsTest.ok("inspect", "-f",
        "{{.State.Health.Status}}", "cattach-b-1").out());
    ContainerCommandsTest.Result image = compose("--profile", "checked", "up", "--wait", "c");
    assertEquals(0, image.code(), image.all());
    assertTrue(image.err().contains("Container cattach-c-1  Healthy"), image.err());

    // logs -f --tail 0 prints only what a restarted a writes (after its 1 s sleep), until it
    // exits: without -f it would print nothing
    assertEquals(0, compose("start", "a").code());
    ContainerCommandsTest.Result logs = compose("logs", "-f", "--tail", "0", "a");
    assertEquals(0, logs.code(), logs.all());
    assertEquals("a-1 | hello-from-a\na-1 | second-line\n", logs.out());
  }

  @Test
  void sigtermStopsAnAttachedUpsContainers() throws Exception {
    Process cli = ChildJvm.start(HoistInHome.class, dir.resolve("home").toString(), "compose",
        "-f", dir.resolve("compose.yaml").toString(), "-p", "cattach", "up", "b");
    BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(),
        StandardCharsets.UTF_8));
    String line = out.readLine();
    while (line != null && !line.equals("b-1 | hello-from-b")) {
      line = out.readLine();
    }
    assertEquals("b-1 | hello-from-b", line, "b's output, followed");
    cli.toHandle().destroy(); // SIGTERM
    String rest = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(cli.waitFor(60, TimeUnit.SECONDS), rest);
    assertEquals(130, cli.exitValue(), rest);
    assertTrue(rest.startsWith("Gracefully stopping...\n"), rest);
    assertTrue(rest.matches("(?s).*b-1 exited with code (143|137)\n.*"), rest);
    assertEquals("exited\n", ContainerCommandsTest.ok("inspect", "-f", "{{.State.Status}}",
        "cattach-b-1").out());
  }
}
