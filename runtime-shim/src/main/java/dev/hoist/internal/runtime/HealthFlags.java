package dev.hoist.internal.runtime;

import dev.hoist.cache.model.Healthcheck;
import java.time.Duration;
import java.util.List;

/**
 * {@code run}/{@code create}'s health check flags, as docker/cli reads them: {@code
 * --health-cmd} (run by the container's shell, {@code CMD-SHELL}), {@code --health-interval},
 * {@code --health-timeout}, {@code --health-retries}, {@code --health-start-period}, {@code
 * --health-start-interval} (zero: not given, the image's or Docker's default), {@code
 * --no-healthcheck}.
 *
 * @param cmd null or empty: not given
 */
public record HealthFlags(String cmd, Duration interval, Duration timeout, int retries,
    Duration startPeriod, Duration startInterval, boolean none) {
  /** Docker's daemon refuses a duration under this (other than 0, the default). */
  private static final Duration MINIMUM = Duration.ofMillis(1);

  /** No flag given: the image's health check as it is. */
  public static final HealthFlags NONE_GIVEN = new HealthFlags(null, Duration.ZERO,
      Duration.ZERO, 0, Duration.ZERO, Duration.ZERO, false);

  public HealthFlags {
    interval = interval == null ? Duration.ZERO : interval;
    timeout = timeout == null ? Duration.ZERO : timeout;
    startPeriod = startPeriod == null ? Duration.ZERO : startPeriod;
    startInterval = startInterval == null ? Duration.ZERO : startInterval;
  }

  private boolean anySetting() {
    return cmd != null && !cmd.isEmpty() || !interval.isZero() || !timeout.isZero()
        || retries != 0 || !startPeriod.isZero() || !startInterval.isZero();
  }

  /**
   * The container's health check: these flags over the image's {@code HEALTHCHECK} ({@code
   * image}, null when it has none), as Docker merges them ({@link ContainerHealthcheck#merge}):
   * each flag given replaces that field, {@code --no-healthcheck} disables the check ({@code
   * Test ["NONE"]}). Null: no check at all.
   *
   * @throws IllegalArgumentException for a negative value, a duration under 1 ms, or {@code
   *     --no-healthcheck} with another health flag (Docker's messages)
   */
  public Healthcheck over(Healthcheck image) {
    return ContainerHealthcheck.merge(given(), image);
  }

  /**
   * What these flags ask of the container's health check, as docker/cli sends it in {@code
   * Config.Healthcheck}: null when no flag is given (the image's check as it is), {@code Test
   * ["NONE"]} for {@code --no-healthcheck}, else the fields given (null: the image's).
   *
   * @throws IllegalArgumentException for a negative value, a duration under 1 ms, or {@code
   *     --no-healthcheck} with another health flag (Docker's messages)
   */
  public Healthcheck given() {
    if (none) {
      if (anySetting()) {
        throw new IllegalArgumentException("--no-healthcheck conflicts with --health-* options");
      }
      return new Healthcheck(List.of("NONE"), null, null, null, null, null, null);
    }
    check("--health-interval", interval);
    check("--health-timeout", timeout);
    check("--health-start-period", startPeriod);
    check("--health-start-interval", startInterval);
    if (retries < 0) {
      throw new IllegalArgumentException("--health-retries cannot be negative");
    }
    if (!anySetting()) {
      return null;
    }
    return new Healthcheck(cmd != null && !cmd.isEmpty() ? List.of("CMD-SHELL", cmd) : null,
        nanos(interval), nanos(timeout), nanos(startPeriod), nanos(startInterval),
        retries != 0 ? Integer.valueOf(retries) : null, null);
  }

  private static Long nanos(Duration flag) {
    return flag.isZero() ? null : Long.valueOf(flag.toNanos());
  }

  private static void check(String flag, Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(flag + " cannot be negative");
    }
    if (!d.isZero() && d.compareTo(MINIMUM) < 0) {
      throw new IllegalArgumentException(flag + " cannot be less than 1ms");
    }
  }
}
