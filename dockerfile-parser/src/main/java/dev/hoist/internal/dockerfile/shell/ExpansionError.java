package dev.hoist.internal.dockerfile.shell;

/**
 * Internal signal of a failed expansion; {@link ShellLexer} turns it into a {@link
 * dev.hoist.dockerfile.DockerfileException} naming the whole word. It carries no stack trace
 * because it is thrown for ordinary user errors on the parser's hot path.
 */
final class ExpansionError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ExpansionError(String message) {
    super(message, null, false, false);
  }
}
