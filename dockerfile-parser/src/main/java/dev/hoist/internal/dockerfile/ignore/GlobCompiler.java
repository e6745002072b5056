package dev.hoist.internal.dockerfile.ignore;

import dev.hoist.dockerfile.DockerfileException;
import java.util.regex.Pattern;

/**
 * Turns one cleaned ignore pattern into a {@link Glob}, checking its syntax on the way.
 *
 * <p>The syntax is Go's {@code filepath.Match} on a '/'-separated system: {@code *} is any run of
 * characters other than {@code /}, {@code ?} is one such character, {@code [...]} is a character
 * class of single characters and {@code lo-hi} ranges, negated by a leading {@code ^}, and
 * {@code \} makes the next character literal (also inside a class). On top of that, {@code **}
 * matches any number of directories, including none. Which pattern shapes are plain string tests
 * and which are regular expressions follows patternmatcher's {@code compile} exactly, since that
 * choice changes what {@code **} at the very start or end means.
 */
final class GlobCompiler {
  /** Go's regexp {@code .} does not match a newline; Java's does not match other terminators. */
  private static final int FLAGS = Pattern.UNIX_LINES;

  private final String pattern;
  private final String shownAs;
  private final StringBuilder regex = new StringBuilder();
  private Glob.Kind kind = Glob.Kind.EXACT;
  private int pos;
  /** Literal text before the first wildcard, once one has been seen; null until then. */
  private String head;
  /** Literal text since the last wildcard. */
  private final StringBuilder literalRun = new StringBuilder();

  private GlobCompiler(String pattern, String shownAs) {
    this.pattern = pattern;
    this.shownAs = shownAs;
  }

  /**
   * Compiles a pattern that has already been cleaned and stripped of its {@code !}.
   *
   * @param shownAs the pattern as an error message should quote it (with its {@code !}, if any)
   * @throws DockerfileException if the pattern is malformed
   */
  static Glob compile(String pattern, String shownAs) {
    return new GlobCompiler(pattern, shownAs).run();
  }

  private Glob run() {
    int n = pattern.length();
    while (pos < n) {
      boolean atStart = pos == 0;
      int c = next();
      if (c == '*') {
        wildcard();
        star(atStart);
      } else if (c == '?') {
        wildcard();
        regex.append("[^/]");
        kind = Glob.Kind.REGEX;
      } else if (c == '\\') {
        if (pos == n) {
          throw malformed("trailing backslash");
        }
        literal(next());
        kind = Glob.Kind.REGEX;
      } else if (c == '[') {
        wildcard();
        characterClass();
        kind = Glob.Kind.REGEX;
      } else if (c == ']') {
        literal(c);
        kind = Glob.Kind.REGEX;
      } else {
        literal(c);
      }
    }
    switch (kind) {
      case EXACT:
        return Glob.exact(pattern);
      case PREFIX:
        return Glob.prefix(pattern.substring(0, n - 2));
      case SUFFIX:
        return Glob.suffix(pattern.substring(2));
      default:
        // With no wildcard at all, the whole pattern is the head and there is no separate tail.
        return head == null
            ? Glob.regex(Pattern.compile(regex.toString(), FLAGS), literalRun.toString(), "")
            : Glob.regex(Pattern.compile(regex.toString(), FLAGS), head, literalRun.toString());
    }
  }

  private void literal(int c) {
    appendLiteral(regex, c);
    literalRun.appendCodePoint(c);
  }

  /** Notes that a non-literal token is about to be emitted. */
  private void wildcard() {
    if (head == null) {
      head = literalRun.toString();
    }
    literalRun.setLength(0);
  }

  /** Handles a {@code *} just consumed: either a single star or some form of {@code **}. */
  private void star(boolean atStart) {
    int n = pattern.length();
    if (pos < n && pattern.charAt(pos) == '*') {
      pos++;
      if (pos < n && pattern.charAt(pos) == '/') {
        pos++; // "**/" behaves as "**"
      }
      if (pos == n) {
        if (kind == Glob.Kind.EXACT) {
          kind = Glob.Kind.PREFIX;
        } else {
          regex.append(".*");
          kind = Glob.Kind.REGEX;
        }
      } else {
        regex.append("(?:.*/)?");
        kind = Glob.Kind.REGEX;
      }
      if (atStart) {
        kind = Glob.Kind.SUFFIX;
      }
    } else {
      regex.append("[^/]*");
      kind = Glob.Kind.REGEX;
    }
  }

  /** Parses a class after its {@code [}, with the rules and errors of Go's filepath.Match. */
  private void characterClass() {
    StringBuilder cls = new StringBuilder("[");
    if (pos < pattern.length() && pattern.charAt(pos) == '^') {
      cls.append('^');
      pos++;
    }
    int ranges = 0;
    while (true) {
      if (pos < pattern.length() && pattern.charAt(pos) == ']' && ranges > 0) {
        pos++;
        break;
      }
      int lo = classChar();
      int hi = lo;
      if (pattern.charAt(pos) == '-') {
        pos++;
        hi = classChar();
      }
      if (lo > hi) {
        // filepath.Match accepts this, but the regular expression Docker builds from it does not
        throw malformed("character class range out of order");
      }
      appendLiteral(cls, lo);
      if (hi != lo) {
        cls.append('-');
        appendLiteral(cls, hi);
      }
      ranges++;
    }
    regex.append(cls).append(']');
  }

  /** One possibly escaped character of a class; something must follow it (at least the ']'). */
  private int classChar() {
    int n = pattern.length();
    if (pos == n || pattern.charAt(pos) == '-' || pattern.charAt(pos) == ']') {
      throw malformed(pos == n ? "unterminated character class" : "bad character class");
    }
    if (pattern.charAt(pos) == '\\') {
      pos++;
      if (pos == n) {
        throw malformed("unterminated character class");
      }
    }
    int c = next();
    if (pos == n) {
      throw malformed("unterminated character class");
    }
    return c;
  }

  private int next() {
    int c = pattern.codePointAt(pos);
    pos += Character.charCount(c);
    return c;
  }

  /** Appends a character that must match itself, inside or outside a Java regex class. */
  private static void appendLiteral(StringBuilder out, int c) {
    if (c < 0x80 && !Character.isLetterOrDigit(c)) {
      out.append('\\');
    }
    out.appendCodePoint(c);
  }

  private DockerfileException malformed(String why) {
    return new DockerfileException(
        "invalid .dockerignore pattern \"" + shownAs + "\": " + why + " (syntax error in pattern)");
  }
}
