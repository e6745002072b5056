package dev.hoist.internal.build;

import java.time.Duration;

/**
 * What a build tells its user while it runs: each step as it starts, its output line by line,
 * and how it ended (ran or CACHED, why, and how long it took). Called from several threads when
 * stages build in parallel; implementations synchronise as they need.
 */
public interface BuildProgress {

  /**
   * One step: {@code [stage n/count] TEXT}.
   *
   * @param stage the stage's name or index
   * @param number the step's position in its stage (FROM is 1)
   * @param count the stage's number of steps
   * @param text the instruction, expanded, as the history shows it
   */
  record Step(String stage, int number, int count, String text) {
    /** {@code [build 2/3] RUN make}, as Docker prints it. */
    public String label() {
      return "[" + stage + " " + number + "/" + count + "] " + text;
    }
  }

  /**
   * How a step ended.
   *
   * @param cached whether its result came from the cache
   * @param reason why it was a hit or a miss (null for steps that change only the config)
   * @param duration how long it took
   * @param detail what the step made, such as how long capturing its layer took (or null)
   */
  record Outcome(boolean cached, String reason, Duration duration, String detail) {
    public Outcome(boolean cached, String reason, Duration duration) {
      this(cached, reason, duration, null);
    }
  }

  void started(Step step);

  void output(Step step, String line);

  void finished(Step step, Outcome outcome);

  void warning(String message);

  /**
   * A line about work outside the steps: a base image being pulled, the image or the cache
   * being pushed ({@code pull alpine:3.19: 4abcf2066143: Pull complete}). Ignored by default.
   */
  default void note(String line) {}

  /** Progress that goes nowhere. */
  static BuildProgress silent() {
    return new BuildProgress() {
      @Override
      public void started(Step step) {}

      @Override
      public void output(Step step, String line) {}

      @Override
      public void finished(Step step, Outcome outcome) {}

      @Override
      public void warning(String message) {}
    };
  }
}
