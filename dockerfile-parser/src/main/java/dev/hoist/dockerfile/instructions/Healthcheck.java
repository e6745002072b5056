package dev.hoist.dockerfile.instructions;

import java.time.Duration;
import java.util.List;

/**
 * {@code HEALTHCHECK NONE} or {@code HEALTHCHECK [options] CMD command}. {@code test} is as in
 * the image config: {@code ["NONE"]}, {@code ["CMD", args…]} or {@code ["CMD-SHELL", line]}.
 * Durations and retries are null when not given.
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout,
    Duration startPeriod, Duration startInterval, Integer retries, SourceLocation location)
    implements Instruction {
  public Healthcheck {
    test = List.copyOf(test);
  }
}
