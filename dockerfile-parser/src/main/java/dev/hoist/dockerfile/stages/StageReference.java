package dev.hoist.dockerfile.stages;

import dev.hoist.dockerfile.instructions.SourceLocation;

/**
 * What one stage uses from elsewhere: its base ({@code FROM}), files ({@code COPY --from}) or a
 * mount ({@code RUN --mount=…,from=}). Either {@code stage} is the index of another stage of
 * this Dockerfile, or {@code image} names an image (then {@code stage} is -1).
 *
 * @param kind what is used
 * @param stage the index of the stage used, or -1
 * @param image the image used, or null
 * @param location where the use is written
 */
public record StageReference(Kind kind, int stage, String image, SourceLocation location) {
  /** What a stage uses: its base, files copied from, or a mount from. */
  public enum Kind {
    /** The stage's base: {@code FROM}. */
    BASE,
    /** Files copied: {@code COPY --from}. */
    COPY_FROM,
    /** A mount: {@code RUN --mount=…,from=}. */
    MOUNT_FROM
  }

  /**
   * Whether another stage of the Dockerfile is used (rather than an image).
   *
   * @return true for a stage
   */
  public boolean isStage() {
    return stage >= 0;
  }
}
