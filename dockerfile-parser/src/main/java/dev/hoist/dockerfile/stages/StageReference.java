package dev.hoist.dockerfile.stages;

import dev.hoist.dockerfile.instructions.SourceLocation;

/**
 * What one stage uses from elsewhere: its base ({@code FROM}), files ({@code COPY --from}) or a
 * mount ({@code RUN --mount=…,from=}). Either {@code stage} is the index of another stage of
 * this Dockerfile, or {@code image} names an image (then {@code stage} is -1).
 */
public record StageReference(Kind kind, int stage, String image, SourceLocation location) {
  public enum Kind { BASE, COPY_FROM, MOUNT_FROM }

  public boolean isStage() {
    return stage >= 0;
  }
}
