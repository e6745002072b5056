package dev.hoist.api;

import java.util.Optional;

/**
 * A build that failed for a reason in its request or its Dockerfile: a RUN step that exited
 * non-zero (its exit code, the last lines of its output in the message), a Dockerfile error, a
 * missing source file, an unknown base image. {@link #line()} gives the Dockerfile's line
 * where it is known.
 */
public class HoistBuildException extends HoistApiException {
  private static final long serialVersionUID = 1L;

  /** The Dockerfile, or null when unknown. */
  private final String file;
  /** The 1-based line, or 0 when unknown. */
  private final int line;
  /** The exit code of the build. */
  private final int exitCode;

  /**
   * A failed build.
   *
   * @param message what failed, as {@code hoist build} prints it
   * @param file the Dockerfile, as the build names it, or null when unknown
   * @param line the 1-based line of the failing instruction, or 0 when unknown
   * @param exitCode a failing RUN step's exit code, otherwise 1
   * @param cause the failure underneath, or null
   */
  public HoistBuildException(String message, String file, int line, int exitCode,
      Throwable cause) {
    super(message, cause);
    this.file = file;
    this.line = line;
    this.exitCode = exitCode;
  }

  /**
   * The Dockerfile of the failing instruction.
   *
   * @return its name as the build gave it, when known
   */
  public Optional<String> file() {
    return Optional.ofNullable(file);
  }

  /**
   * The line of the failing instruction in {@link #file()}.
   *
   * @return the 1-based line, or 0 when unknown
   */
  public int line() {
    return line;
  }

  /**
   * The exit code {@code hoist build} would end with.
   *
   * @return a failing RUN step's own exit code, otherwise 1
   */
  public int exitCode() {
    return exitCode;
  }
}
