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
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --filter} of Docker's prune commands: {@code until=TIME} (what was made before it:
 * a Go duration back from now such as {@code 24h}, an RFC 3339 date or time, or Unix seconds, as
 * docker's {@code timetypes.GetTimestamp}), {@code label=K[=V]} (only what has the label) and
 * {@code label!=K[=V]} (only what lacks it).
 */
public final class PruneFilter {
  public static final Set<String> KEYS = Set.of("until", "label", "label!");
  public static final PruneFilter NONE = new PruneFilter(Filters.NONE, null);

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private final Filters filters;
  private final Instant until;

  private PruneFilter(Filters filters, Instant until) {
    this.filters = filters;
    this.until = until;
  }

  /**
   * The prune filter {@code filters} give, read at {@code clock}'s now.
   *
   * @throws InvalidFilterException for a key a prune does not take
   * @throws IllegalArgumentException for an {@code until} that is no time
   */
  public static PruneFilter of(Filters filters, Clock clock) {
    filters.validate(KEYS);
    Instant until = null;
    for (String value : filters.get("until")) {
      Instant t = timestamp(value, clock);
      until = until == null || t.isBefore(until) ? t : until;
    }
    return new PruneFilter(filters, until);
  }

  /** The {@code until} time, or null when none was given. */
  public Instant until() {
    return until;
  }

  /** Whether something made at {@code created} (null: unknown) with {@code labels} is pruned. */
  public boolean matches(Instant created, Map<String, String> labels) {
    if (until != null && (created == null || !created.isBefore(until))) {
      return false;
    }
    return filters.matchLabels("label", labels) && filters.matchNoLabel("label!", labels);
  }

  /** docker's {@code timetypes.GetTimestamp}: a duration back from now, a date, or Unix seconds. */
  static Instant timestamp(String value, Clock clock) {
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
