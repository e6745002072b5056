package dev.hoist.internal.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A container's health as its checks left it ({@value #FILE} in its directory, written by the
 * monitor, {@code hoist-monitor.c}, after each check): Docker's {@code State.Health}.
 *
 * @param status {@code starting}, {@code healthy} or {@code unhealthy}
 * @param failingStreak failed checks in a row
 * @param log the last five results, oldest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthState(
    @JsonProperty("Status") String status,
    @JsonProperty("FailingStreak") int failingStreak,
    @JsonProperty("Log") List<Result> log) {
  static final String FILE = "health.json";

  public HealthState {
    log = log == null ? List.of() : List.copyOf(log);
  }

  /** One check: when it started and ended (RFC 3339), its exit code (-1: timed out), output. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Result(
      @JsonProperty("Start") String start,
      @JsonProperty("End") String end,
      @JsonProperty("ExitCode") int exitCode,
      @JsonProperty("Output") String output) {}

  /** What {@code containerDir} records; empty before its first start with a check. */
  public static Optional<HealthState> read(Path containerDir) {
    Path file = containerDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(CanonicalJson.mapper().readValue(file.toFile(), HealthState.class));
    } catch (IOException e) {
      return Optional.empty(); // replaced atomically: unreadable only when damaged
    }
  }
}
