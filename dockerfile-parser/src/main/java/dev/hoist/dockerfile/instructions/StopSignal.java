package dev.hoist.dockerfile.instructions;

/** {@code STOPSIGNAL signal}. */
public record StopSignal(String signal, SourceLocation location) implements Instruction {
  @Override
  public Instruction expand(Expander expander) {
    return new StopSignal(expander.word(signal), location);
  }
}
