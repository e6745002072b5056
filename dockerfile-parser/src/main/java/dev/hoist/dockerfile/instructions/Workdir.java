package dev.hoist.dockerfile.instructions;

/** {@code WORKDIR path}. */
public record Workdir(String path, SourceLocation location) implements Instruction {
  @Override
  public Instruction expand(Expander expander) {
    return new Workdir(expander.word(path), location);
  }
}
