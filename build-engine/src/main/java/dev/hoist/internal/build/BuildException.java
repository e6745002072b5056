package dev.hoist.internal.build;

/**
 * A build that cannot go on for a reason the user can fix: a failing RUN (with its exit code
 * and the last lines of its output), a missing source file, an unknown base image.
 */
public class BuildException extends RuntimeException {
  private final int exitCode;
  private final String file;
  private final int line;

  public BuildException(String message) {
    this(message, 1);
  }

  public BuildException(String message, int exitCode) {
    this(message, exitCode, null, 0);
  }

  /**
   * A failure at a line of a Dockerfile: {@code file} as the build names it (null when unknown),
   * {@code line} 1-based (0 when unknown).
   */
  public BuildException(String message, int exitCode, String file, int line) {
    super(message);
    this.exitCode = exitCode;
    this.file = file;
    this.line = line;
  }

  /** The Dockerfile the failing instruction is in, when known. */
  public java.util.Optional<String> file() {
    return java.util.Optional.ofNullable(file);
  }

  /** The 1-based line of the failing instruction in {@link #file()}, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The exit code the build ends with: a failing RUN's own, otherwise 1. */
  public int exitCode() {
    return exitCode;
  }
}
