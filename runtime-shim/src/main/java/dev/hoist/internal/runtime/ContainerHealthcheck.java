package dev.hoist.internal.runtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cache.model.Healthcheck;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's health check as it was created ({@link HealthFlags} over the image's {@code
 * HEALTHCHECK}), kept in its directory as {@value #FILE}: Docker's {@code Config.Healthcheck}
 * and the image's {@code SHELL} that runs a {@code CMD-SHELL} test. A container without the
 * file (created before health checks, or from an image without one and no flag) has none.
 *
 * @param config Docker's {@code Healthcheck} (null fields: Docker's defaults)
 * @param shell the image's {@code SHELL}; null: {@code /bin/sh -c}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerHealthcheck(Healthcheck config, List<String> shell) {
  static final String FILE = "healthcheck.json";
  private static final ObjectMapper JSON = CanonicalJson.mapper();
  /** Docker's defaults (moby daemon/health.go). */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
  static final int DEFAULT_RETRIES = 3;

  public ContainerHealthcheck {
    shell = shell == null ? null : List.copyOf(shell);
  }

  /**
   * A container's health check as Docker's daemon makes it (moby {@code daemon/commit.go}
   * {@code merge}): the check asked for ({@code given}: {@code run}'s flags, the Engine API's
   * {@code Config.Healthcheck}; null: none asked) over the image's ({@code image}, null: none),
   * each field asked for (a test, a non-zero duration or count) replacing the image's. Null: no
   * check at all.
   *
   * @throws IllegalArgumentException for what the daemon refuses ({@link #check})
   */
  public static Healthcheck merge(Healthcheck given, Healthcheck image) {
    if (given == null) {
      return image;
    }
    check(given);
    if (image == null) {
      return given;
    }
    return new Healthcheck(given.test() == null || given.test().isEmpty() ? image.test()
        : given.test(), pick(given.interval(), image.interval()),
        pick(given.timeout(), image.timeout()), pick(given.startPeriod(), image.startPeriod()),
        pick(given.startInterval(), image.startInterval()),
        given.retries() == null || given.retries() == 0 ? image.retries() : given.retries(),
        given.unknownFields());
  }

  private static Long pick(Long given, Long image) {
    return given == null || given == 0 ? image : given;
  }

  /**
   * Refuses what Docker's daemon refuses in a {@code Config.Healthcheck} (moby {@code
   * validateHealthCheck}): a duration under 1 ms other than 0, a negative retry count.
   */
  public static void check(Healthcheck h) {
    checkDuration("Interval", h.interval());
    checkDuration("Timeout", h.timeout());
    checkDuration("StartPeriod", h.startPeriod());
    checkDuration("StartInterval", h.startInterval());
    if (h.retries() != null && h.retries() < 0) {
      throw new IllegalArgumentException("Retries in Healthcheck cannot be negative");
    }
  }

  private static void checkDuration(String field, Long nanos) {
    if (nanos != null && nanos != 0 && nanos < 1_000_000L) {
      throw new IllegalArgumentException(field + " in Healthcheck cannot be less than 1ms");
    }
  }

  /** What {@code containerDir} records; empty when it has none or it is unreadable. */
  public static Optional<ContainerHealthcheck> read(Path containerDir) {
    Path file = containerDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), ContainerHealthcheck.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Records it in {@code containerDir} (at the container's creation). */
  public void write(Path containerDir) throws IOException {
    AtomicFiles.write(containerDir.resolve(FILE), JSON.writeValueAsBytes(this));
  }

  /** Whether a check runs: a test other than {@code NONE}. */
  @JsonIgnore
  public boolean enabled() {
    List<String> test = config == null ? null : config.test();
    return test != null && test.size() >= 2 && !test.get(0).equals("NONE")
        && (test.get(0).equals("CMD") || test.get(0).equals("CMD-SHELL"));
  }

  /** The check's command line in the container: {@code CMD}'s as given, {@code CMD-SHELL}'s by the shell. */
  List<String> argv() {
    List<String> test = config.test();
    if (test.get(0).equals("CMD")) {
      return test.subList(1, test.size());
    }
    List<String> argv = new ArrayList<>(shell == null || shell.isEmpty()
        ? List.of("/bin/sh", "-c") : shell);
    argv.add(test.get(1));
    return argv;
  }

  Duration interval() {
    return orDefault(config.interval(), DEFAULT_INTERVAL);
  }

  Duration timeout() {
    return orDefault(config.timeout(), DEFAULT_TIMEOUT);
  }

  Duration startPeriod() {
    return orDefault(config.startPeriod(), Duration.ZERO);
  }

  Duration startInterval() {
    return orDefault(config.startInterval(), DEFAULT_START_INTERVAL);
  }

  int retries() {
    return config.retries() == null || config.retries() == 0 ? DEFAULT_RETRIES
        : config.retries();
  }

  private static Duration orDefault(Long nanos, Duration fallback) {
    return nanos == null || nanos == 0 ? fallback : Duration.ofNanos(nanos);
  }
}
