package dev.hoist.dockerfile.instructions;

/** Where an instruction stands in its Dockerfile: 1-based lines and column. */
public record SourceLocation(String file, int line, int endLine, int column) {
  @Override
  public String toString() {
    return (file == null ? "line " : file + ":") + line + (column > 0 ? ":" + column : "");
  }
}
