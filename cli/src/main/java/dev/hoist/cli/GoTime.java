package dev.hoist.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** Times as Go's {@code time.Time.String()} prints them: {@code 2006-01-02 15:04:05.999999999 -0700 MST}. */
final class GoTime {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xx", Locale.ROOT);

  private GoTime() {}

  /** {@code instant} in this machine's zone, as docker's {@code CreatedAt} of {@code time.Unix}. */
  static String local(Instant instant) {
    return string(instant.atZone(ZoneId.systemDefault()));
  }

  static String string(ZonedDateTime t) {
    StringBuilder s = new StringBuilder(SECONDS.format(t));
    if (t.getNano() != 0) {
      s.append('.').append(String.format(Locale.ROOT, "%09d", t.getNano()).replaceAll("0+$", ""));
    }
    s.append(' ').append(OFFSET.format(t)).append(' ').append(zoneName(t));
    return s.toString();
  }

  private static String zoneName(ZonedDateTime t) {
    ZoneId zone = t.getZone();
    if (zone instanceof ZoneOffset offset) {
      return offset.getTotalSeconds() == 0 ? "UTC" : OFFSET.format(t);
    }
    String name = zone.getDisplayName(TextStyle.SHORT, Locale.ROOT);
    return name.equals("Z") || name.equals("GMT") && zone.getId().contains("UTC") ? "UTC"
        : t.format(DateTimeFormatter.ofPattern("zzz", Locale.ROOT));
  }
}
