package dev.hoist.dockerfile;

/**
 * A problem with a Dockerfile (or a word being expanded) that the user caused: the message says
 * what was wrong and, where known, the file, line and column.
 */
public class DockerfileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The file, or null when unknown. */
  private final String file;
  /** The 1-based line, or 0 when unknown. */
  private final int line;
  /** The 1-based column, or 0 when unknown. */
  private final int column;
  /** The message without the location. */
  private final String detail;

  /**
   * An error with no location, such as one raised while expanding a single word.
   *
   * @param detail what is wrong
   */
  public DockerfileException(String detail) {
    this(null, 0, 0, detail);
  }

  /**
   * An error at a 1-based line and column (0 when unknown) of a file (null when unknown).
   *
   * @param file the file, or null
   * @param line the line, or 0
   * @param column the column, or 0
   * @param detail what is wrong
   */
  public DockerfileException(String file, int line, int column, String detail) {
    super(format(file, line, column, detail));
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  /**
   * The same error, placed at a location if it has none yet.
   *
   * @param file the file
   * @param line the line
   * @param column the column
   * @return this error, or a located copy
   */
  public DockerfileException at(String file, int line, int column) {
    if (this.line > 0 && this.file != null) {
      return this;
    }
    return new DockerfileException(
        this.file != null ? this.file : file,
        this.line > 0 ? this.line : line,
        this.line > 0 ? this.column : column,
        detail);
  }

  /**
   * The file the error is in.
   *
   * @return the file, or null when unknown
   */
  public String file() {
    return file;
  }

  /**
   * The line the error is on.
   *
   * @return the 1-based line, or 0 when unknown
   */
  public int line() {
    return line;
  }

  /**
   * The column the error is at.
   *
   * @return the 1-based column, or 0 when unknown
   */
  public int column() {
    return column;
  }

  /**
   * The message without the location prefix.
   *
   * @return the message
   */
  public String detail() {
    return detail;
  }

  private static String format(String file, int line, int column, String detail) {
    StringBuilder where = new StringBuilder();
    if (file != null) {
      where.append(file);
    }
    if (line > 0) {
      where.append(where.length() > 0 ? ":" : "line ").append(line);
      if (column > 0) {
        where.append(':').append(column);
      }
    }
    return where.length() == 0 ? detail : where + ": " + detail;
  }
}
