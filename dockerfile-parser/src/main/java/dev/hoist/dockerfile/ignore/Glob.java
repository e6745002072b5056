package dev.hoist.dockerfile.ignore;

import java.util.regex.Pattern;

/**
 * One compiled ignore pattern (without its {@code !}), matched against a whole '/'-separated
 * path or a leading part of it.
 *
 * <p>As in moby/patternmatcher, a pattern made only of literal characters is compared as a string,
 * and three shapes get a special meaning that differs from the regular expression they would
 * otherwise compile to: a trailing {@code **} on an otherwise literal pattern is a plain prefix
 * test, and a leading {@code **} followed only by literal characters is a plain suffix test (so
 * {@code **file} matches {@code myfile}). Instances are immutable and safe to share between
 * threads.
 */
final class Glob {
  /** How a pattern is matched; mirrors patternmatcher's match types. */
  enum Kind {
    EXACT,
    PREFIX,
    SUFFIX,
    REGEX
  }

  private final Kind kind;
  private final String literal; // EXACT: the pattern; PREFIX: before "**"; SUFFIX: after "**"
  private final Pattern regex; // REGEX only

  private Glob(Kind kind, String literal, Pattern regex) {
    this.kind = kind;
    this.literal = literal;
    this.regex = regex;
  }

  static Glob exact(String pattern) {
    return new Glob(Kind.EXACT, pattern, null);
  }

  static Glob prefix(String prefix) {
    return new Glob(Kind.PREFIX, prefix, null);
  }

  static Glob suffix(String suffix) {
    return new Glob(Kind.SUFFIX, suffix, null);
  }

  static Glob regex(Pattern regex) {
    return new Glob(Kind.REGEX, null, regex);
  }

  Kind kind() {
    return kind;
  }

  /** Whether the whole of {@code path} matches. */
  boolean matches(String path) {
    return matches(path, path.length());
  }

  /** Whether {@code path.substring(0, end)} matches, without creating that substring. */
  boolean matches(String path, int end) {
    switch (kind) {
      case EXACT:
        return end == literal.length() && path.startsWith(literal);
      case PREFIX:
        return end >= literal.length() && path.startsWith(literal);
      case SUFFIX:
        int len = literal.length();
        if (end >= len && path.regionMatches(end - len, literal, 0, len)) {
          return true;
        }
        // "**/foo" also matches "foo" itself
        return len > 0
            && literal.charAt(0) == '/'
            && end == len - 1
            && path.regionMatches(0, literal, 1, end);
      case REGEX:
        return regex.matcher(path).region(0, end).matches();
      default:
        throw new AssertionError(kind);
    }
  }

  @Override
  public String toString() {
    return kind + "(" + (regex != null ? regex.pattern() : literal) + ")";
  }
}
