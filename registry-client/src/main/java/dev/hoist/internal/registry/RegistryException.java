package dev.hoist.internal.registry;

import java.io.IOException;

/**
 * A registry operation that failed for a reason a user can act on: the message is one sentence
 * naming the registry, repository or image and never contains a credential.
 */
public class RegistryException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that react differently (and for tests). */
  public enum Kind {
    /** The credentials were refused (wrong user or password, or none given where needed). */
    UNAUTHORIZED,
    /** Authenticated, but not allowed to do this (e.g. a pull-only token on a push). */
    DENIED,
    /** No such repository, tag, manifest or blob. */
    NOT_FOUND,
    /** Content hoist does not handle (schema 1 manifests, unknown media types). */
    UNSUPPORTED,
    /** Content whose digest or size differs from what was announced. */
    CORRUPT,
    /** The registry answered something else unexpected, or could not be reached. */
    FAILED
  }

  private final Kind kind;
  private final int status;

  public RegistryException(Kind kind, String message) {
    this(kind, 0, message, null);
  }

  public RegistryException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status that caused it, or 0. */
  public int status() {
    return status;
  }
}
