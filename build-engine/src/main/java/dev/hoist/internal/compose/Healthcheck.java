package dev.hoist.internal.compose;

import java.util.List;

/**
 * A service's {@code healthcheck}: the test as Docker's {@code Healthcheck.Test} takes it
 * ({@code ["CMD", …]}, {@code ["CMD-SHELL", "…"]}; a string is {@code CMD-SHELL}), durations
 * as written ({@code 10s}, {@code 1m30s}; null: the image's or Docker's default).
 */
public record Healthcheck(List<String> test, String interval, String timeout, Integer retries,
    String startPeriod, String startInterval, boolean disable) {
  public Healthcheck {
    test = test == null ? List.of() : List.copyOf(test);
  }
}
