package dev.hoist.api;

import java.io.IOException;

/**
 * An assembly could not be done because of what it was given: a source file that is missing or
 * unreadable, two entries for one path, a base without the platform asked for. The message names
 * the layer and the file; there is nothing more to learn from the stack trace.
 */
public final class AssemblyException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An error with its message. */
  public AssemblyException(String message) {
    super(message);
  }

  /** An error with its message and the failure that caused it. */
  public AssemblyException(String message, Throwable cause) {
    super(message, cause);
  }
}
