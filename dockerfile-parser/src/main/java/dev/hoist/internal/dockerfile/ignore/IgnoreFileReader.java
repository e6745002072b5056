package dev.hoist.internal.dockerfile.ignore;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of an ignore file into pattern lines the way moby/patternmatcher's
 * {@code ignorefile.ReadAll} does.
 *
 * <p>Lines end at {@code \n} (a {@code \r} before it is dropped); a UTF-8 byte order mark at the
 * start is ignored; a line whose first character is {@code #} is a comment (a {@code #} after
 * leading blanks is not); lines are then trimmed and blank ones skipped. A leading {@code !} marks
 * an exception; what follows it is trimmed and, if not empty, cleaned with {@code filepath.Clean}
 * and stripped of one leading {@code /}, so {@code /foo}, {@code ./foo} and {@code foo/} all mean
 * {@code foo}.
 */
final class IgnoreFileReader {
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private IgnoreFileReader() {}

  static List<String> readLines(String contents) {
    List<String> patterns = new ArrayList<>();
    int start = !contents.isEmpty() && contents.charAt(0) == BYTE_ORDER_MARK ? 1 : 0;
    while (start < contents.length()) {
      int newline = contents.indexOf('\n', start);
      int end = newline < 0 ? contents.length() : newline;
      int lineEnd = end > start && contents.charAt(end - 1) == '\r' ? end - 1 : end;
      String line = contents.substring(start, lineEnd);
      start = end + 1;
      if (line.startsWith("#")) {
        continue;
      }
      String pattern = normalize(GoText.trimSpace(line));
      if (pattern != null) {
        patterns.add(pattern);
      }
    }
    return patterns;
  }

  /** Null for a blank line, otherwise the line made relative to the context root. */
  private static String normalize(String line) {
    if (line.isEmpty()) {
      return null;
    }
    boolean exception = line.charAt(0) == '!';
    String pattern = exception ? GoText.trimSpace(line.substring(1)) : line;
    if (!pattern.isEmpty()) {
      pattern = GoText.cleanPath(pattern);
      if (pattern.length() > 1 && pattern.charAt(0) == '/') {
        pattern = pattern.substring(1);
      }
    }
    return exception ? "!" + pattern : pattern;
  }
}
