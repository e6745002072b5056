package dev.hoist.internal.dockerfile.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.dockerfile.DockerfileException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading an ignore file into patterns: ignorefile_test.go and patternmatcher's New. */
class DockerIgnoreParseTest {

  /** ignorefile.ReadAll's test, minus its two lone "!" lines, which New then rejects. */
  @Test
  void readsPatternsLikeIgnorefileReadAll() {
    String content =
        "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n";
    assertEquals(
        List.of("test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path"),
        IgnoreFileReader.readLines(content));
    assertEquals(
        List.of("test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path"),
        DockerIgnore.parse(content).patterns());
  }

  @Test
  void readAllKeepsLoneBangLinesForTheMatcherToReject() {
    assertEquals(List.of("x", "!", "!"), IgnoreFileReader.readLines("x\n!\n! "));
  }

  @Test
  void loneBangIsAnError() {
    for (String text : new String[] {"!", "docs\n!", "docs\n!   ", "! \t", "!/"}) {
      DockerfileException e =
          assertThrows(DockerfileException.class, () -> DockerIgnore.parse(text), text);
      assertTrue(e.getMessage().contains("illegal exclusion pattern: \"!\""), e.getMessage());
    }
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "foo|foo",
        "/foo|foo",
        "./foo|foo",
        "foo/|foo",
        "foo//bar/|foo/bar",
        "'  foo  '|foo",
        "a/./b/../c|a/c",
        "//foo|foo",
        "/../foo|foo",
        "../foo|../foo",
        "/|/",
        ".|.",
        "!./foo/|!foo",
        "'! /foo'|!foo",
        "'  !docs/README.md  '|!docs/README.md",
        "*.md|*.md",
        "'\\!x'|\\!x",
      })
  void patternsAreTrimmedAndCleaned(String line, String expected) {
    assertEquals(List.of(expected), DockerIgnore.parse(line).patterns());
  }

  @Test
  void commentsBlankLinesAndLineEndings() {
    String text = "\uFEFF# first line comment after a BOM\r\n"
        + "\r\n"
        + "   \t\n"
        + "a.txt\r\n"
        + "  # not a comment: '#' must be in column 1\n"
        + "#also a comment\n"
        + "b.txt";
    DockerIgnore ignore = DockerIgnore.parse(text);
    assertEquals(List.of("a.txt", "# not a comment: '#' must be in column 1", "b.txt"),
        ignore.patterns());
    assertTrue(ignore.excludes("a.txt"));
    assertTrue(ignore.excludes("b.txt"));
    assertTrue(ignore.excludes("# not a comment: '#' must be in column 1"));
  }

  @Test
  void goWhitespaceIsTrimmedIncludingNoBreakSpace() {
    assertEquals(List.of("foo"), DockerIgnore.parse("\u00A0foo\u3000\u000B").patterns());
  }

  @Test
  void emptyFileMatchesNothing() {
    DockerIgnore ignore = DockerIgnore.parse("");
    assertEquals(List.of(), ignore.patterns());
    assertFalse(ignore.excludes("anything"));
    assertFalse(ignore.canSkipDirectory("anything"));
    assertEquals(List.of(), DockerIgnore.parse("# only\n\n#comments\n").patterns());
  }

  @Test
  void rootPatternMatchesNothingRelative() {
    DockerIgnore ignore = DockerIgnore.parse("/");
    assertFalse(ignore.excludes("a"));
    assertFalse(ignore.excludes("a/b"));
  }

  @Test
  void patternsListIsUnmodifiable() {
    List<String> patterns = DockerIgnore.parse("a\n!b").patterns();
    assertThrows(UnsupportedOperationException.class, () -> patterns.add("c"));
  }

  @Test
  void goCleanMatchesGoForTrickyInputs() {
    String[][] cases = {
      {"", "."}, {"/", "/"}, {"//", "/"}, {"a/..", "."}, {"a/../..", ".."}, {"../../a", "../../a"},
      {"/..", "/"}, {"/../a/../b", "/b"}, {"a/b/../../../c", "../c"}, {"./", "."}, {"..", ".."},
      {"abc/def/", "abc/def"}, {"a/./b", "a/b"}, {".../x", ".../x"}, {"..a/b", "..a/b"},
      {"a/..b", "a/..b"}, {"../a/..", ".."}, {"x/../../y", "../y"}
    };
    for (String[] c : cases) {
      assertEquals(c[1], GoText.cleanPath(c[0]), "clean(\"" + c[0] + "\")");
    }
  }
}
