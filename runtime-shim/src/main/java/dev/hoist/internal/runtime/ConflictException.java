package dev.hoist.internal.runtime;

/**
 * A refusal because of the state of what exists, where Docker's daemon answers {@code 409
 * Conflict}: a name taken, a container running (or not running, or not paused), an object
 * still in use, a network joined twice. Bad input is an {@link IllegalArgumentException} of
 * another kind ({@code 400}); this one is one too, so every command that reports bad input
 * reports it alike, while the Engine API tells the two apart by type, not by wording.
 */
public class ConflictException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
