package dev.hoist.dockerfile.instructions;

/** {@code USER user[:group]}. */
public record User(String user, SourceLocation location) implements Instruction {
  @Override
  public Instruction expand(Expander expander) {
    return new User(expander.word(user), location);
  }
}
