package dev.hoist.dockerfile;

/**
 * A heredoc as written after RUN, COPY or ADD: its terminator name, its body (each line
 * ending in a newline, tabs not yet removed for {@code <<-}), whether variables in the body
 * are expanded (no part of the name was quoted), and the file descriptor written before
 * {@code <<} (0 when absent).
 *
 * @param name the terminator's name
 * @param content the body, each line ending in a newline
 * @param expand whether variables in the body are expanded
 * @param chomp whether it was written {@code <<-} (leading tabs removed)
 * @param fileDescriptor the file descriptor written before {@code <<}, or 0
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp,
    int fileDescriptor) {

  /**
   * The body with leading tabs removed from each line when the heredoc was {@code <<-}.
   *
   * @return the body
   */
  public String effectiveContent() {
    if (!chomp) {
      return content;
    }
    StringBuilder out = new StringBuilder(content.length());
    boolean lineStart = true;
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (lineStart && c == '\t') {
        continue;
      }
      lineStart = c == '\n';
      out.append(c);
    }
    return out.toString();
  }
}
