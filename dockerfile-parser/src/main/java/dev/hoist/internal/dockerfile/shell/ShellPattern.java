package dev.hoist.internal.dockerfile.shell;

import java.util.Arrays;

/**
 * A compiled shell pattern as BuildKit understands it in {@code ${VAR#p}}, {@code ${VAR%p}} and
 * {@code ${VAR/p/r}}: {@code *} matches any run of characters, {@code ?} exactly one, and a
 * backslash makes the following {@code *}, {@code ?} or {@code \} literal
 * (<code>\&#125;</code> and {@code \/} are also accepted and mean the bare character). Every
 * other character, including {@code [} and {@code ]}, is literal: BuildKit has no bracket
 * expressions.
 *
 * <p>BuildKit translates patterns to Go regular expressions, so wildcards do not match a newline
 * ({@code .} without the {@code s} flag), and matching follows Go's leftmost-first preference
 * with greedy or lazy stars. {@link Matcher} reproduces that with a memoised backtracking search
 * over code points, without building a regular expression.
 */
final class ShellPattern {
  private static final int STAR = -2;
  private static final int ANY_ONE = -3;

  /** Literal code points, {@link #STAR} or {@link #ANY_ONE}; runs of stars are collapsed. */
  private final int[] tokens;

  private final int starCount;

  private ShellPattern(int[] tokens, int starCount) {
    this.tokens = tokens;
    this.starCount = starCount;
  }

  /**
   * Compiles a pattern.
   *
   * @throws ExpansionError if a backslash escapes anything but <code>* ? \ &#125; /</code>
   */
  static ShellPattern compile(String pattern) {
    int[] tokens = new int[pattern.length()];
    int size = 0;
    int stars = 0;
    CodePointCursor cursor = new CodePointCursor(pattern);
    for (int cp = cursor.next(); cp != CodePointCursor.EOF; cp = cursor.next()) {
      int token;
      if (cp == '*') {
        if (size > 0 && tokens[size - 1] == STAR) {
          continue; // "**" matches exactly what "*" matches, with the same preference
        }
        token = STAR;
        stars++;
      } else if (cp == '?') {
        token = ANY_ONE;
      } else if (cp == '\\') {
        int peeked = cursor.peek();
        if (peeked == '}' || peeked == '/') {
          continue; // the escape only protected the ${} syntax; the character itself is literal
        }
        token = cursor.next();
        if (token != '*' && token != '?' && token != '\\') {
          throw new ExpansionError(
              token == CodePointCursor.EOF
                  ? "invalid escape '\\' at end of pattern"
                  : "invalid escape '\\" + ShellChars.toText(token) + "'");
        }
      } else {
        token = cp;
      }
      tokens[size++] = token;
    }
    return new ShellPattern(Arrays.copyOf(tokens, size), stars);
  }

  /** Prepares a search of {@code text} (code points) with greedy or lazy stars. */
  Matcher matcher(int[] text, boolean greedy) {
    return new Matcher(text, greedy);
  }

  /**
   * Searches one text. Failed (star, position) states are remembered, which bounds the work by
   * stars x length^2 and is valid across start positions because the pattern is unanchored
   * inside the search.
   */
  final class Matcher {
    private final int[] text;
    private final boolean greedy;
    private final boolean[] failedStates;

    private Matcher(int[] text, boolean greedy) {
      this.text = text;
      this.greedy = greedy;
      this.failedStates = starCount == 0 ? null : new boolean[starCount * (text.length + 1)];
    }

    /** The end of the preferred match starting exactly at {@code start}, or -1. */
    int matchAt(int start) {
      return matchFrom(0, 0, start);
    }

    /**
     * The leftmost match starting at or after {@code from}, as {@code {start, end}}, or null.
     */
    int[] find(int from) {
      for (int start = from; start <= text.length; start++) {
        int end = matchAt(start);
        if (end >= 0) {
          return new int[] {start, end};
        }
      }
      return null;
    }

    private int matchFrom(int tokenIndex, int starIndex, int position) {
      int ti = tokenIndex;
      int pos = position;
      while (ti < tokens.length && tokens[ti] != STAR) {
        if (pos >= text.length) {
          return -1;
        }
        int token = tokens[ti];
        int cp = text[pos];
        if (token == ANY_ONE ? cp == '\n' : token != cp) {
          return -1;
        }
        ti++;
        pos++;
      }
      if (ti == tokens.length) {
        return pos;
      }
      int state = starIndex * (text.length + 1) + pos;
      if (failedStates[state]) {
        return -1;
      }
      int limit = pos;
      while (limit < text.length && text[limit] != '\n') {
        limit++;
      }
      if (greedy) {
        for (int end = limit; end >= pos; end--) {
          int result = matchFrom(ti + 1, starIndex + 1, end);
          if (result >= 0) {
            return result;
          }
        }
      } else {
        for (int end = pos; end <= limit; end++) {
          int result = matchFrom(ti + 1, starIndex + 1, end);
          if (result >= 0) {
            return result;
          }
        }
      }
      failedStates[state] = true;
      return -1;
    }
  }
}
