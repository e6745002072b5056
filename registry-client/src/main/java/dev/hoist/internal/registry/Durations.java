package dev.hoist.internal.registry;

import java.time.Duration;

/** Durations as messages write them: {@code 500 ms}, {@code 30 s}, {@code 2 min}. */
final class Durations {
  private Durations() {}

  static String text(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000 || millis % 1000 != 0) {
      return millis + " ms";
    }
    long seconds = millis / 1000;
    return seconds % 60 == 0 && seconds >= 120 ? seconds / 60 + " min" : seconds + " s";
  }
}
