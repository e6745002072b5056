package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * {@code SHELL ["executable", "arg"…]}: the shell later shell-form commands run through.
 *
 * @param shell the executable and its arguments
 * @param location where the instruction is written
 */
public record Shell(List<String> shell, SourceLocation location) implements Instruction {
  /**
   * Creates the record; lists and maps are copied.
   *
   * @param shell the executable and its arguments
   * @param location where the instruction is written
   */
  public Shell {
    shell = List.copyOf(shell);
  }
}
