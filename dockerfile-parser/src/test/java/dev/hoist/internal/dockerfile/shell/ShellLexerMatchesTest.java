package dev.hoist.internal.dockerfile.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.dockerfile.DockerfileException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of BuildKit's {@code TestProcessWithMatches}, {@code TestProcessWithMatchesPlatform}
 * and {@code TestShellParserMandatoryEnvVars}: modifiers, patterns and the matched/unmatched
 * variable names reported by {@link ShellLexer#processWordWithMatches}.
 */
class ShellLexerMatchesTest {
  private static final ShellLexer LEXER = new ShellLexer('\\');
  private static final Map<String, String> FOO_XXX_BAR_EMPTY = Map.of("FOO", "xxx", "BAR", "");

  private static Arguments ok(
      String input, Map<String, String> env, String expected, Set<String> matched,
      Set<String> unmatched) {
    return Arguments.of(input, env, expected, matched, unmatched);
  }

  private static Arguments fails(String input, Map<String, String> env) {
    return Arguments.of(input, env, null, Set.of(), Set.of());
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        ok("x", Map.of("DUMMY", "dummy"), "x", Set.of(), Set.of()),
        ok("x ${UNUSED}", Map.of("DUMMY", "dummy"), "x ", Set.of(), Set.of("UNUSED")),
        ok("x ${FOO}", Map.of("FOO", "y"), "x y", Set.of("FOO"), Set.of()),
        ok("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", FOO_XXX_BAR_EMPTY, "xxx  ccc",
            Set.of("FOO", "BAR"), Set.of("BAZ")),
        ok("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", FOO_XXX_BAR_EMPTY, "xxx bbb ccc",
            Set.of("FOO", "BAR"), Set.of("BAZ")),
        ok("${FOO:-}", FOO_XXX_BAR_EMPTY, "xxx", Set.of("FOO"), Set.of()),
        ok("${FOO:-}", Map.of(), "", Set.of(), Set.of("FOO")),
        ok("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", FOO_XXX_BAR_EMPTY, "aaa bbb ",
            Set.of("FOO", "BAR"), Set.of("BAZ")),
        ok("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", FOO_XXX_BAR_EMPTY, "aaa  ",
            Set.of("FOO", "BAR"), Set.of("BAZ")),
        ok("${FOO?aaa}", FOO_XXX_BAR_EMPTY, "xxx", Set.of("FOO"), Set.of()),
        ok("${BAR?bbb}", FOO_XXX_BAR_EMPTY, "", Set.of("BAR"), Set.of()),
        fails("${BAZ?ccc}", FOO_XXX_BAR_EMPTY),
        ok("${FOO:?aaa}", FOO_XXX_BAR_EMPTY, "xxx", Set.of("FOO"), Set.of()),
        fails("${BAR:?bbb}", FOO_XXX_BAR_EMPTY),
        fails("${BAZ:?ccc}", FOO_XXX_BAR_EMPTY),
        fails("${BAZ:?}", FOO_XXX_BAR_EMPTY),
        fails("${FOO=aaa}", FOO_XXX_BAR_EMPTY),
        fails("${FOO=:aaa}", FOO_XXX_BAR_EMPTY),
        fails("${FOO=}", Map.of()),
        // regular-expression metacharacters are literal; } must be escaped inside ${}
        ok("${FOO#()[]{\\}^$.\\*\\?|\\\\}", Map.of("FOO", "()[]{}^$.*?|\\x"), "x",
            Set.of("FOO"), Set.of()),
        ok("${FOO%%\\**}", Map.of("FOO", "xx**"), "xx", Set.of("FOO"), Set.of()),
        ok("${FOO#*x*y}", Map.of("FOO", "xxyy"), "y", Set.of("FOO"), Set.of()),
        ok("${FOO#*}", Map.of("FOO", "xxyy"), "xxyy", Set.of("FOO"), Set.of()),
        ok("${FOO#$BAR}", Map.of("FOO", "xxyy", "BAR", "x"), "xyy", Set.of("FOO", "BAR"),
            Set.of()),
        ok("${FOO#$BAR}", Map.of("FOO", "xxyy", "BAR", ""), "xxyy", Set.of("FOO", "BAR"),
            Set.of()),
        ok("${FOO#}", Map.of("FOO", "xxyy"), "xxyy", Set.of("FOO"), Set.of()),
        ok("${FOO##*x}", Map.of("FOO", "xxyy"), "yy", Set.of("FOO"), Set.of()),
        ok("${FOO##}", Map.of("FOO", "xxyy"), "xxyy", Set.of("FOO"), Set.of()),
        ok("${FOO#?\\?}", Map.of("FOO", "???y"), "?y", Set.of("FOO"), Set.of()),
        ok("${ABC:-.}${FOO%x}${ABC:-.}", Map.of("FOO", "xxyy"), ".xxyy.", Set.of("FOO"),
            Set.of("ABC")),
        ok("${FOO%%\\**\\*}", Map.of("FOO", "a***yy*"), "a", Set.of("FOO"), Set.of()),
        ok("${FOO%}", Map.of("FOO", "xxyy"), "xxyy", Set.of("FOO"), Set.of()),
        ok("${FOO%%$BAR}", Map.of("FOO", "xxyy", "BAR", ""), "xxyy", Set.of("FOO", "BAR"),
            Set.of()),
        // wildcards
        ok("${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
            Map.of("FOO", "/foo*/*/*.txt", "NEEDLE", "\\*/"), "/foo.*/*.txt - /foo..*.txt",
            Set.of("FOO", "NEEDLE"), Set.of()),
        // / in patterns
        ok("${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
            Map.of("FOO", "/tmp/tmp/bar.txt", "NEEDLE", "/tmp"), "/tmp/bar.txt - /bar.txt",
            Set.of("FOO", "NEEDLE"), Set.of()),
        ok("${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
            Map.of("FOO", "/a/foo/b/c.txt", "NEEDLE", "/?/", "REPLACEMENT", "/"),
            "/foo/b/c.txt - /foo/c.txt", Set.of("FOO", "NEEDLE", "REPLACEMENT"), Set.of()),
        ok("${FOO/$NEEDLE/$REPLACEMENT}",
            Map.of("FOO", "http://google.de", "NEEDLE", "http://", "REPLACEMENT", "https://"),
            "https://google.de", Set.of("FOO", "NEEDLE", "REPLACEMENT"), Set.of()),
        // escaped separators
        ok("${FOO//\\//\\/}", Map.of("FOO", "/tmp/foo.txt"), "\\/tmp\\/foo.txt", Set.of("FOO"),
            Set.of()),
        // partial input BuildKit documents as "not guaranteed", kept to pin the behaviour
        ok("${FOO/$BAR/ww}", Map.of("FOO", "xxyy", "BAR", ""), "wwxxyy", Set.of("FOO", "BAR"),
            Set.of()),
        fails("${FOO//ww}", Map.of("FOO", "xxyy")),
        fails("${FOO//}", Map.of("FOO", "xxyy")),
        ok("${FOO///}", Map.of("FOO", "xxyy"), "xxyy", Set.of("FOO"), Set.of()),
        ok("${FOO///}", Map.of(), "", Set.of(), Set.of("FOO")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void processWordWithMatches(
      String input, Map<String, String> env, String expected, Set<String> matched,
      Set<String> unmatched) {
    if (expected == null) {
      assertThrows(DockerfileException.class, () -> LEXER.processWordWithMatches(input, env));
      return;
    }
    Expansion expansion = LEXER.processWordWithMatches(input, env);
    assertEquals(expected, expansion.result());
    assertEquals(matched, expansion.matched());
    assertEquals(unmatched, expansion.unmatched());
  }

  @Test
  void releaseFileNameWithOptionalVariant() {
    String release =
        "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
    Map<String, String> env = new HashMap<>();
    env.put("VERSION", "v1.2.3");
    env.put("TARGETOS", "linux");
    env.put("TARGETARCH", "arm");
    env.put("TARGETVARIANT", "v7");
    assertEquals("something-v1.2.3.linux-arm-v7.tar.gz",
        LEXER.processWordWithMatches(release, env).result());

    env.put("TARGETARCH", "arm64");
    env.put("TARGETVARIANT", "");
    Expansion empty = LEXER.processWordWithMatches(release, env);
    assertEquals("something-v1.2.3.linux-arm64.tar.gz", empty.result());
    assertTrue(empty.matched().contains("TARGETVARIANT"));

    env.remove("TARGETVARIANT");
    Expansion unset = LEXER.processWordWithMatches(release, env);
    assertEquals("something-v1.2.3.linux-arm64.tar.gz", unset.result());
    assertEquals(Set.of("TARGETVARIANT"), unset.unmatched());
  }

  @Test
  void mandatoryVariables() {
    Map<String, String> set = Map.of("VAR", "plain", "ARG", "x");
    Map<String, String> empty = Map.of("VAR", "", "ARG", "x");
    Map<String, String> unset = Map.of("ARG", "x");
    String noEmpty = "${VAR:?message here$ARG}";
    String noUnset = "${VAR?message here$ARG}";

    assertEquals("plain", LEXER.processWord(noEmpty, set));
    assertMessage("VAR: message herex", noEmpty, empty);
    assertMessage("VAR: message herex", noEmpty, unset);

    assertEquals("plain", LEXER.processWord(noUnset, set));
    assertEquals("", LEXER.processWord(noUnset, empty));
    assertMessage("VAR: message herex", noUnset, unset);
  }

  @Test
  void mandatoryVariablesWithoutMessage() {
    assertMessage("VAR: is not allowed to be unset", "${VAR?}", Map.of());
    assertMessage("VAR: is not allowed to be unset", "${VAR:?}", Map.of());
    assertMessage("VAR: is not allowed to be empty", "${VAR:?}", Map.of("VAR", ""));
  }

  private static void assertMessage(String reason, String word, Map<String, String> env) {
    DockerfileException e =
        assertThrows(DockerfileException.class, () -> LEXER.processWord(word, env));
    assertEquals("failed to process \"" + word.replace("\\", "\\\\") + "\": " + reason,
        e.getMessage());
  }
}
