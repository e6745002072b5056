package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * {@code ENV key=value…}: environment variables, expanded with what is set before them.
 *
 * @param variables the variables, in order
 * @param location where the instruction is written
 */
public record Env(List<KeyValuePair> variables, SourceLocation location)
    implements Instruction {
  /**
   * Creates the record; lists and maps are copied.
   *
   * @param variables the variables, in order
   * @param location where the instruction is written
   */
  public Env {
    variables = List.copyOf(variables);
  }

  @Override
  public Instruction expand(Expander expander) {
    return new Env(KeyValues.expand(variables, expander), location);
  }
}
