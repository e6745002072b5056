package dev.hoist.dockerfile.instructions;

import java.util.List;

/** {@code ENV key=value…}: environment variables, expanded with what is set before them. */
public record Env(List<KeyValuePair> variables, SourceLocation location)
    implements Instruction {
  public Env {
    variables = List.copyOf(variables);
  }

  @Override
  public Instruction expand(Expander expander) {
    return new Env(KeyValues.expand(variables, expander), location);
  }
}
