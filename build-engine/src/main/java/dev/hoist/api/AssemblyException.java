package dev.hoist.api;

/**
 * An assembly could not be done because of what it was given: a source file that is missing or
 * unreadable, two entries for one path, a base without the platform asked for. The message names
 * the layer and the file; there is nothing more to learn from the stack trace. One of the Java
 * API's unchecked {@link HoistApiException}s, as {@link EmbeddedHoist}'s failures are.
 */
public final class AssemblyException extends HoistApiException {
  private static final long serialVersionUID = 1L;

  /**
   * An error with no underlying failure.
   *
   * @param message what is wrong with the input, naming the layer and the file or the base
   */
  public AssemblyException(String message) {
    super(message, null);
  }

  /**
   * An error caused by another failure, such as the {@link java.io.IOException} of reading a
   * source file.
   *
   * @param message what is wrong with the input, naming the layer and the file or the base
   * @param cause the failure underneath, or null when there is none
   */
  public AssemblyException(String message, Throwable cause) {
    super(message, cause);
  }
}
