package dev.hoist.internal.dockerfile.text;

import dev.hoist.dockerfile.Dockerfile;

/**
 * Go's definitions of white space, which Docker's frontend uses everywhere it splits or trims
 * a Dockerfile's text. They differ from Java's: Go's {@code unicode.IsSpace} includes NEL
 * (U+0085) and the no-break spaces, and excludes the separators U+001C–U+001F.
 */
public final class GoStrings {
  private GoStrings() {}

  /** Go's {@code unicode.IsSpace}. */
  public static boolean isSpace(int cp) {
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

  /** Go's {@code strings.TrimSpace}. */
  public static String trimSpace(String s) {
    return s.substring(leadingSpace(s), s.length() - trailingSpace(s, leadingSpace(s)));
  }

  /** Go's {@code strings.TrimLeftFunc(s, unicode.IsSpace)}. */
  public static String trimLeftSpace(String s) {
    return s.substring(leadingSpace(s));
  }

  /** The index of the first character of {@code s} at or after {@code from} that is space. */
  public static int indexOfSpace(String s, int from) {
    int i = from;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (isSpace(cp)) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return s.length();
  }

  /** The index of the first character of {@code s} at or after {@code from} that is not space. */
  public static int skipSpace(String s, int from) {
    int i = from;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (!isSpace(cp)) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return s.length();
  }

  private static int leadingSpace(String s) {
    return skipSpace(s, 0);
  }

  private static int trailingSpace(String s, int floor) {
    int end = s.length();
    while (end > floor) {
      int cp = s.codePointBefore(end);
      if (!isSpace(cp)) {
        break;
      }
      end -= Character.charCount(cp);
    }
    return s.length() - end;
  }
}
