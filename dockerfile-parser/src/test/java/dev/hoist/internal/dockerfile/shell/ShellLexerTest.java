package dev.hoist.internal.dockerfile.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.dockerfile.DockerfileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Behaviour beyond BuildKit's tables: options, the backtick escape, errors and edge cases. */
class ShellLexerTest {
  private static final ShellLexer BACKSLASH = new ShellLexer('\\');
  private static final ShellLexer BACKTICK = new ShellLexer('`');
  private static final Map<String, String> ENV = Map.of("PWD", "/home", "USER", "bob", "E", "");

  private static String word(ShellLexer lexer, String text) {
    return lexer.processWord(text, ENV);
  }

  private static String failure(ShellLexer lexer, String text) {
    return assertThrows(DockerfileException.class, () -> lexer.processWord(text, ENV))
        .getMessage();
  }

  @Nested
  class BacktickEscape {
    @Test
    void windowsPathsKeepTheirBackslashes() {
      assertEquals("C:\\path\\to\\file", word(BACKTICK, "C:\\path\\to\\file"));
      assertEquals("C:\\path", word(BACKTICK, "\"C:\\path\""));
      assertEquals("C:\\Users\\bob\\app", word(BACKTICK, "C:\\Users\\$USER\\app"));
      assertEquals("C:\\dir", word(BACKTICK, "${UNSET:-C:\\dir}"));
      assertEquals(List.of("C:\\Program Files\\x", "D:\\"),
          BACKTICK.processWords("\"C:\\Program Files\\x\" D:\\", ENV));
    }

    @Test
    void backtickEscapesLikeBackslashDoes() {
      assertEquals("he$PWD", word(BACKTICK, "he`$PWD"));
      assertEquals("a b", word(BACKTICK, "a` b"));
      assertEquals(List.of("a b", "c"), BACKTICK.processWords("a` b c", ENV));
      assertEquals("a\"b", word(BACKTICK, "\"a`\"b\""));
      assertEquals("a`b", word(BACKTICK, "\"a``b\""));
      assertEquals("$PWD", word(BACKTICK, "\"`$PWD\""));
      assertEquals("abc", word(BACKTICK, "abc`"));
    }

    @Test
    void backtickBeforeAnOrdinaryCharacterInDoubleQuotesIsKept() {
      assertEquals("a`b", word(BACKTICK, "\"a`b\""));
    }

    @Test
    void backslashIsNotSpecialButStillEscapesPatterns() {
      // patterns always use backslash escapes, whatever the escape token
      assertEquals("x", BACKTICK.processWord("${F#\\*}", Map.of("F", "*x")));
    }
  }

  @Nested
  class Options {
    @Test
    void rawQuotesKeepsQuoteCharacters() {
      ShellLexer raw = BACKSLASH.withRawQuotes(true);
      assertEquals("'a $PWD'\"b /home\"", word(raw, "'a $PWD'\"b $PWD\""));
      assertEquals(List.of("\"a b\"", "c"), raw.processWords("\"a b\" c", ENV));
    }

    @Test
    void rawEscapesKeepsEscapeCharacters() {
      ShellLexer raw = BACKSLASH.withRawEscapes(true);
      assertEquals("a\\ b\\$PWD", word(raw, "a\\ b\\$PWD"));
      assertEquals("a\\\"b", word(raw, "\"a\\\"b\""));
      // BuildKit writes an unescapable escape twice in double quotes when RawEscapes is on
      assertEquals("a\\\\xb", word(raw, "\"a\\xb\""));
    }

    @Test
    void rawEscapesIsOffInsideDefaultValues() {
      // BuildKit expands the word of -, + and ? without raw escapes, whatever the option says
      assertEquals("a b", word(BACKSLASH.withRawEscapes(true), "${UNSET:-a\\ b}"));
    }

    @Test
    void skipUnsetEnvLeavesUnsetReferencesAsWritten() {
      ShellLexer skip = BACKSLASH.withSkipUnsetEnv(true);
      assertEquals("$A-${B}-${C:-x}-${D/a/b}-/home", word(skip, "$A-${B}-${C:-x}-${D/a/b}-$PWD"));
      assertEquals("${UNSET:-/home}", word(skip, "${UNSET:-$PWD}"));
      assertEquals("${UNSET#*.}", word(skip, "${UNSET#*.}"));
      // even an unsupported modifier survives when the variable is unset, as in BuildKit
      assertEquals("${UNSET:YYY}", word(skip, "${UNSET:YYY}"));
      assertTrue(failure(skip, "${PWD:YYY}").endsWith("unsupported modifier (:Y) in substitution"));
    }

    @Test
    void withMethodsReturnCopiesAndLeaveTheOriginalUnchanged() {
      ShellLexer raw = BACKTICK.withRawQuotes(true).withRawEscapes(true).withSkipUnsetEnv(true);
      assertNotSame(BACKTICK, raw);
      assertEquals('`', raw.escapeToken());
      assertEquals("ab", word(BACKTICK, "'a'\"b\""));
      assertEquals("'a'\"b\"$X", word(raw, "'a'\"b\"$X"));
      assertEquals("a", word(raw.withRawQuotes(false).withSkipUnsetEnv(false), "'a'$X"));
    }

    @Test
    void onlyBackslashAndBacktickAreEscapeTokens() {
      assertThrows(IllegalArgumentException.class, () -> new ShellLexer('^'));
    }
  }

  @Nested
  class Errors {
    @Test
    void unterminatedQuotes() {
      assertEquals("failed to process \"'abc\": unexpected end of statement while looking for"
          + " matching single-quote", failure(BACKSLASH, "'abc"));
      assertEquals("failed to process \"\\\"abc\": unexpected end of statement while looking for"
          + " matching double-quote", failure(BACKSLASH, "\"abc"));
    }

    @Test
    void missingBrace() {
      assertEquals("failed to process \"${\": syntax error: missing '}'", failure(BACKSLASH, "${"));
      assertEquals("failed to process \"a${b\": syntax error: missing '}'",
          failure(BACKSLASH, "a${b"));
      assertEquals("failed to process \"${b:-c\": syntax error: missing '}'",
          failure(BACKSLASH, "${b:-c"));
      assertEquals("failed to process \"${b:-'c}\": syntax error: missing '}'",
          failure(BACKSLASH, "${b:-'c}"));
      assertTrue(failure(BACKSLASH, "${FOO/x").endsWith("syntax error: missing '/' in ${}"));
      assertTrue(failure(BACKSLASH, "${FOO/x/y").endsWith("syntax error: missing '}'"));
    }

    @Test
    void badSubstitution() {
      for (String text : List.of("${}", "x${}y", "${:}", "${:-a}", "${{a}")) {
        assertTrue(failure(BACKSLASH, text).endsWith("syntax error: bad substitution"), text);
      }
    }

    @Test
    void unsupportedModifiers() {
      assertTrue(failure(BACKSLASH, "${A=b}").endsWith("unsupported modifier (=) in substitution"));
      assertTrue(
          failure(BACKSLASH, "${A:=b}").endsWith("unsupported modifier (:=) in substitution"));
      assertTrue(failure(BACKSLASH, "${.}").endsWith("unsupported modifier (.) in substitution"));
      assertTrue(failure(BACKSLASH, "${#A}").endsWith("unsupported modifier (A) in substitution"));
    }

    @Test
    void invalidPatternEscape() {
      assertEquals("failed to process \"${PWD#\\\\x}\": invalid pattern (\\x) in substitution:"
          + " invalid escape '\\x'", failure(BACKSLASH, "${PWD#\\x}"));
      assertTrue(failure(BACKSLASH, "${PWD%a\\x}").contains("invalid pattern (a\\x)"));
    }

    @Test
    void errorsInsideNestedWordsPropagate() {
      assertTrue(failure(BACKSLASH, "${A:-${}}").endsWith("syntax error: bad substitution"));
      assertTrue(failure(BACKSLASH, "${A:-${B:?no B}}").endsWith("B: no B"));
    }
  }

  @Nested
  class Patterns {
    private final Map<String, String> file = Map.of("F", "archive.tar.gz");

    private String expand(String text, Map<String, String> env) {
      return BACKSLASH.processWord(text, env);
    }

    @Test
    void prefixAndSuffixRemoval() {
      assertEquals("tar.gz", expand("${F#*.}", file));
      assertEquals("gz", expand("${F##*.}", file));
      assertEquals("archive.tar", expand("${F%.*}", file));
      assertEquals("archive", expand("${F%%.*}", file));
      assertEquals("archive.tar.gz", expand("${F#nomatch}", file));
      assertEquals("ive.tar.gz", expand("${F#a?c?}", file));
      assertEquals("", expand("${F%%*}", file));
    }

    @Test
    void colonBeforeHashOrPercentBehavesLikeWithout() {
      assertEquals("tar.gz", expand("${F:#*.}", file));
      assertEquals("archive", expand("${F:%%.*}", file));
    }

    @Test
    void bracketsAreLiteral() {
      assertEquals("c", expand("${F#[ab]}", Map.of("F", "[ab]c")));
      assertEquals("ac", expand("${F#[ab]}", Map.of("F", "ac")));
    }

    @Test
    void wildcardsDoNotMatchNewlines() {
      assertEquals("\nb", expand("${F##*}", Map.of("F", "a\nb")));
      assertEquals("a\nb", expand("${F#?}", Map.of("F", "\na\nb")).substring(1));
    }

    @Test
    void questionMarkMatchesOneCodePoint() {
      assertEquals("x", expand("${F#?}", Map.of("F", "\uD83D\uDE00x")));
      assertEquals("\uD83D\uDE00", expand("${F%?}", Map.of("F", "\uD83D\uDE00x")));
    }

    @Test
    void replaceFirstAndAll() {
      Map<String, String> env = Map.of("F", "a-b-c", "E", "", "R", "$$");
      assertEquals("a+b-c", expand("${F/-/+}", env));
      assertEquals("a+b+c", expand("${F//-/+}", env));
      assertEquals("a", expand("${F/-*/}", env));
      assertEquals("x", expand("${F//*/x}", env));
      assertEquals("-a---b---c-", expand("${F//$E/-}", env));
      assertEquals("a-b-c", expand("${UNSET:-a-b-c}", env));
    }

    @Test
    void replaceAllInterpretsDollarsLikeGo() {
      Map<String, String> env = Map.of("F", "abc", "R", "$$");
      // BuildKit's ${VAR//p/r} goes through Go's ReplaceAllString, which expands $0 and $$
      assertEquals("a\\b\\bc", expand("${F//b/\\$0\\$0}", env));
      assertEquals("a$c", expand("${F//b/$R}", env));
      assertEquals("a\\c", expand("${F//b/\\$1}", env));
      assertEquals("a\\$0c", expand("${F/b/\\$0}", env));
    }
  }

  @Nested
  class Splitting {
    @Test
    void emptyQuotedStringsProduceNoWord() {
      assertEquals(List.of(), BACKSLASH.processWords("\"\"", ENV));
      assertEquals(List.of("a", "b"), BACKSLASH.processWords("a \"\" b", ENV));
      assertEquals(List.of("ab"), BACKSLASH.processWords("a\"\"b", ENV));
    }

    @Test
    void unquotedValuesSplitOnGoWhitespace() {
      Map<String, String> env = Map.of("V", " x\u00A0y\tz ", "S", "   ");
      assertEquals(List.of("x", "y", "z"), BACKSLASH.processWords("$V", env));
      assertEquals(List.of(" x\u00A0y\tz "), BACKSLASH.processWords("\"$V\"", env));
      assertEquals(List.of(), BACKSLASH.processWords("$S", env));
      assertEquals(List.of("a", "b"), BACKSLASH.processWords(" a\u3000b ", env));
    }

    @Test
    void processWordKeepsWhitespace() {
      assertEquals(" a  b ", BACKSLASH.processWord(" a  b ", ENV));
    }
  }

  @Nested
  class Edges {
    @Test
    void dollarWithoutName() {
      assertEquals("$", word(BACKSLASH, "$"));
      assertEquals("a$ b", word(BACKSLASH, "a$ b"));
      assertEquals("$./home", word(BACKSLASH, "$.$PWD"));
      // $$ is the (unset) special parameter "$", so the following name is plain text
      assertEquals("PWD", word(BACKSLASH, "$$PWD"));
    }

    @Test
    void leadingByteOrderMarkIsIgnoredLikeGoScanner() {
      assertEquals("/home", word(BACKSLASH, "\uFEFF$PWD"));
    }

    @Test
    void nullValuesCountAsSetButEmpty() {
      Map<String, String> env = new HashMap<>();
      env.put("N", null);
      Expansion expansion = BACKSLASH.processWordWithMatches("${N-default}${N:-x}", env);
      assertEquals("x", expansion.result());
      assertEquals(Set.of("N"), expansion.matched());
    }

    @Test
    void variableNamesAreCaseSensitive() {
      Expansion expansion = BACKSLASH.processWordWithMatches("$pwd$PWD", ENV);
      assertEquals("/home", expansion.result());
      assertEquals(Set.of("pwd"), expansion.unmatched());
    }

    @Test
    void expansionSetsAreImmutable() {
      Expansion expansion = BACKSLASH.processWordWithMatches("$PWD$X", ENV);
      assertThrows(UnsupportedOperationException.class, () -> expansion.matched().add("Y"));
      assertThrows(UnsupportedOperationException.class, () -> expansion.unmatched().clear());
    }

    @Test
    void oneInstanceIsSafeToShareBetweenThreads() {
      List<String> inputs = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        inputs.add("w" + i + "-${PWD%/*}${USER:+-$USER}-${X" + i + ":-" + i + "}");
      }
      List<String> expected =
          inputs.stream().map(in -> word(BACKSLASH, in)).collect(Collectors.toList());
      List<String> parallel =
          IntStream.range(0, inputs.size())
              .parallel()
              .mapToObj(i -> word(BACKSLASH, inputs.get(i)))
              .collect(Collectors.toList());
      assertEquals(expected, parallel);
      assertEquals("w7--bob-7", expected.get(7));
    }
  }
}
