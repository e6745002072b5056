package dev.hoist.internal.dockerfile.shell;

import java.util.Arrays;

/**
 * The pattern-based parameter expansions: prefix and suffix removal ({@code #}, {@code ##},
 * {@code %}, {@code %%}) and replacement ({@code /}, {@code //}), with BuildKit's semantics.
 * Strings are handled as code points so that {@code ?} matches one character even outside the
 * Basic Multilingual Plane.
 */
final class PatternSubstitution {
  private PatternSubstitution() {}

  /** Removes the shortest (or, when greedy, longest) prefix of {@code value} matching it. */
  static String trimPrefix(String pattern, String value, boolean greedy) {
    int[] text = value.codePoints().toArray();
    int end = compile(pattern, pattern).matcher(text, greedy).matchAt(0);
    return end <= 0 ? value : new String(text, end, text.length - end);
  }

  /**
   * Removes the shortest (or, when greedy, longest) suffix of {@code value} matching the pattern.
   * As in BuildKit this reverses both the pattern (keeping escape pairs together) and the value,
   * then removes a prefix.
   */
  static String trimSuffix(String pattern, String value, boolean greedy) {
    int[] reversedText = reverse(value.codePoints().toArray());
    ShellPattern reversedPattern = compile(reversePattern(pattern), pattern);
    int end = reversedPattern.matcher(reversedText, greedy).matchAt(0);
    if (end <= 0) {
      return value;
    }
    int[] kept = reverse(Arrays.copyOfRange(reversedText, end, reversedText.length));
    return new String(kept, 0, kept.length);
  }

  /**
   * Replaces the first (or every) leftmost-longest match of the pattern. Replacing every match
   * follows Go's {@code ReplaceAllString}, including its handling of empty matches and of
   * {@code $} in the replacement (see {@link GoReplacementTemplate}).
   */
  static String replace(String pattern, String value, String replacement, boolean all) {
    int[] text = value.codePoints().toArray();
    ShellPattern.Matcher matcher = compile(pattern, pattern).matcher(text, true);
    if (!all) {
      int[] match = matcher.find(0);
      if (match == null) {
        return value;
      }
      return slice(text, 0, match[0]) + replacement + slice(text, match[1], text.length);
    }
    boolean literalReplacement = replacement.indexOf('$') < 0;
    StringBuilder out = new StringBuilder(value.length() + replacement.length());
    int lastMatchEnd = 0;
    int searchPos = 0;
    while (searchPos <= text.length) {
      int[] match = matcher.find(searchPos);
      if (match == null) {
        break;
      }
      appendSlice(out, text, lastMatchEnd, match[0]);
      // Like Go, do not replace an empty match right after the previous match.
      if (match[1] > lastMatchEnd || match[0] == 0) {
        if (literalReplacement) {
          out.append(replacement);
        } else {
          GoReplacementTemplate.expand(out, replacement, slice(text, match[0], match[1]));
        }
      }
      lastMatchEnd = match[1];
      // Always advance at least one character past the search position.
      searchPos = Math.max(searchPos + 1, match[1]);
    }
    appendSlice(out, text, lastMatchEnd, text.length);
    return out.toString();
  }

  /**
   * Reverses a pattern while keeping each backslash before the character it escapes, exactly as
   * BuildKit's {@code reversePattern} does (a trailing lone backslash ends up at the front).
   */
  static String reversePattern(String pattern) {
    int[] in = pattern.codePoints().toArray();
    int[] out = new int[in.length];
    int last = in.length - 1;
    for (int i = 0; i <= last; ) {
      int outIndex = last - i;
      if (in[i] == '\\' && i != last) {
        out[outIndex - 1] = '\\';
        out[outIndex] = in[i + 1];
        i += 2;
      } else {
        out[outIndex] = in[i];
        i++;
      }
    }
    return new String(out, 0, out.length);
  }

  private static ShellPattern compile(String pattern, String shownPattern) {
    try {
      return ShellPattern.compile(pattern);
    } catch (ExpansionError e) {
      throw new ExpansionError(
          "invalid pattern (" + shownPattern + ") in substitution: " + e.getMessage());
    }
  }

  private static int[] reverse(int[] codePoints) {
    for (int i = 0, j = codePoints.length - 1; i < j; i++, j--) {
      int tmp = codePoints[i];
      codePoints[i] = codePoints[j];
      codePoints[j] = tmp;
    }
    return codePoints;
  }

  private static String slice(int[] text, int from, int to) {
    return new String(text, from, to - from);
  }

  private static void appendSlice(StringBuilder out, int[] text, int from, int to) {
    for (int i = from; i < to; i++) {
      out.appendCodePoint(text[i]);
    }
  }
}
