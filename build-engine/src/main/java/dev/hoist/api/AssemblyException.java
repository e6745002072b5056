package dev.hoist.api;

/**
 * An assembly could not be done because of what it was given: a source file that is missing or
 * unreadable, two entries for one path, a base without the platform asked for. The message names
 * the layer and the file; there is nothing more to learn from the stack trace. One of the Java
 * API's unchecked {@link HoistApiException}s, as {@link EmbeddedHoist}'s failures are.
 */
public final class AssemblyException extends HoistApiException {
  private static final long serialVersionUID = 1L;

  /** An error with its message. */
  public AssemblyException(String message) {
    super(message, null);
  }

  /** An error with its message and the failure that caused it. */
  public AssemblyException(String message, Throwable cause) {
    super(message, cause);
  }
}
