package dev.hoist.internal.service.list;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times as Docker's command line takes them ({@code --since}, {@code --until},
 * {@code --filter until=}): docker's {@code timetypes.GetTimestamp}.
 */
public final class Timestamps {
  private static final Pattern DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

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
    String s = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    if (s.isEmpty()) {
      return null;
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION_PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (m.find() && m.start() == at) {
      BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
      long unit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
      at = m.end();
    }
    if (at != s.length()) {
      return null;
    }
    Duration d = Duration.ofNanos(nanos.longValue());
    return text.startsWith("-") ? d.negated() : d;
  }
}
