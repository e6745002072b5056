package dev.hoist.internal.dockerfile.shell;

import dev.hoist.internal.dockerfile.text.GoStrings;

/** Character classes used by the lexer, matching the Go {@code unicode} predicates of BuildKit. */
final class ShellChars {
  private ShellChars() {}

  /** Go's {@code unicode.IsSpace} (see {@link GoStrings#isSpace}). */
  static boolean isSpace(int cp) {
    return GoStrings.isSpace(cp);
  }

  /** Go's {@code unicode.IsDigit}: any decimal digit (category Nd). */
  static boolean isDigit(int cp) {
    return Character.isDigit(cp);
  }

  /** A character that may continue a variable name: a letter, a digit or an underscore. */
  static boolean isNameChar(int cp) {
    return Character.isLetter(cp) || Character.isDigit(cp) || cp == '_';
  }

  /** The POSIX special parameters ({@code $@ $* $# $? $- $$ $! $0}), which are never set. */
  static boolean isSpecialParameter(int cp) {
    switch (cp) {
      case '@':
      case '*':
      case '#':
      case '?':
      case '-':
      case '$':
      case '!':
      case '0':
        return true;
      default:
        return false;
    }
  }

  /** The code point as a string; EOF renders as U+FFFD, like Go's {@code string(rune(-1))}. */
  static String toText(int cp) {
    return cp == CodePointCursor.EOF ? "\uFFFD" : new String(Character.toChars(cp));
  }
}
