package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * {@code ARG name[=default]…}: build arguments declared; a default may be null.
 *
 * @param declarations the arguments, in order
 * @param location where the instruction is written
 */
public record Arg(List<Declaration> declarations, SourceLocation location)
    implements Instruction {
  /**
   * One declared argument; {@code defaultValue} is null when none was written. {@code value} is
   * what the ARG resolved to for one build (a build arg, the expanded default, or the global
   * value; null when it has none), set by the stage resolver, null before.
   *
   * @param name the argument's name
   * @param defaultValue its default, or null
   * @param value what it resolved to for one build, or null
   */
  public record Declaration(String name, String defaultValue, String value) {
    /**
     * A declaration not yet resolved.
     *
     * @param name the argument's name
     * @param defaultValue its default, or null
     */
    public Declaration(String name, String defaultValue) {
      this(name, defaultValue, null);
    }

    /**
     * This declaration with its resolved value.
     *
     * @param resolved the value
     * @return the resolved declaration
     */
    public Declaration resolvedTo(String resolved) {
      return new Declaration(name, defaultValue, resolved);
    }
  }

  /**
   * Creates the record; lists and maps are copied.
   *
   * @param declarations the arguments, in order
   * @param location where the instruction is written
   */
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
