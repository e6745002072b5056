package dev.hoist.dockerfile.instructions;

import java.time.Duration;
import java.util.List;

/**
 * {@code HEALTHCHECK NONE} or {@code HEALTHCHECK [options] CMD command}. {@code test} is as in
 * the image config: {@code ["NONE"]}, {@code ["CMD", args…]} or {@code ["CMD-SHELL", line]}.
 * Durations and retries are null when not given.
 *
 * @param test {@code ["NONE"]}, {@code ["CMD", args…]} or {@code ["CMD-SHELL", line]}
 * @param interval {@code --interval}, or null
 * @param timeout {@code --timeout}, or null
 * @param startPeriod {@code --start-period}, or null
 * @param startInterval {@code --start-interval}, or null
 * @param retries {@code --retries}, or null
 * @param location where the instruction is written
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout,
    Duration startPeriod, Duration startInterval, Integer retries, SourceLocation location)
    implements Instruction {
  /**
   * Creates the record; lists and maps are copied.
   *
   * @param test {@code ["NONE"]}, {@code ["CMD", args…]} or {@code ["CMD-SHELL", line]}
   * @param interval {@code --interval}, or null
   * @param timeout {@code --timeout}, or null
   * @param startPeriod {@code --start-period}, or null
   * @param startInterval {@code --start-interval}, or null
   * @param retries {@code --retries}, or null
   * @param location where the instruction is written
   */
  public Healthcheck {
    test = List.copyOf(test);
  }
}
