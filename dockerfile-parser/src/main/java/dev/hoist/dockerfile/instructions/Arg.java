package dev.hoist.dockerfile.instructions;

import java.util.List;

/** {@code ARG name[=default]…}: build arguments declared; a default may be null. */
public record Arg(List<Declaration> declarations, SourceLocation location)
    implements Instruction {
  /** One declared argument; {@code defaultValue} is null when none was written. */
  public record Declaration(String name, String defaultValue) {}

  public Arg {
    declarations = List.copyOf(declarations);
  }

  /**
   * Expands the names only: a default is expanded when the stage resolves the ARG, with the
   * ARGs and ENVs before it, and only if no build argument overrides it.
   */
  @Override
  public Instruction expand(Expander expander) {
    return new Arg(declarations.stream()
        .map(d -> new Declaration(expander.word(d.name()), d.defaultValue()))
        .toList(), location);
  }
}
