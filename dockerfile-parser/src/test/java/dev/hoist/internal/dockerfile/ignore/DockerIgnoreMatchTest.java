package dev.hoist.internal.dockerfile.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.dockerfile.DockerfileException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test tables of moby/patternmatcher ({@code patternmatcher_test.go}), ported: each case is a
 * pattern, a path, and whether the pattern matches the path itself ("exact"), only through a
 * parent directory ("inexact"), or not at all ("fail").
 */
class DockerIgnoreMatchTest {
  enum Expect {
    EXACT,
    INEXACT,
    FAIL
  }

  private static final Expect EXACT = Expect.EXACT;
  private static final Expect INEXACT = Expect.INEXACT;
  private static final Expect FAIL = Expect.FAIL;

  /** TestMatches' single-pattern table (with the non-Windows additions). */
  static Stream<Arguments> singlePatternCases() {
    return Stream.of(
        Arguments.of("**", "file", EXACT),
        Arguments.of("**", "file/", EXACT),
        Arguments.of("**/", "file", EXACT),
        Arguments.of("**/", "file/", EXACT),
        Arguments.of("**", "/", EXACT),
        Arguments.of("**/", "/", EXACT),
        Arguments.of("**", "dir/file", EXACT),
        Arguments.of("**/", "dir/file", EXACT),
        Arguments.of("**", "dir/file/", EXACT),
        Arguments.of("**/", "dir/file/", EXACT),
        Arguments.of("**/**", "dir/file", EXACT),
        Arguments.of("**/**", "dir/file/", EXACT),
        Arguments.of("dir/**", "dir/file", EXACT),
        Arguments.of("dir/**", "dir/file/", EXACT),
        Arguments.of("dir/**", "dir/dir2/file", EXACT),
        Arguments.of("dir/**", "dir/dir2/file/", EXACT),
        Arguments.of("**/dir", "dir", EXACT),
        Arguments.of("**/dir", "dir/file", INEXACT),
        Arguments.of("**/dir2/*", "dir/dir2/file", EXACT),
        Arguments.of("**/dir2/*", "dir/dir2/file/", INEXACT),
        Arguments.of("**/dir2/**", "dir/dir2/dir3/file", EXACT),
        Arguments.of("**/dir2/**", "dir/dir2/dir3/file/", EXACT),
        Arguments.of("**file", "file", EXACT),
        Arguments.of("**file", "dir/file", EXACT),
        Arguments.of("**/file", "dir/file", EXACT),
        Arguments.of("**file", "dir/dir/file", EXACT),
        Arguments.of("**/file", "dir/dir/file", EXACT),
        Arguments.of("**/file*", "dir/dir/file", EXACT),
        Arguments.of("**/file*", "dir/dir/file.txt", EXACT),
        Arguments.of("**/file*txt", "dir/dir/file.txt", EXACT),
        Arguments.of("**/file*.txt", "dir/dir/file.txt", EXACT),
        Arguments.of("**/file*.txt*", "dir/dir/file.txt", EXACT),
        Arguments.of("**/**/*.txt", "dir/dir/file.txt", EXACT),
        Arguments.of("**/**/*.txt2", "dir/dir/file.txt", FAIL),
        Arguments.of("**/*.txt", "file.txt", EXACT),
        Arguments.of("**/**/*.txt", "file.txt", EXACT),
        Arguments.of("a**/*.txt", "a/file.txt", EXACT),
        Arguments.of("a**/*.txt", "a/dir/file.txt", EXACT),
        Arguments.of("a**/*.txt", "a/dir/dir/file.txt", EXACT),
        Arguments.of("a/*.txt", "a/dir/file.txt", FAIL),
        Arguments.of("a/*.txt", "a/file.txt", EXACT),
        Arguments.of("a/*.txt**", "a/file.txt", EXACT),
        Arguments.of("a[b-d]e", "ae", FAIL),
        Arguments.of("a[b-d]e", "ace", EXACT),
        Arguments.of("a[b-d]e", "aae", FAIL),
        Arguments.of("a[^b-d]e", "aze", EXACT),
        Arguments.of(".*", ".foo", EXACT),
        Arguments.of(".*", "foo", FAIL),
        Arguments.of("abc.def", "abcdef", FAIL),
        Arguments.of("abc.def", "abc.def", EXACT),
        Arguments.of("abc.def", "abcZdef", FAIL),
        Arguments.of("abc?def", "abcZdef", EXACT),
        Arguments.of("abc?def", "abcdef", FAIL),
        Arguments.of("**/foo/bar", "foo/bar", EXACT),
        Arguments.of("**/foo/bar", "dir/foo/bar", EXACT),
        Arguments.of("**/foo/bar", "dir/dir2/foo/bar", EXACT),
        Arguments.of("abc/**", "abc", FAIL),
        Arguments.of("abc/**", "abc/def", EXACT),
        Arguments.of("abc/**", "abc/def/ghi", EXACT),
        Arguments.of("**/.foo", ".foo", EXACT),
        Arguments.of("**/.foo", "bar.foo", FAIL),
        Arguments.of("a(b)c/def", "a(b)c/def", EXACT),
        Arguments.of("a(b)c/def", "a(b)c/xyz", FAIL),
        Arguments.of("a.|)$(}+{bc", "a.|)$(}+{bc", EXACT),
        Arguments.of(
            "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
            "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
            EXACT),
        Arguments.of(
            "dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", EXACT),
        Arguments.of("a\\\\", "a\\", EXACT),
        Arguments.of("a\\*b", "a*b", EXACT));
  }

  /**
   * patternmatcher's MatchesExact: the pattern alone against the path as given (the table's paths
   * are not cleaned, hence a trailing '/' can matter).
   */
  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @MethodSource("singlePatternCases")
  void patternMatchesPathItselfOnlyWhenExact(String pattern, String path, Expect expect) {
    IgnoreRule rule = IgnoreRule.parse(pattern);
    assertEquals(expect == EXACT, rule.glob().matches(path), rule.glob().toString());
  }

  /** patternmatcher's MatchesOrParentMatches: matching the path or a parent excludes it. */
  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @MethodSource("singlePatternCases")
  void pathOrParentMatches(String pattern, String path, Expect expect) {
    IgnoreRule rule = IgnoreRule.parse(pattern);
    assertEquals(expect != FAIL, rule.matchesOrParentMatches(path), rule.glob().toString());
  }

  /** The same table through the public API, which also cleans the path first. */
  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @MethodSource("singlePatternCases")
  void excludesThroughPublicApi(String pattern, String path, Expect expect) {
    DockerIgnore ignore = DockerIgnore.parse(pattern);
    assertEquals(expect != FAIL, ignore.excludes(path), ignore.toString());
  }

  static Stream<Arguments> multiPatternCases() {
    String whl = "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl";
    return Stream.of(
        Arguments.of("**\n!util/docker/web", "util/docker/web/foo", false),
        Arguments.of("**\n!util/docker/web\nutil/docker/web/foo", "util/docker/web/foo", true),
        Arguments.of("**\n!" + whl, whl, false),
        Arguments.of("**\n!dist/*.whl", whl, false));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("multiPatternCases")
  void multiplePatterns(String file, String path, boolean excluded) {
    assertEquals(excluded, DockerIgnore.parse(file).excludes(path));
  }

  /** TestCompile: which patterns are plain string tests and which need a regular expression. */
  static Stream<Arguments> compileCases() {
    return Stream.of(
        Arguments.of("*", Glob.Kind.REGEX),
        Arguments.of("file*", Glob.Kind.REGEX),
        Arguments.of("*file", Glob.Kind.REGEX),
        Arguments.of("a*/b", Glob.Kind.REGEX),
        Arguments.of("**", Glob.Kind.SUFFIX),
        Arguments.of("**/**", Glob.Kind.REGEX),
        Arguments.of("dir/**", Glob.Kind.PREFIX),
        Arguments.of("**/dir", Glob.Kind.SUFFIX),
        Arguments.of("**/dir2/*", Glob.Kind.REGEX),
        Arguments.of("**/dir2/**", Glob.Kind.REGEX),
        Arguments.of("**file", Glob.Kind.SUFFIX),
        Arguments.of("**/file*txt", Glob.Kind.REGEX),
        Arguments.of("**/**/*.txt", Glob.Kind.REGEX),
        Arguments.of("a[b-d]e", Glob.Kind.REGEX),
        Arguments.of(".*", Glob.Kind.REGEX),
        Arguments.of("abc.def", Glob.Kind.EXACT),
        Arguments.of("abc?def", Glob.Kind.REGEX),
        Arguments.of("**/foo/bar", Glob.Kind.SUFFIX),
        Arguments.of("a(b)c/def", Glob.Kind.EXACT),
        Arguments.of("a.|)$(}+{bc", Glob.Kind.EXACT),
        Arguments.of("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", Glob.Kind.EXACT));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("compileCases")
  void compilesToTheSameKindAsPatternmatcher(String pattern, Glob.Kind kind) {
    assertEquals(kind, GlobCompiler.compile(pattern, pattern).kind());
  }

  /** The filepath.Match cases patternmatcher_test.go borrows from Go (TestMatch). */
  static Stream<Arguments> filepathMatchCases() {
    return Stream.of(
        Arguments.of("abc", "abc", true),
        Arguments.of("*", "abc", true),
        Arguments.of("*c", "abc", true),
        Arguments.of("a*", "a", true),
        Arguments.of("a*", "abc", true),
        Arguments.of("a*", "ab/c", true),
        Arguments.of("a*/b", "abc/b", true),
        Arguments.of("a*/b", "a/c/b", false),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/f", true),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
        Arguments.of("a*b?c*x", "abxbbxdbxebxczzx", true),
        Arguments.of("a*b?c*x", "abxbbxdbxebxczzy", false),
        Arguments.of("ab[c]", "abc", true),
        Arguments.of("ab[b-d]", "abc", true),
        Arguments.of("ab[e-g]", "abc", false),
        Arguments.of("ab[^c]", "abc", false),
        Arguments.of("ab[^b-d]", "abc", false),
        Arguments.of("ab[^e-g]", "abc", true),
        Arguments.of("a\\*b", "a*b", true),
        Arguments.of("a\\*b", "ab", false),
        Arguments.of("a?b", "a☺b", true),
        Arguments.of("a[^a]b", "a☺b", true),
        Arguments.of("a???b", "a☺b", false),
        Arguments.of("a[^a][^a][^a]b", "a☺b", false),
        Arguments.of("[a-ζ]*", "α", true),
        Arguments.of("*[a-ζ]", "A", false),
        Arguments.of("a?b", "a/b", false),
        Arguments.of("a*b", "a/b", false),
        Arguments.of("[\\]a]", "]", true),
        Arguments.of("[\\-]", "-", true),
        Arguments.of("[x\\-]", "x", true),
        Arguments.of("[x\\-]", "-", true),
        Arguments.of("[x\\-]", "z", false),
        Arguments.of("[\\-x]", "x", true),
        Arguments.of("[\\-x]", "-", true),
        Arguments.of("[\\-x]", "a", false),
        Arguments.of("*x", "xxx", true));
  }

  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @MethodSource("filepathMatchCases")
  void filepathMatchSyntax(String pattern, String path, boolean excluded) {
    assertEquals(excluded, DockerIgnore.parse(pattern).excludes(path));
  }

  /** The malformed patterns of the same table: each is rejected, naming the pattern. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc", "a[", "[z-a]",
        "[Local-Only]"
      })
  void malformedPatternIsRejected(String pattern) {
    DockerfileException e =
        assertThrows(DockerfileException.class, () -> DockerIgnore.parse("ok\n" + pattern));
    assertTrue(e.getMessage().contains("\"" + pattern + "\""), e.getMessage());
  }

  @Test
  void malformedExceptionIsQuotedWithItsBang() {
    DockerfileException e =
        assertThrows(DockerfileException.class, () -> DockerIgnore.parse("!docs/[abc"));
    assertEquals(
        "invalid .dockerignore pattern \"!docs/[abc\": unterminated character class"
            + " (syntax error in pattern)",
        e.getMessage());
  }

  @Test
  void singlePatternHelpersFromPatternmatcherTest() {
    assertTrue(DockerIgnore.parse("*").excludes("fileutils.go")); // TestWildcardMatches
    assertTrue(DockerIgnore.parse("*.go").excludes("fileutils.go")); // TestPatternMatches
    // TestExclusionPatternMatchesPatternBefore: the later exclusion wins
    assertTrue(DockerIgnore.parse("!fileutils.go\n*.go").excludes("fileutils.go"));
    // TestExclusionPatternMatchesPatternAfter
    assertFalse(DockerIgnore.parse("*.go\n!fileutils.go").excludes("fileutils.go"));
    // TestPatternMatchesFolderExclusions and its "docs/" and "docs/*" variants
    for (String folder : new String[] {"docs", "docs/", "docs/*"}) {
      assertFalse(DockerIgnore.parse(folder + "\n!docs/README.md").excludes("docs/README.md"));
      assertTrue(DockerIgnore.parse(folder + "\n!docs/README.md").excludes("docs/other.md"));
    }
    // TestExclusionPatternMatchesWholeDirectory: the context root is never excluded
    assertFalse(DockerIgnore.parse("*.go").excludes("."));
    assertFalse(DockerIgnore.parse("**").excludes(""));
    // TestMatchesWithNoPatterns
    assertFalse(DockerIgnore.parse("").excludes("/any/path/there"));
  }

  @Test
  void characterClassesFollowFilepathMatch() {
    DockerIgnore ignore = DockerIgnore.parse("file[0-9].txt\nlog[!x]\nv[^.]");
    assertTrue(ignore.excludes("file7.txt"));
    assertFalse(ignore.excludes("filex.txt"));
    // In Go's syntax only '^' negates; '!' is an ordinary member of the class.
    assertTrue(ignore.excludes("log!"));
    assertTrue(ignore.excludes("logx"));
    assertFalse(ignore.excludes("logy"));
    assertTrue(ignore.excludes("v1"));
    assertFalse(ignore.excludes("v."));
    // A negated class matches '/' too, as in Go.
    assertTrue(DockerIgnore.parse("a[^x]b").excludes("a/b"));
  }

  @Test
  void regexMetacharactersAreLiteral() {
    DockerIgnore ignore = DockerIgnore.parse("a{1,2}*\n[&&]x\n$HOME\n(x|y)");
    assertTrue(ignore.excludes("a{1,2}b"));
    assertFalse(ignore.excludes("aa"));
    assertTrue(ignore.excludes("&x"));
    assertTrue(ignore.excludes("$HOME"));
    assertTrue(ignore.excludes("(x|y)"));
    assertFalse(ignore.excludes("x"));
  }

  @Test
  void doubleStarPrefixAndSuffixShapesKeepPatternmatcherMeaning() {
    // "**file" is a plain suffix test, so it also matches names merely ending in "file".
    assertTrue(DockerIgnore.parse("**file").excludes("dir/myfile"));
    // "abc**" is a plain prefix test.
    assertTrue(DockerIgnore.parse("abc**").excludes("abcdef/ghi"));
    // "**/*.go" reaches the root and any depth.
    DockerIgnore go = DockerIgnore.parse("**/*.go");
    assertTrue(go.excludes("main.go"));
    assertTrue(go.excludes("a/b/c/main.go"));
    assertFalse(go.excludes("a/b/c/main.gox"));
    // "a/**/b" allows zero directories in between.
    DockerIgnore middle = DockerIgnore.parse("a/**/b");
    assertTrue(middle.excludes("a/b"));
    assertTrue(middle.excludes("a/x/y/b"));
    assertTrue(middle.excludes("a/x/y/b/c"));
    assertFalse(middle.excludes("a/xb"));
  }

  @Test
  void docsExampleTable() {
    DockerIgnore ignore = DockerIgnore.parse("# comment\n*/temp*\n*/*/temp*\ntemp?\n");
    assertTrue(ignore.excludes("somedir/temporary.txt"));
    assertTrue(ignore.excludes("somedir/temp"));
    assertTrue(ignore.excludes("somedir/temp/inside.txt"));
    assertTrue(ignore.excludes("somedir/subdir/temporary.txt"));
    assertTrue(ignore.excludes("tempa"));
    assertTrue(ignore.excludes("tempb"));
    assertFalse(ignore.excludes("temporary.txt"));
    assertFalse(ignore.excludes("temp"));
    assertFalse(ignore.excludes("a/b/c/temp"));
    assertFalse(ignore.excludes("# comment"));
  }

  @Test
  void lastMatchingLineWins() {
    DockerIgnore secretExcluded = DockerIgnore.parse("*.md\n!README*.md\nREADME-secret.md");
    assertTrue(secretExcluded.excludes("CHANGELOG.md"));
    assertFalse(secretExcluded.excludes("README.md"));
    assertTrue(secretExcluded.excludes("README-secret.md"));

    DockerIgnore allReadmes = DockerIgnore.parse("*.md\nREADME-secret.md\n!README*.md");
    assertTrue(allReadmes.excludes("CHANGELOG.md"));
    assertFalse(allReadmes.excludes("README.md"));
    assertFalse(allReadmes.excludes("README-secret.md"));
  }

  @Test
  void exceptionInsideExcludedDirectoryButParentStaysExcluded() {
    DockerIgnore ignore = DockerIgnore.parse("docs\n!docs/keep/**");
    assertTrue(ignore.excludes("docs"));
    assertTrue(ignore.excludes("docs/other.txt"));
    // "docs/keep/**" needs something below docs/keep, so the directory itself matches only "docs"
    assertTrue(ignore.excludes("docs/keep"));
    assertFalse(ignore.excludes("docs/keep/a.txt"));
    assertFalse(ignore.excludes("docs/keep/deep/b.txt"));
  }

  @Test
  void inputPathIsCleaned() {
    DockerIgnore ignore = DockerIgnore.parse("a/b");
    assertTrue(ignore.excludes("./a//b/"));
    assertTrue(ignore.excludes("a/x/../b/c"));
    assertFalse(ignore.excludes("a/b/.."));
  }

  @Test
  void unicodeAndSupplementaryCharacters() {
    DockerIgnore ignore = DockerIgnore.parse("d?r/*.txt\n[😀-😂]\n");
    assertTrue(ignore.excludes("dér/ünï.txt"));
    assertTrue(ignore.excludes("d😀r/x.txt"));
    assertTrue(ignore.excludes("😁"));
    assertFalse(ignore.excludes("😃"));
  }

  @Test
  void literalHeadAndTailShortcutsAgreeWithTheRegex() {
    DockerIgnore ignore = DockerIgnore.parse("ab*ba");
    assertFalse(ignore.excludes("aba")); // "ab" and "ba" may not overlap
    assertTrue(ignore.excludes("abba"));
    assertTrue(ignore.excludes("abXba/child"));
    DockerIgnore parent = DockerIgnore.parse("docs/*/x\nsrc/**/gen");
    assertTrue(parent.excludes("docs/a/x/y/z.txt"));
    assertFalse(parent.excludes("docs/a/xy/z.txt"));
    assertTrue(parent.excludes("src/gen/A.java"));
    assertTrue(parent.excludes("src/a/b/gen/A.java"));
    assertFalse(parent.excludes("src/a/b/generated/A.java"));
    assertTrue(DockerIgnore.parse("\\\\[x]").excludes("\\x/y")); // escaped '\' then a class
  }
}
