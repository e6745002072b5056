package dev.hoist.internal.registry;

/**
 * A registry that did not answer in time: the message names the registry, what was asked of it
 * and the limit that ended the wait (and how to change it). Not retried, except a stalled blob
 * download that had made progress, which resumes.
 */
final class RegistryTimeout extends RegistryException {
  private static final long serialVersionUID = 1L;

  /** Which limit ended the wait. */
  enum Phase {
    /** No TCP connection within the connect timeout. */
    CONNECT,
    /** No byte within the read timeout. */
    READ,
    /** The answer (head, or a body read into memory) not complete within the response deadline. */
    RESPONSE,
    /** A streamed body slower than the minimum transfer rate. */
    RATE
  }

  private final Phase phase;

  RegistryTimeout(Phase phase, String message, Throwable cause) {
    super(Kind.FAILED, 0, message, cause);
    this.phase = phase;
  }

  Phase phase() {
    return phase;
  }
}
