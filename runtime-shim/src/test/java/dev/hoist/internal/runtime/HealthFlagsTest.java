package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Healthcheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The health check flags over an image's HEALTHCHECK as Docker merges them, Docker's refusals,
 * the defaults and the check's command line ({@link HealthFlags}, {@link ContainerHealthcheck}),
 * and Go's duration text in the timeout message ({@link HealthProbe#goString}).
 */
class HealthFlagsTest {
  private static final Healthcheck IMAGE = new Healthcheck(List.of("CMD", "check", "--fast"),
      5_000_000_000L, 2_000_000_000L, null, null, 4, null);
  @TempDir Path dir;

  private static HealthFlags flags(String cmd, Duration interval, int retries, boolean none) {
    return new HealthFlags(cmd, interval, null, retries, null, null, none);
  }

  @Test
  void noFlagKeepsTheImagesCheckAndNoneAtAllIsNull() {
    assertSame(IMAGE, HealthFlags.NONE_GIVEN.over(IMAGE));
    assertNull(HealthFlags.NONE_GIVEN.over(null));
  }

  @Test
  void eachFlagGivenReplacesOnlyItsField() {
    Healthcheck merged = flags(null, Duration.ofMillis(200), 0, false).over(IMAGE);
    assertEquals(List.of("CMD", "check", "--fast"), merged.test());
    assertEquals(200_000_000L, merged.interval());
    assertEquals(2_000_000_000L, merged.timeout());
    assertEquals(4, merged.retries());
    Healthcheck cmd = flags("curl -f localhost", null, 9, false).over(IMAGE);
    assertEquals(List.of("CMD-SHELL", "curl -f localhost"), cmd.test());
    assertEquals(5_000_000_000L, cmd.interval());
    assertEquals(9, cmd.retries());
  }

  @Test
  void noHealthcheckDisablesTheImagesAndConflictsWithOtherFlags() {
    Healthcheck none = flags(null, null, 0, true).over(IMAGE);
    assertEquals(List.of("NONE"), none.test());
    assertFalse(new ContainerHealthcheck(none, null).enabled());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> flags("true", null, 0, true).over(IMAGE));
    assertEquals("--no-healthcheck conflicts with --health-* options", e.getMessage());
  }

  @Test
  void negativeValuesAndDurationsUnderAMillisecondAreRefused() {
    assertEquals("--health-retries cannot be negative", assertThrows(
        IllegalArgumentException.class, () -> flags(null, null, -1, false).over(null))
        .getMessage());
    assertEquals("--health-interval cannot be negative", assertThrows(
        IllegalArgumentException.class,
        () -> flags(null, Duration.ofSeconds(-1), 0, false).over(null)).getMessage());
    assertEquals("--health-interval cannot be less than 1ms", assertThrows(
        IllegalArgumentException.class,
        () -> flags(null, Duration.ofNanos(999_999), 0, false).over(null)).getMessage());
  }

  @Test
  void dockersDefaultsFillTheZeroFieldsAndShellFormRunsByTheImagesShell() throws Exception {
    ContainerHealthcheck h = new ContainerHealthcheck(flags("echo ok", null, 0, false).over(null),
        List.of("/bin/ash", "-eo", "pipefail", "-c"));
    assertTrue(h.enabled());
    assertEquals(Duration.ofSeconds(30), h.interval());
    assertEquals(Duration.ofSeconds(30), h.timeout());
    assertEquals(Duration.ZERO, h.startPeriod());
    assertEquals(Duration.ofSeconds(5), h.startInterval());
    assertEquals(3, h.retries());
    assertEquals(List.of("/bin/ash", "-eo", "pipefail", "-c", "echo ok"), h.argv());
    assertEquals(List.of("/bin/sh", "-c", "echo ok"),
        new ContainerHealthcheck(h.config(), null).argv());
    assertEquals(List.of("check", "--fast"), new ContainerHealthcheck(IMAGE, null).argv());
    h.write(dir);
    assertEquals(h, ContainerHealthcheck.read(dir).orElseThrow());
  }

  @ParameterizedTest
  @CsvSource({"PT0.3S, 300ms", "PT30S, 30s", "PT1M30S, 1m30s", "PT1H, 1h0m0s", "PT1.5S, 1.5s",
      "PT0.0000015S, 1.5µs", "PT0S, 0s", "PT2M, 2m0s"})
  void timeoutsArePrintedAsGoPrintsDurations(Duration d, String go) {
    assertEquals(go, HealthProbe.goString(d));
  }
}
