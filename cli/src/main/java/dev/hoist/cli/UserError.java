package dev.hoist.cli;

/** A mistake in how hoist was called: printed as one line, exit code 1. */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UserError(String message) {
    super(message);
  }
}
