package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Healthcheck;
import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks as Docker's ({@code --health-*}, the image's {@code HEALTHCHECK}), run by the
 * monitor of a detached container (by {@code hoist-monitor --health} beside a foreground one) on
 * real containers: the state in inspect's {@code State.Health}, {@code ps}'s status and {@code
 * health} filter, the {@code health_status} events; and {@code wait --condition}. The shim here,
 * runc in {@link HealthCheckRuncTest}. Short intervals keep it fast.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthCheckTest implements UnderRuntime {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  @TempDir static Path dir;
  Path home;

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
    UnderRuntime.assumeInstalled(runtime());
    home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "box:test", ContainerConfig.builder()
        .cmd(List.of("sh")).build());
    // an image whose HEALTHCHECK always fails, quickly
    BusyboxImage.create(new HoistHome(home), dir, "checked:test", ContainerConfig.builder()
        .cmd(List.of("sh")).healthcheck(new Healthcheck(List.of("CMD-SHELL", "exit 1"),
            Duration.ofMillis(200).toNanos(), null, null, null, 1, null)).build());
  }

  @AfterAll
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  @Override
  public String runtime() {
    return "hoist";
  }

  @Test
  void aPassingCheckTurnsTheContainerHealthyShownByInspectPsAndAnEvent() throws Exception {
    String id = ok("run", "-d", "--network", "none", "--health-cmd", "echo ok",
        "--health-interval", "200ms", "box:test", "sleep", "60").out().trim();
    try {
      JsonNode health = awaitHealth(id, h -> h.path("Status").asText().equals("healthy"));
      assertEquals("healthy", health.path("Status").asText(), health.toString());
      assertEquals(0, health.path("FailingStreak").asInt());
      JsonNode first = health.path("Log").get(0);
      assertEquals(0, first.path("ExitCode").asInt());
      assertEquals("ok\n", first.path("Output").asText());
      assertTrue(first.path("Start").asText().compareTo(first.path("End").asText()) <= 0, first.toString());

      String status = ok("ps", "--filter", "id=" + id, "--format", "{{.Status}}").out().trim();
      assertTrue(status.matches("Up .* \\(healthy\\)"), status);
      assertTrue(ok("ps", "-q", "--no-trunc", "--filter", "health=healthy").out().contains(id));
      assertFalse(ok("ps", "-q", "--no-trunc", "--filter", "health=unhealthy").out().contains(id));
      assertFalse(ok("ps", "-q", "--no-trunc", "--filter", "health=none").out().contains(id));
      List<JsonNode> events = healthEvents(id);
      assertEquals(1, events.size(), events.toString());
      JsonNode event = events.get(0);
      assertEquals("container", event.path("Type").asText());
      assertEquals("health_status: healthy", event.path("Action").asText());
      assertEquals(id, event.path("Actor").path("ID").asText());
      assertEquals("box:test", event.path("Actor").path("Attributes").path("image").asText());
      assertTrue(event.path("timeNano").asLong() / 1_000_000_000L
          == event.path("time").asLong(), event.toString());
    } finally {
      ok("rm", "-f", id);
    }
  }

  @Test
  void aFailingCheckTurnsItUnhealthyOnlyAfterItsRetries() throws Exception {
    String id = ok("run", "-d", "--network", "none", "--health-cmd", "echo failing; exit 1",
        "--health-interval", "200ms", "--health-retries", "3", "box:test", "sleep", "60")
        .out().trim();
    try {
      List<JsonNode> seen = new ArrayList<>();
      JsonNode health = awaitHealth(id, h -> {
        seen.add(h);
        return h.path("Status").asText().equals("unhealthy");
      });
      assertEquals("unhealthy", health.path("Status").asText(), health.toString());
      assertTrue(health.path("FailingStreak").asInt() >= 3, health.toString());
      for (JsonNode h : seen) { // fewer failures than retries: still starting
        if (h.path("FailingStreak").asInt() < 3) {
          assertEquals("starting", h.path("Status").asText(), h.toString());
        }
      }
      JsonNode last = health.path("Log").get(health.path("Log").size() - 1);
      assertEquals(1, last.path("ExitCode").asInt());
      assertEquals("failing\n", last.path("Output").asText());
      assertTrue(ok("ps", "--filter", "id=" + id, "--format", "{{.Status}}").out().trim()
          .endsWith("(unhealthy)"));
      assertTrue(ok("ps", "-q", "--no-trunc", "--filter", "health=unhealthy").out().contains(id));
      assertEquals(List.of("health_status: unhealthy"),
          healthEvents(id).stream().map(e -> e.path("Action").asText()).toList());
      // Docker keeps the last five results
      JsonNode five = awaitHealth(id, h -> h.path("Log").size() == 5
          && h.path("FailingStreak").asInt() > 6);
      assertEquals(5, five.path("Log").size(), five.toString());
    } finally {
      ok("rm", "-f", id);
    }
  }

  @Test
  void aCheckPastItsTimeoutFailsWithDockersMessage() throws Exception {
    String id = ok("run", "-d", "--network", "none", "--health-cmd", "sleep 20",
        "--health-interval", "200ms", "--health-timeout", "300ms", "--health-retries", "1",
        "box:test", "sleep", "60").out().trim();
    try {
      JsonNode health = awaitHealth(id, h -> h.path("Status").asText().equals("unhealthy"));
      JsonNode first = health.path("Log").get(0);
      assertEquals(-1, first.path("ExitCode").asInt(), health.toString());
      assertEquals("Health check exceeded timeout (300ms)", first.path("Output").asText());
      // the check that timed out is ended, not left running in the container
      Thread.sleep(1500);
      String top = ok("exec", id, "ps").out();
      assertTrue(top.lines().filter(l -> l.contains("sleep 20")).count() <= 1, top);
    } finally {
      ok("rm", "-f", id);
    }
  }

  @Test
  void failuresWithinTheStartPeriodDoNotCount() throws Exception {
    // within the start period, while starting, checks run every start interval (Docker's)
    String id = ok("run", "-d", "--network", "none", "--health-cmd", "exit 1",
        "--health-interval", "200ms", "--health-retries", "1", "--health-start-period", "3s",
        "--health-start-interval", "200ms", "box:test", "sleep", "60").out().trim();
    try {
      JsonNode early = awaitHealth(id, h -> h.path("Log").size() >= 2);
      assertEquals("starting", early.path("Status").asText(), early.toString());
      assertEquals(0, early.path("FailingStreak").asInt(), early.toString());
      assertTrue(ok("ps", "--filter", "id=" + id, "--format", "{{.Status}}").out().trim()
          .endsWith("(health: starting)"));
      assertTrue(ok("ps", "-q", "--no-trunc", "--filter", "health=starting").out().contains(id));
      JsonNode later = awaitHealth(id, h -> h.path("Status").asText().equals("unhealthy"));
      assertEquals("unhealthy", later.path("Status").asText(), later.toString());
    } finally {
      ok("rm", "-f", id);
    }
  }

  @Test
  void aPausedContainersChecksWaitUntilItIsUnpaused() throws Exception {
    String id = ok("run", "-d", "--network", "none", "--health-cmd", "echo ok",
        "--health-interval", "200ms", "--health-timeout", "300ms", "--health-retries", "1",
        "box:test", "sleep", "60").out().trim();
    try {
      awaitHealth(id, h -> h.path("Status").asText().equals("healthy"));
      ok("pause", id);
      Thread.sleep(700); // a check under way at the pause has timed out by now
      String lastEnd = lastEnd(inspect(id).path("State").path("Health"));
      Thread.sleep(1500);
      JsonNode paused = inspect(id).path("State").path("Health");
      assertEquals("healthy", paused.path("Status").asText(), "no check failed: " + paused);
      assertEquals(lastEnd, lastEnd(paused), "no check ran while paused: " + paused);
      ok("unpause", id);
      JsonNode after = awaitHealth(id, h -> !lastEnd(h).equals(lastEnd));
      assertTrue(!lastEnd(after).equals(lastEnd), "checks again once unpaused: " + after);
      assertEquals("healthy", after.path("Status").asText(), after.toString());
    } finally {
      ok("rm", "-f", id);
    }
  }

  private static String lastEnd(JsonNode health) {
    JsonNode log = health.path("Log");
    return log.size() == 0 ? "" : log.get(log.size() - 1).path("End").asText();
  }

  @Test
  void noHealthcheckOverridesTheImagesHealthcheck() throws Exception {
    String checked = ok("run", "-d", "--network", "none", "checked:test", "sleep", "60")
        .out().trim();
    String unchecked = ok("run", "-d", "--network", "none", "--no-healthcheck", "checked:test",
        "sleep", "60").out().trim();
    try {
      JsonNode health = awaitHealth(checked, h -> h.path("Status").asText().equals("unhealthy"));
      assertEquals("unhealthy", health.path("Status").asText(), "the image's check runs");
      // Docker's daemon merges the image's other fields under the disabled test, as here
      assertEquals("[\"NONE\"]",
          inspect(unchecked).path("Config").path("Healthcheck").path("Test").toString());
      assertTrue(inspect(unchecked).path("State").path("Health").isMissingNode(),
          inspect(unchecked).path("State").toString());
      assertTrue(ok("ps", "-q", "--no-trunc", "--filter", "health=none").out()
          .contains(unchecked));
      assertTrue(ok("ps", "--filter", "id=" + unchecked, "--format", "{{.Status}}").out().trim()
          .matches("Up [^(]*"));
    } finally {
      ok("rm", "-f", checked, unchecked);
    }
  }

  @Test
  void flagsOverrideTheImagesFieldsAndConflictingOrBadFlagsAreRefused() throws Exception {
    String id = ok("create", "--health-retries", "7", "--health-timeout", "1m30s",
        "checked:test", "true").out().trim();
    try {
      assertEquals(JSON.readTree("{\"Test\":[\"CMD-SHELL\",\"exit 1\"],\"Interval\":200000000,"
          + "\"Timeout\":90000000000,\"Retries\":7}"),
          inspect(id).path("Config").path("Healthcheck"));
    } finally {
      ok("rm", id);
    }
    String cmd = ok("create", "--health-cmd", "true", "box:test", "true").out().trim();
    assertEquals("{\"Test\":[\"CMD-SHELL\",\"true\"]}",
        inspect(cmd).path("Config").path("Healthcheck").toString());
    ok("rm", cmd);

    int before = ok("ps", "-aq").out().length();
    ContainerCommandsTest.Result conflict = hoist("create", "--no-healthcheck", "--health-cmd",
        "true", "box:test");
    assertEquals(125, conflict.code(), conflict.all());
    assertTrue(conflict.err().contains("--no-healthcheck conflicts with --health-* options"),
        conflict.all());
    ContainerCommandsTest.Result badDuration = hoist("create", "--health-interval", "10x",
        "box:test");
    assertEquals(125, badDuration.code(), badDuration.all());
    assertTrue(badDuration.err().contains("invalid duration \"10x\""), badDuration.all());
    ContainerCommandsTest.Result negative = hoist("create", "--health-retries", "-1", "box:test");
    assertEquals(125, negative.code(), negative.all());
    assertTrue(negative.err().contains("--health-retries cannot be negative"), negative.all());
    assertEquals(before, ok("ps", "-aq").out().length(), "no container was created");
  }

  @Test
  void aForegroundContainersChecksRunBesideIt() throws Exception {
    ContainerCommandsTest.Result r = ok("run", "--name", "fg-checked-" + runtime(), "--network",
        "none", "--health-cmd", "echo fg", "--health-interval", "200ms", "box:test", "sleep",
        "1.5");
    String id = ok("inspect", "-f", "{{.Id}}", "fg-checked-" + runtime()).out().trim();
    try {
      JsonNode health = inspect(id).path("State").path("Health");
      assertEquals("healthy", health.path("Status").asText(), r.all() + health);
      assertTrue(health.path("Log").size() >= 2, health.toString());
      // they end as the run does: looked for until gone (10 s at most), not once after 500 ms
      String checker = "--health " + home.resolve("containers").resolve(id);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline && ProcessHandle.allProcesses()
          .anyMatch(p -> p.info().commandLine().orElse("").contains(checker))) {
        Thread.sleep(50);
      }
      assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("")
          .contains(checker)), "the checks end with the container");
    } finally {
      ok("rm", "-f", id);
    }
  }

  @Test
  void waitConditionNextExitWaitsForTheExitAfterAStart() throws Exception {
    String id = ok("create", "--network", "none", "box:test", "sh", "-c", "sleep 0.5; exit 4")
        .out().trim();
    try {
      CompletableFuture<ContainerCommandsTest.Result> nextExit = CompletableFuture.supplyAsync(
          () -> hoist("wait", "--condition", "next-exit", id));
      CompletableFuture<ContainerCommandsTest.Result> notRunning = CompletableFuture.supplyAsync(
          () -> hoist("wait", id));
      assertEquals("0\n", notRunning.get(20, TimeUnit.SECONDS).out(),
          "not-running returns at once for a container that never ran");
      Thread.sleep(700);
      assertFalse(nextExit.isDone(), "next-exit waits for a start, then its exit");
      ok("start", id);
      ContainerCommandsTest.Result waited = nextExit.get(30, TimeUnit.SECONDS);
      assertEquals(0, waited.code(), waited.all());
      assertEquals("4\n", waited.out());
    } finally {
      ok("rm", "-f", id);
    }
  }

  @Test
  void waitConditionRemovedWaitsForTheRemoval() throws Exception {
    String id = ok("run", "-d", "--network", "none", "box:test", "sh", "-c", "exit 6")
        .out().trim();
    assertEquals("6\n", ok("wait", id).out());
    CompletableFuture<ContainerCommandsTest.Result> removed = CompletableFuture.supplyAsync(
        () -> hoist("wait", "--condition", "removed", id));
    Thread.sleep(700);
    assertFalse(removed.isDone(), "an exited container is not removed yet");
    ok("rm", id);
    ContainerCommandsTest.Result waited = removed.get(30, TimeUnit.SECONDS);
    assertEquals("6\n", waited.out(), waited.all());

    ContainerCommandsTest.Result bad = hoist("wait", "--condition", "gone", id);
    assertEquals(125, bad.code(), bad.all());
    assertTrue(bad.err().contains("invalid condition: \"gone\""), bad.all());
  }

  private JsonNode inspect(String id) throws Exception {
    return JSON.readTree(ok("inspect", id).out()).get(0);
  }

  /** The container's State.Health once {@code done} holds (or as it is after a while). */
  private JsonNode awaitHealth(String id, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    JsonNode health = inspect(id).path("State").path("Health");
    while (!(health.isObject() && done.test(health)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      health = inspect(id).path("State").path("Health");
    }
    return health;
  }

  /** The journal's health_status events of container {@code id}. */
  private List<JsonNode> healthEvents(String id) throws Exception {
    Path journal = home.resolve("events/events.jsonl");
    List<JsonNode> events = new ArrayList<>();
    if (!Files.exists(journal)) {
      return events;
    }
    for (String line : Files.readAllLines(journal)) {
      JsonNode e = JSON.readTree(line);
      if (e.path("Action").asText().startsWith("health_status")
          && e.path("Actor").path("ID").asText().equals(id)) {
        events.add(e);
      }
    }
    return events;
  }
}
