package dev.hoist.internal.runtime.seccomp;

/** A seccomp profile that cannot be used, with a message naming the profile and what is wrong. */
public final class SeccompProfileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SeccompProfileException(String message) {
    super(message);
  }
}
