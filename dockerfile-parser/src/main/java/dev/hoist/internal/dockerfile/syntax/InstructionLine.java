package dev.hoist.internal.dockerfile.syntax;

import dev.hoist.internal.dockerfile.text.GoStrings;

/** Splitting a joined instruction line into its name and the rest, as BuildKit does. */
final class InstructionLine {
  private InstructionLine() {}

  /** {@code [name, rest]}: the line trimmed, split at the first run of blanks. */
  static String[] splitName(String line) {
    String trimmed = GoStrings.trimSpace(line);
    int end = 0;
    while (end < trimmed.length() && !isBlank(trimmed.charAt(end))) {
      end++;
    }
    int restStart = end;
    while (restStart < trimmed.length() && isBlank(trimmed.charAt(restStart))) {
      restStart++;
    }
    return new String[] {trimmed.substring(0, end), trimmed.substring(restStart)};
  }

  /** The blanks of BuildKit's {@code [\t\v\f\r ]+}. */
  static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r';
  }
}
