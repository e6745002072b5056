package dev.hoist.cache.image;

import dev.hoist.cache.model.Descriptor;

/**
 * Hears about the blobs an {@link ImageWriter} moves, from several threads at once (one per
 * parallel blob). Implementations must be thread-safe; every method has a do-nothing default.
 */
public interface ProgressListener {
  /** Hears nothing. */
  ProgressListener NONE = new ProgressListener() {};

  /**
   * A transfer of {@code blob} begins ({@code action}: "Downloading", "Pushing", "Copying").
   *
   * @param blob the blob
   * @param action what is done
   */
  default void started(Descriptor blob, String action) {}

  /**
   * {@code bytes} of {@code blob} have been transferred so far (may go back after a restart).
   *
   * @param blob the blob
   * @param bytes the bytes transferred so far
   */
  default void progress(Descriptor blob, long bytes) {}

  /**
   * {@code blob} is done: {@code outcome} is "Pull complete", "Already exists", "Pushed",
   * "Layer already exists" or "Mounted from REPOSITORY".
   *
   * @param blob the blob
   * @param outcome what happened
   */
  default void finished(Descriptor blob, String outcome) {}
}
