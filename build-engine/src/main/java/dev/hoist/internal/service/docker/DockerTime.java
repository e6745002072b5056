package dev.hoist.internal.service.docker;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as Docker prints them: Go's {@code time.RFC3339Nano} in UTC (the fraction to the
 * nanosecond with its trailing zeros dropped, none when whole), and Go's zero time
 * {@code 0001-01-01T00:00:00Z} for a time that has not happened.
 */
public final class DockerTime {
  /** Go's zero {@code time.Time}: a container not yet started or not yet finished. */
  public static final String ZERO = "0001-01-01T00:00:00Z";

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private DockerTime() {}

  /** {@code time} in UTC, as Go formats RFC3339Nano. */
  public static String format(Instant time) {
    OffsetDateTime utc = time.atOffset(ZoneOffset.UTC);
    StringBuilder s = new StringBuilder(SECONDS.format(utc));
    int nanos = utc.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      s.append('.').append(fraction, 0, end);
    }
    return s.append('Z').toString();
  }

  /**
   * An RFC 3339 time as hoist records it (any offset, any precision) in Docker's form;
   * {@code absent} when it is null, empty or not a time.
   */
  public static String of(String rfc3339, String absent) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return absent;
    }
    try {
      return format(OffsetDateTime.parse(rfc3339).toInstant());
    } catch (DateTimeParseException e) {
      return absent;
    }
  }
}
