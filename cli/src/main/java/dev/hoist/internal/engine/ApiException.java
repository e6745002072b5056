package dev.hoist.internal.engine;

/** A request the API refuses: its HTTP status and Docker's {@code {"message": …}}. */
class ApiException extends RuntimeException {
  private final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
