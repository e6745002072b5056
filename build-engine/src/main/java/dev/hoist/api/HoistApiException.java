package dev.hoist.api;

/**
 * A request of the Java API that failed: the message says what failed and why, in one sentence
 * naming the image, container, registry or file. The base of the API's exceptions; it alone
 * (not a subclass) is thrown for failures of the machine (a store that cannot be written, a
 * container runtime that cannot start) and for an interrupted request (the thread's interrupt
 * status set again).
 */
public class HoistApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure described by {@code message}.
   *
   * @param message what failed and why
   * @param cause the failure underneath, or null
   */
  public HoistApiException(String message, Throwable cause) {
    super(message, cause);
  }
}
