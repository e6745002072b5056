package dev.hoist.api;

import dev.hoist.cache.image.ProgressListener;
import java.time.Duration;

/**
 * Hears what an {@link EmbeddedHoist} does while it works, where the CLI would print it: build
 * steps and their output, lines about pulls and pushes, blob transfers, warnings. Called from
 * several threads (stages build in parallel, blobs move in parallel): implementations must be
 * thread-safe. Every method has a do-nothing default.
 */
public interface HoistListener {
  /** Hears nothing. */
  HoistListener NONE = new HoistListener() {};

  /**
   * A build step starts.
   *
   * @param step the step as {@code hoist build} shows it: {@code [stage 2/3] RUN make}
   */
  default void stepStarted(String step) {}

  /**
   * A line a RUN step wrote (its stdout and stderr, merged).
   *
   * @param step the step, as {@link #stepStarted} named it
   * @param line the line, without its line end
   */
  default void stepOutput(String step, String line) {}

  /**
   * A build step ended.
   *
   * @param step the step, as {@link #stepStarted} named it
   * @param cached whether its result came from the build cache
   * @param took how long it took
   */
  default void stepFinished(String step, boolean cached, Duration took) {}

  /**
   * A line about work outside the steps: a base image being pulled, an image being pushed.
   *
   * @param line the line
   */
  default void note(String line) {}

  /**
   * Something went wrong that the work survives (a clean-up that failed, a deprecated
   * Dockerfile form).
   *
   * @param message what went wrong
   */
  default void warning(String message) {}

  /**
   * What hears the blobs of pulls and pushes (from several threads at once).
   *
   * @return the blob listener; by default one that hears nothing
   */
  default ProgressListener blobs() {
    return ProgressListener.NONE;
  }
}
