package dev.hoist.internal.compose;

/**
 * One of a {@code build} section's {@code secrets}: the top-level secret {@code source} given
 * to the build as {@code id} (the use's {@code target}, else its source), as
 * {@code hoist build --secret id=ID,src=FILE} (a file-based secret) or, for an
 * {@code environment:} one, the variable's {@code value} among the project's variables (the
 * environment, {@code .env}) when the project was loaded; null when it is unset (the build
 * then says so). The value is never shown ({@link #toString}, {@code config}).
 */
public record BuildSecret(String source, String id, String file, String environment,
    String value) {
  @Override
  public String toString() {
    return "BuildSecret[source=" + source + ", id=" + id + ", file=" + file + ", environment="
        + environment + "]";
  }
}
