package dev.hoist.internal.service;

/**
 * A thing a user named (an image, a container, a volume) does not exist. An
 * {@link IllegalArgumentException}: the user's error, its message says what is missing (the
 * CLI prints it; the Engine API answers 404).
 */
public final class NotFoundException extends IllegalArgumentException {
  public NotFoundException(String message) {
    super(message);
  }
}
