package dev.hoist.dockerfile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Go's {@code time.ParseDuration} syntax ({@code 1m30s}, {@code 1.5h}, {@code 300ms}, {@code -2h}),
 * as Docker uses it everywhere a duration is written: HEALTHCHECK options, {@code --health-*}
 * flags, {@code --since 10m}, {@code --filter until=24h}.
 */
public final class GoDuration {
  private GoDuration() {}

  /**
   * Reads a duration.
   *
   * @param text a duration in Go's syntax, such as {@code 1m30s}
   * @return the duration {@code text} spells, or empty when it is not Go's syntax
   */
  public static Optional<Duration> parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (s.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        return Optional.empty();
      }
      BigDecimal number;
      try {
        number = new BigDecimal(s.substring(start, i));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit;
      switch (s.substring(unitStart, i)) {
        case "ns" -> unit = 1L;
        case "us", "µs", "μs" -> unit = 1_000L;
        case "ms" -> unit = 1_000_000L;
        case "s" -> unit = 1_000_000_000L;
        case "m" -> unit = 60_000_000_000L;
        case "h" -> unit = 3_600_000_000_000L;
        default -> {
          return Optional.empty();
        }
      }
      nanos = nanos.add(number.multiply(BigDecimal.valueOf(unit)));
    }
    Duration d = Duration.ofNanos(nanos.longValue());
    return Optional.of(negative ? d.negated() : d);
  }
}
