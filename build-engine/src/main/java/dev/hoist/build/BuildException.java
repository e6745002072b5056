package dev.hoist.build;

/**
 * A build that cannot go on for a reason the user can fix: a failing RUN (with its exit code
 * and the last lines of its output), a missing source file, an unknown base image.
 */
public class BuildException extends RuntimeException {
  private final int exitCode;

  public BuildException(String message) {
    this(message, 1);
  }

  public BuildException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The exit code the build ends with: a failing RUN's own, otherwise 1. */
  public int exitCode() {
    return exitCode;
  }
}
