package dev.hoist.internal.dockerfile.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Checks the regex-free pattern matcher against an oracle that follows BuildKit literally:
 * translate the pattern to a regular expression ({@code convertShellPatternToRegex}), reverse for
 * suffixes, and replace all matches with Go's {@code ReplaceAllString} loop. Java's regex engine
 * has the same leftmost-first semantics as Go's for these constructs, and UNIX_LINES makes
 * {@code .} exclude only {@code \n}, as in Go.
 */
class ShellLexerPatternPropertiesTest {

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.of("a", "b", "*", "?", "\\*", "\\?", "\\\\", "\n")
        .list()
        .ofMaxSize(6)
        .map(tokens -> String.join("", tokens));
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().withChars('a', 'b', '*', '\\', '\n').ofMaxLength(10);
  }

  @Property(tries = 3000)
  void trimPrefixAgreesWithRegexTranslation(
      @ForAll("patterns") String pattern, @ForAll("values") String value, @ForAll boolean greedy) {
    assertEquals(
        oracleTrimPrefix(pattern, value, greedy),
        PatternSubstitution.trimPrefix(pattern, value, greedy));
  }

  @Property(tries = 3000)
  void trimSuffixAgreesWithRegexTranslation(
      @ForAll("patterns") String pattern, @ForAll("values") String value, @ForAll boolean greedy) {
    String reversed = new StringBuilder(value).reverse().toString();
    String trimmed = oracleTrimPrefix(oracleReversePattern(pattern), reversed, greedy);
    assertEquals(
        new StringBuilder(trimmed).reverse().toString(),
        PatternSubstitution.trimSuffix(pattern, value, greedy));
  }

  @Property(tries = 3000)
  void replaceAgreesWithRegexTranslation(
      @ForAll("patterns") String pattern, @ForAll("values") String value, @ForAll boolean all) {
    assertEquals(
        oracleReplace(pattern, value, "<>", all),
        PatternSubstitution.replace(pattern, value, "<>", all));
  }

  private static Pattern translate(String pattern, boolean greedy, boolean anchored) {
    StringBuilder re = new StringBuilder(anchored ? "^" : "");
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        re.append(greedy ? ".*" : ".*?");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '\\') {
        re.append('\\').append(pattern.charAt(++i));
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.UNIX_LINES);
  }

  private static String oracleTrimPrefix(String pattern, String value, boolean greedy) {
    Matcher m = translate(pattern, greedy, true).matcher(value);
    return m.find() ? value.substring(m.end()) : value;
  }

  private static String oracleReversePattern(String pattern) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        out.insert(0, pattern.charAt(++i)).insert(0, '\\');
      } else {
        out.insert(0, c);
      }
    }
    return out.toString();
  }

  private static String oracleReplace(String pattern, String value, String repl, boolean all) {
    Matcher m = translate(pattern, true, false).matcher(value);
    if (!all) {
      return m.find() ? value.substring(0, m.start()) + repl + value.substring(m.end()) : value;
    }
    StringBuilder out = new StringBuilder();
    int lastMatchEnd = 0;
    int searchPos = 0;
    while (searchPos <= value.length() && m.find(searchPos)) {
      out.append(value, lastMatchEnd, m.start());
      if (m.end() > lastMatchEnd || m.start() == 0) {
        out.append(repl);
      }
      lastMatchEnd = m.end();
      searchPos = Math.max(searchPos + 1, m.end());
    }
    return out.append(value.substring(lastMatchEnd)).toString();
  }

  @Property(tries = 200)
  void oracleSelfCheck(@ForAll("patterns") String pattern) {
    // reversing twice restores the pattern, so the two reversals are consistent
    assertEquals(pattern, oracleReversePattern(oracleReversePattern(pattern)));
  }
}
