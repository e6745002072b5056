package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's health checks ({@code hoist-monitor --health}) end with the container's init: a
 * check that fails once the init has ended (while the runtime still tears the container down)
 * is not counted. Without a known init, the same failures make it unhealthy.
 */
class HealthChecksEndWithTheInitTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void failuresAfterTheInitEndedAreNotCounted() throws Exception {
    Process init = new ProcessBuilder("sleep", "60").start();
    HostProcess initProcess = HostProcess.of(init.pid()).orElseThrow();
    Path marker = Files.createFile(dir.resolve("up"));
    Path record = dir.resolve("health.json");
    Process checks = startChecks(marker, record, Optional.of(initProcess));
    try {
      awaitStatus(record, "healthy");
      init.destroyForcibly().waitFor();
      Files.delete(marker); // every check from now on fails
      Thread.sleep(1000); // ten intervals
      JsonNode health = JSON.readTree(record.toFile());
      assertEquals("healthy", health.path("Status").asText(), health.toString());
      assertEquals(0, health.path("FailingStreak").asInt(), health.toString());
      for (JsonNode result : health.path("Log")) {
        assertEquals(0, result.path("ExitCode").asInt(), health.toString());
      }
      String last = Files.readString(record);
      Thread.sleep(300);
      assertEquals(last, Files.readString(record), "no check runs after the init ended");
    } finally {
      checks.destroyForcibly().waitFor(); // it writes the record in @TempDir: gone before that is
      init.destroyForcibly();
    }
  }

  @Test
  void withoutAKnownInitTheSameFailuresMakeItUnhealthy() throws Exception {
    Path marker = Files.createFile(dir.resolve("up"));
    Path record = dir.resolve("health.json");
    Process checks = startChecks(marker, record, Optional.empty());
    try {
      awaitStatus(record, "healthy");
      Files.delete(marker);
      awaitStatus(record, "unhealthy");
    } finally {
      checks.destroyForcibly().waitFor(); // it writes the record in @TempDir: gone before that is
    }
  }

  private Process startChecks(Path marker, Path record, Optional<HostProcess> init)
      throws IOException {
    ShimConfig conf = new ShimConfig().put("arg", "/bin/sh").put("arg", "-c")
        .put("arg", "test -e " + marker)
        .put("interval_ms", "100").put("timeout_ms", "5000").put("start_period_ms", "0")
        .put("start_interval_ms", "100").put("retries", "2").put("timeout_text", "5s")
        .put("record", record.toString());
    init.ifPresent(p -> conf.put("init_pid", Long.toString(p.pid()))
        .put("init_start", Long.toString(p.startTicks())));
    Path file = dir.resolve(HealthProbe.FILE);
    conf.write(file);
    Path monitor = ShimBinary.locateMonitor(new HoistHome(dir.resolve("home")));
    return new ProcessBuilder(monitor.toString(), "--health", file.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static void awaitStatus(Path record, String status) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    String seen = "";
    while (System.nanoTime() < deadline) {
      if (Files.exists(record)) {
        seen = Files.readString(record);
        if (JSON.readTree(seen).path("Status").asText().equals(status)) {
          return;
        }
      }
      Thread.sleep(20);
    }
    assertTrue(false, "never " + status + ": " + seen);
  }
}
