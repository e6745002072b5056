package dev.hoist.internal.compose;

import dev.hoist.dockerfile.GoDuration;
import java.time.Duration;

/** Compose's durations, Go's syntax: {@code 1m30s}, {@code 500ms}, {@code 2h}, {@code 10s}. */
final class Durations {
  private Durations() {}

  /** As Go's {@code Duration.String()}: {@code 1m30s}, {@code 1h0m0s}, {@code 500ms}, {@code 0s}. */
  static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000 == 0) {
        return nanos / 1_000_000 + "ms";
      }
      if (nanos % 1_000 == 0) {
        return nanos / 1_000 + "us";
      }
      return nanos + "ns";
    }
    long hours = nanos / 3_600_000_000_000L;
    long minutes = nanos / 60_000_000_000L % 60;
    long rest = nanos % 60_000_000_000L;
    String seconds = java.math.BigDecimal.valueOf(rest, 9).stripTrailingZeros().toPlainString();
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(seconds).append('s').toString();
  }

  /** {@code text} as a duration (Go's syntax: {@link GoDuration}); null for null. */
  static Duration parse(String text, String what) {
    if (text == null) {
      return null;
    }
    return GoDuration.parse(text).orElseThrow(() -> new ComposeException(what
        + ": invalid duration \"" + text + "\" (like 10s, 1m30s, 500ms)"));
  }
}
