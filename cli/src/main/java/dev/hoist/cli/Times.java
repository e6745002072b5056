package dev.hoist.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** "2 weeks ago", as Docker prints creation times. */
final class Times {
  private Times() {}

  static String ago(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return "N/A";
    }
    Instant then;
    try {
      then = OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return rfc3339;
    }
    Duration d = Duration.between(then, Instant.now());
    if (d.isNegative()) {
      return "in the future";
    }
    long s = d.getSeconds();
    if (s < 60) {
      return "Less than a minute ago";
    }
    if (s < 3600) {
      return plural(s / 60, "minute");
    }
    if (s < 86400 * 2) {
      return plural(s / 3600, "hour");
    }
    if (s < 86400 * 14) {
      return plural(s / 86400, "day");
    }
    if (s < 86400L * 60) {
      return plural(s / (86400 * 7), "week");
    }
    if (s < 86400L * 365 * 2) {
      return plural(s / (86400L * 30), "month");
    }
    return plural(s / (86400L * 365), "year");
  }

  /** A duration as Docker's {@code units.HumanDuration} words it: "3 seconds", "About an hour". */
  static String human(Duration d) {
    return dev.hoist.internal.service.list.HumanDuration.of(d);
  }

  /** The time since an RFC 3339 instant, as {@link #human}; empty text when unknown. */
  static String since(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return "";
    }
    try {
      Duration d = Duration.between(OffsetDateTime.parse(rfc3339).toInstant(), Instant.now());
      return human(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return "";
    }
  }

  private static String plural(long n, String unit) {
    return (n == 1 ? (unit.equals("hour") ? "An" : "1") : Long.toString(n)) + " " + unit
        + (n == 1 ? "" : "s") + " ago";
  }
}
