package dev.hoist.api;

/**
 * A registry refused or failed a pull or push: {@link #code()} says why, for callers that react
 * differently (ask for other credentials, report a missing image); the message names the
 * registry and repository and never contains a credential.
 */
public class HoistRegistryException extends HoistApiException {
  private static final long serialVersionUID = 1L;

  /** Why a registry request failed. */
  public enum Code {
    /** The credentials were refused, or none were given where the registry needs them. */
    UNAUTHORIZED,
    /** Authenticated, but not allowed to do this (such as a pull-only account pushing). */
    DENIED,
    /** No such repository, tag, manifest or blob; or no such local image to push. */
    NOT_FOUND,
    /** Content hoist does not handle (schema 1 manifests, unknown media types). */
    UNSUPPORTED,
    /** Content whose digest or size differs from what was announced. */
    CORRUPT,
    /** Anything else: an unexpected answer, or a registry that could not be reached. */
    FAILED
  }

  /** Why it failed. */
  private final Code code;
  /** The HTTP status, or 0. */
  private final int httpStatus;

  /**
   * A registry failure.
   *
   * @param code why it failed
   * @param httpStatus the HTTP status that caused it, or 0
   * @param message what failed, naming the registry
   * @param cause the failure underneath, or null
   */
  public HoistRegistryException(Code code, int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /**
   * Why it failed.
   *
   * @return the code
   */
  public Code code() {
    return code;
  }

  /**
   * The HTTP status the registry answered with.
   *
   * @return the status, or 0 when there was no answer to blame
   */
  public int httpStatus() {
    return httpStatus;
  }
}
