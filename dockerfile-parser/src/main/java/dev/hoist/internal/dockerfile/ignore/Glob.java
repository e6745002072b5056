package dev.hoist.internal.dockerfile.ignore;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compiled ignore pattern (without its {@code !}), matched against a whole '/'-separated
 * path or a leading part of it.
 *
 * <p>As in moby/patternmatcher, a pattern made only of literal characters is compared as a string,
 * and two shapes get a special meaning that differs from the regular expression they would
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
  private final String head; // REGEX: literal text every match starts with (maybe empty)
  private final String tail; // REGEX: literal text every match ends with (maybe empty)

  private Glob(Kind kind, String literal, Pattern regex, String head, String tail) {
    this.kind = kind;
    this.literal = literal;
    this.regex = regex;
    this.head = head;
    this.tail = tail;
  }

  static Glob exact(String pattern) {
    return new Glob(Kind.EXACT, pattern, null, null, null);
  }

  static Glob prefix(String prefix) {
    return new Glob(Kind.PREFIX, prefix, null, null, null);
  }

  static Glob suffix(String suffix) {
    return new Glob(Kind.SUFFIX, suffix, null, null, null);
  }

  /**
   * A regular expression, with the literal text its matches must start and end with; those are
   * checked first so that most non-matching paths never reach the regex engine.
   */
  static Glob regex(Pattern regex, String head, String tail) {
    return new Glob(Kind.REGEX, null, regex, head, tail);
  }

  Kind kind() {
    return kind;
  }

  /** Whether the whole of {@code path} matches. */
  boolean matches(String path) {
    return matchesOrParentMatches(path, false);
  }

  /**
   * Whether the path, or one of its parent directories, matches; patternmatcher's
   * MatchesOrParentMatches for a single pattern. Parents are tested as leading parts of
   * {@code path}, without creating substrings, and a regular expression uses one matcher for all.
   */
  boolean matchesOrParentMatches(String path) {
    return matchesOrParentMatches(path, true);
  }

  private boolean matchesOrParentMatches(String path, boolean parentsToo) {
    if (kind != Kind.REGEX) {
      if (matchesLiteral(path, path.length())) {
        return true;
      }
      for (int slash = parentsToo ? path.indexOf('/') : -1;
          slash >= 0;
          slash = path.indexOf('/', slash + 1)) {
        if (matchesLiteral(path, slash)) {
          return true;
        }
      }
      return false;
    }
    if (!path.startsWith(head)) {
      return false;
    }
    Matcher matcher = null;
    int end = path.length();
    int slash = parentsToo ? path.indexOf('/') : -1;
    while (true) {
      if (end >= head.length() + tail.length()
          && path.regionMatches(end - tail.length(), tail, 0, tail.length())) {
        if (matcher == null) {
          matcher = regex.matcher(path);
        }
        if (matcher.region(0, end).matches()) {
          return true;
        }
      }
      if (slash < 0) {
        return false;
      }
      end = slash;
      slash = path.indexOf('/', slash + 1);
    }
  }

  /** The string tests of the non-regex kinds, applied to {@code path.substring(0, end)}. */
  private boolean matchesLiteral(String path, int end) {
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
      default:
        throw new AssertionError(kind);
    }
  }

  @Override
  public String toString() {
    return kind + "(" + (regex != null ? regex.pattern() : literal) + ")";
  }
}
