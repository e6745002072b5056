package dev.hoist.internal.service.list;

import dev.hoist.dockerfile.GoDuration;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Times as Docker's command line takes them ({@code --since}, {@code --until},
 * {@code --filter until=}): docker's {@code timetypes.GetTimestamp}.
 */
public final class Timestamps {
  private Timestamps() {}

  /**
   * A time as hoist records it (a container's {@code created}, an image config's
   * {@code created}: RFC 3339, any offset), or null when it is absent or no time: unknown, which
   * a prune's {@code until} never selects and a listing sorts as it likes.
   */
  public static Instant recorded(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** docker's {@code timetypes.GetTimestamp}: a duration back from now, a date, or Unix seconds. */
  public static Instant parse(String value, Clock clock) {
    Duration d = goDuration(value);
    if (d != null) {
      return clock.instant().minus(d);
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      // no zone: local time, as docker's
    }
    ZoneId zone = clock.getZone();
    try {
      return LocalDateTime.parse(value).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      // a date alone
    }
    try {
      return LocalDate.parse(value).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException e) {
      // Unix seconds
    }
    if (value.matches("\\d+(\\.\\d{1,9})?")) {
      BigDecimal seconds = new BigDecimal(value);
      return Instant.ofEpochSecond(seconds.longValue(),
          seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
    throw new IllegalArgumentException("failed to parse value as time or duration: \"" + value
        + "\"");
  }

  /** Go's {@code time.ParseDuration} ({@code 1h30m}, {@code 1.5h}, {@code 300ms}), or null. */
  public static Duration goDuration(String text) {
    return GoDuration.parse(text).orElse(null);
  }
}
