package dev.hoist.dockerfile.instructions;

import java.util.List;

/** {@code SHELL ["executable", "arg"…]}: the shell later shell-form commands run through. */
public record Shell(List<String> shell, SourceLocation location) implements Instruction {
  public Shell {
    shell = List.copyOf(shell);
  }
}
