package dev.hoist.dockerfile.shell;

/** Character classes used by the lexer, matching the Go {@code unicode} predicates of BuildKit. */
final class ShellChars {
  private ShellChars() {}

  /**
   * Go's {@code unicode.IsSpace}: the Latin-1 spaces {@code \t \n \v \f \r}, space, NEL and NBSP,
   * plus the Unicode White_Space characters above Latin-1. This deliberately differs from {@link
   * Character#isWhitespace}, which excludes NBSP and includes the ASCII separators 0x1C-0x1F.
   */
  static boolean isSpace(int cp) {
    if (cp <= 0xFF) {
      return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0;
    }
    return cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
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
