package dev.hoist.internal.build;

/** What a stage starts from: an image, nothing, or an earlier stage of the build. */
sealed interface StageBase {
  /** {@code FROM IMAGE}: resolved in the store or a registry when the stage executes. */
  record Image(String reference) implements StageBase {}

  /** {@code FROM scratch}: BuildKit's empty image. */
  record Scratch() implements StageBase {}

  /** {@code FROM STAGE}: the image that stage built. */
  record EarlierStage(int index) implements StageBase {}
}
