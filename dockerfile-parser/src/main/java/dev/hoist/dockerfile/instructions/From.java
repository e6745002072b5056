package dev.hoist.dockerfile.instructions;

/**
 * {@code FROM [--platform=P] IMAGE [AS NAME]}: the base (an image reference, an earlier stage's
 * name, or {@code scratch}), the stage's name in lower case (null when unnamed) and the
 * platform asked for (null when absent). The image and platform are expanded with the global
 * ARGs only; the name never is.
 */
public record From(String image, String stageName, String platform, SourceLocation location)
    implements Instruction {
  @Override
  public Instruction expand(Expander expander) {
    return new From(expander.word(image), stageName,
        platform == null ? null : expander.word(platform), location);
  }
}
