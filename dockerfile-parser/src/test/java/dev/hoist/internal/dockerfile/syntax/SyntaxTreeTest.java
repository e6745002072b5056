package dev.hoist.internal.dockerfile.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.dockerfile.Heredoc;
import dev.hoist.dockerfile.KeyValue;
import dev.hoist.dockerfile.RawInstruction;
import dev.hoist.dockerfile.SyntaxTree;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SyntaxTreeTest {

  private static SyntaxTree parse(String text) {
    return DockerfileSyntax.parse(text, "Dockerfile");
  }

  private static RawInstruction only(String text) {
    SyntaxTree tree = parse(text);
    assertEquals(1, tree.instructions().size(), () -> "instructions: " + tree.instructions());
    return tree.instructions().get(0);
  }

  private static DockerfileException error(String text) {
    return assertThrows(DockerfileException.class, () -> parse(text));
  }

  @Nested
  class Instructions {
    @Test
    void keywordsInAnyCaseAreLowerCased() {
      SyntaxTree tree = parse("from alpine\nRuN echo hi\nCOPY a b\n");
      assertEquals(List.of("from", "run", "copy"),
          tree.instructions().stream().map(RawInstruction::name).toList());
      assertEquals("RUN", tree.instructions().get(1).keyword());
    }

    @Test
    void everyInstructionIsKnown() {
      String file = String.join("\n", "FROM a", "RUN b", "CMD c", "LABEL k=v", "MAINTAINER m",
          "EXPOSE 80", "ENV k=v", "ADD a b", "COPY a b", "ENTRYPOINT e", "VOLUME /v", "USER u",
          "WORKDIR /w", "ARG a", "ONBUILD RUN x", "STOPSIGNAL SIGTERM", "HEALTHCHECK NONE",
          "SHELL [\"sh\"]");
      assertEquals(18, parse(file).instructions().size());
    }

    @Test
    void unknownInstructionSuggestsTheClosest() {
      DockerfileException e = error("FROM a\nCOPPY a b\n");
      assertEquals(2, e.line());
      assertEquals(1, e.column());
      assertTrue(e.getMessage().contains("unknown instruction: COPPY (did you mean COPY?)"),
          e.getMessage());
    }

    @Test
    void unknownInstructionFarFromAnyHasNoHint() {
      DockerfileException e = error("FROM a\n  XYZZYPLUGH a\n");
      assertEquals("unknown instruction: XYZZYPLUGH", e.detail());
      assertEquals(3, e.column());
    }

    @Test
    void leadingWhitespaceAndTabsAreIgnored() {
      RawInstruction run = only(" \t RUN \t echo   hi  \t\n");
      assertEquals(List.of("echo   hi"), run.args());
    }

    @Test
    void emptyFileIsAnError() {
      assertTrue(error("").getMessage().contains("no instructions"));
      assertTrue(error("# just a comment\n\n   \n# another\n").getMessage()
          .contains("no instructions"));
    }

    @Test
    void instructionWithoutTrailingNewline() {
      RawInstruction run = only("RUN echo hi");
      assertEquals(List.of("echo hi"), run.args());
      assertEquals(1, run.endLine());
    }
  }

  @Nested
  class Directives {
    @Test
    void directivesBeforeTheFirstInstruction() {
      SyntaxTree tree = parse("# syntax=docker/dockerfile:1\n#check=skip=all\nFROM a\n");
      assertEquals(Map.of("syntax", "docker/dockerfile:1", "check", "skip=all"),
          tree.directives());
    }

    @Test
    void spacingAndCaseInDirectives() {
      SyntaxTree tree = parse("#  ESCAPE = `  \nFROM a\n");
      assertEquals("`", tree.directives().get("escape"));
      assertEquals('`', tree.escape());
    }

    @Test
    void aCommentEndsTheDirectives() {
      SyntaxTree tree = parse("# hello\n# escape=`\nFROM a\n");
      assertTrue(tree.directives().isEmpty());
      assertEquals('\\', tree.escape());
    }

    @Test
    void aBlankLineEndsTheDirectives() {
      SyntaxTree tree = parse("# syntax=x\n\n# escape=`\nFROM a\n");
      assertEquals(Map.of("syntax", "x"), tree.directives());
    }

    @Test
    void anUnknownDirectiveIsACommentAndEndsTheDirectives() {
      SyntaxTree tree = parse("# unknown=1\n# escape=`\nFROM a\n");
      assertTrue(tree.directives().isEmpty());
    }

    @Test
    void directivesAfterAnInstructionAreComments() {
      SyntaxTree tree = parse("FROM a\n# escape=`\nRUN x \\\n y\n");
      assertTrue(tree.directives().isEmpty());
      assertEquals(List.of("x  y"), tree.instructions().get(1).args());
    }

    @Test
    void duplicateDirectiveIsAnError() {
      DockerfileException e = error("# escape=`\n# escape=\\\nFROM a\n");
      assertEquals(2, e.line());
      assertTrue(e.getMessage().contains("only one escape parser directive"));
    }

    @Test
    void invalidEscapeIsAnError() {
      DockerfileException e = error("# escape=x\nFROM a\n");
      assertTrue(e.getMessage().contains("invalid escape token 'x'"), e.getMessage());
    }

    @Test
    void byteOrderMarkIsIgnored() {
      SyntaxTree tree = parse("\uFEFF# syntax=x\nFROM a\n");
      assertEquals(Map.of("syntax", "x"), tree.directives());
      assertEquals("from", tree.instructions().get(0).name());
    }
  }

  @Nested
  class Continuations {
    @Test
    void linesAreJoinedWithoutSeparator() {
      RawInstruction run = only("RUN echo a \\\n  b\\\nc\n");
      assertEquals(List.of("echo a   bc"), run.args());
      assertEquals(1, run.startLine());
      assertEquals(3, run.endLine());
    }

    @Test
    void trailingBlanksAfterTheEscapeStillContinue() {
      assertEquals(List.of("a b"), only("RUN a \\  \t\nb\n").args());
    }

    @Test
    void commentAndBlankLinesInsideAContinuationAreDropped() {
      RawInstruction run = only("RUN apt-get update && \\\n# a comment\n\n   \n  # indented \\\n"
          + "    apt-get install -y curl\n");
      assertEquals(List.of("apt-get update &&     apt-get install -y curl"), run.args());
      assertEquals(6, run.endLine());
    }

    @Test
    void continuationAtEndOfFile() {
      RawInstruction run = only("RUN echo hi \\");
      assertEquals(List.of("echo hi"), run.args());
      assertEquals(1, run.endLine());
      RawInstruction run2 = only("RUN echo hi \\\n");
      assertEquals(List.of("echo hi"), run2.args());
    }

    @Test
    void doubledEscapeAtEndDoesNotContinue() {
      // BuildKit: ([^\\])\\[ \t]*$ -- an escape after an escape is not a continuation
      SyntaxTree tree = parse("RUN echo C:\\\\\nRUN echo next\n");
      assertEquals(List.of("echo C:\\\\"), tree.instructions().get(0).args());
      assertEquals(2, tree.instructions().size());
    }

    @Test
    void lineOfOnlyTheEscapeContinues() {
      assertEquals(List.of("echo a   b"), only("RUN echo a \\\n\\\n  b\n").args());
    }

    @Test
    void escapeInsideALineIsKept() {
      assertEquals(List.of("echo a\\ b \\$HOME"), only("RUN echo a\\ b \\$HOME\n").args());
    }

    @Test
    void backtickEscapeContinuesAndLeavesBackslashesAlone() {
      SyntaxTree tree = parse("# escape=`\nFROM mcr.microsoft.com/windows\n"
          + "COPY C:\\src\\app `\n     C:\\app\\\nRUN dir C:\\\n");
      assertEquals(List.of("C:\\src\\app", "C:\\app\\"), tree.instructions().get(1).args());
      assertEquals(List.of("dir C:\\"), tree.instructions().get(2).args());
    }

    @Test
    void crlfLineEndings() {
      SyntaxTree tree = parse("FROM a\r\nRUN echo a \\\r\n  b\r\nCMD [\"x\"]\r\n");
      assertEquals(List.of("echo a   b"), tree.instructions().get(1).args());
      assertEquals(List.of("x"), tree.instructions().get(2).args());
      assertEquals(4, tree.instructions().get(2).startLine());
    }

    @Test
    void instructionNameSplitAcrossAContinuation() {
      assertEquals("run", only("RU\\\nN echo\n").name());
    }
  }

  @Nested
  class ExecAndShellForms {
    @Test
    void jsonArrayIsExecForm() {
      RawInstruction cmd = only("CMD [\"echo\", \"a b\", \"\\u00e9\"]\n");
      assertTrue(cmd.json());
      assertEquals(List.of("echo", "a b", "é"), cmd.args());
    }

    @Test
    void textAfterTheArrayMakesItShellFormAsJsonUnmarshalRejectsIt() {
      RawInstruction cmd = only("CMD [\"node\", \"server.js\"] # start the API\n");
      assertFalse(cmd.json());
      assertEquals(List.of("[\"node\", \"server.js\"] # start the API"), cmd.args());
    }

    @Test
    void emptyArrayIsExecForm() {
      RawInstruction cmd = only("CMD []\n");
      assertTrue(cmd.json());
      assertEquals(List.of(), cmd.args());
    }

    @Test
    void invalidJsonFallsBackToShellForm() {
      RawInstruction single = only("CMD ['echo', 'hi']\n");
      assertFalse(single.json());
      assertEquals(List.of("['echo', 'hi']"), single.args());
      RawInstruction unquoted = only("RUN [a, b]\n");
      assertFalse(unquoted.json());
      RawInstruction unclosed = only("ENTRYPOINT [\"a\"\n");
      assertFalse(unclosed.json());
    }

    @Test
    void nestedOrNonStringJsonIsAnError() {
      DockerfileException e = error("FROM a\nCMD [\"a\", [\"b\"]]\n");
      assertEquals(2, e.line());
      assertTrue(e.getMessage().contains("arrays must be comprised of strings only"));
      assertThrows(DockerfileException.class, () -> parse("CMD [1, 2]\n"));
    }

    @Test
    void copyAndVolumeSplitOnWhitespaceInShellForm() {
      assertEquals(List.of("a", "b", "/dest/"), only("COPY a  b\t/dest/\n").args());
      RawInstruction volume = only("VOLUME [\"/data\", \"/logs\"]\n");
      assertTrue(volume.json());
      assertEquals(List.of("/data", "/logs"), volume.args());
    }

    @Test
    void healthcheckKeepsItsTypeWord() {
      RawInstruction exec = only("HEALTHCHECK --interval=5s CMD [\"curl\", \"-f\", \"x\"]\n");
      assertEquals(List.of("--interval=5s"), exec.flags());
      assertEquals(List.of("CMD", "curl", "-f", "x"), exec.args());
      assertTrue(exec.json());
      RawInstruction shell = only("HEALTHCHECK CMD curl -f http://localhost/ || exit 1\n");
      assertEquals(List.of("CMD", "curl -f http://localhost/ || exit 1"), shell.args());
      assertEquals(List.of("NONE"), only("HEALTHCHECK NONE\n").args());
    }
  }

  @Nested
  class Flags {
    @Test
    void flagsAreTakenOffTheFront() {
      RawInstruction copy = only("COPY --from=build --chown=1:1 --link src /dst\n");
      assertEquals(List.of("--from=build", "--chown=1:1", "--link"), copy.flags());
      assertEquals(List.of("src", "/dst"), copy.args());
    }

    @Test
    void doubleDashEndsTheFlags() {
      RawInstruction run = only("RUN --network=none -- --not-a-flag\n");
      assertEquals(List.of("--network=none"), run.flags());
      assertEquals(List.of("--not-a-flag"), run.args());
    }

    @Test
    void quotesInFlagsAreRemoved() {
      RawInstruction run = only("RUN --mount=type=secret,id=\"my id\" cat x\n");
      assertEquals(List.of("--mount=type=secret,id=my id"), run.flags());
    }

    @Test
    void singleDashIsAnArgument() {
      assertEquals(List.of("-x"), only("RUN -x\n").args());
    }
  }

  @Nested
  class EnvAndLabel {
    @Test
    void equalsFormKeepsQuotes() {
      RawInstruction env = only("ENV A=1 B=\"two words\" C='x y' D=a\\ b\n");
      assertEquals(List.of(new KeyValue("A", "1", true), new KeyValue("B", "\"two words\"", true),
          new KeyValue("C", "'x y'", true), new KeyValue("D", "a\\ b", true)), env.pairs());
      assertEquals(List.of("A", "1", "B", "\"two words\"", "C", "'x y'", "D", "a\\ b"),
          env.args());
    }

    @Test
    void legacyFormTakesTheRestOfTheLine() {
      RawInstruction env = only("ENV PATH /usr/local/bin:$PATH  and more\n");
      assertEquals(List.of(new KeyValue("PATH", "/usr/local/bin:$PATH  and more", false)),
          env.pairs());
    }

    @Test
    void legacyFormWithoutValueIsAnError() {
      DockerfileException e = error("FROM a\nENV PATH\n");
      assertEquals(2, e.line());
      assertTrue(e.getMessage().contains("ENV must have two arguments"), e.getMessage());
    }

    @Test
    void mixedFormIsAnError() {
      assertTrue(error("ENV a=1 b\n").getMessage().contains("can't find = in \"b\""));
    }

    @Test
    void labelsAcrossContinuationLines() {
      RawInstruction label = only("LABEL a=1 \\\n      b=\"2\"\n");
      assertEquals(List.of(new KeyValue("a", "1", true), new KeyValue("b", "\"2\"", true)),
          label.pairs());
    }

    @Test
    void equalsInsideAQuotedValue() {
      RawInstruction env = only("ENV OPTS=\"-Da=b -Dc=d\"\n");
      assertEquals(List.of(new KeyValue("OPTS", "\"-Da=b -Dc=d\"", true)), env.pairs());
    }
  }

  @Nested
  class Heredocs {
    @Test
    void runHeredoc() {
      RawInstruction run = only("RUN <<EOF\necho hello\necho world\nEOF\n");
      assertEquals(List.of("<<EOF"), run.args());
      assertEquals(List.of(new Heredoc("EOF", "echo hello\necho world\n", true, false, 0)),
          run.heredocs());
      assertEquals(1, run.startLine());
      assertEquals(4, run.endLine());
    }

    @Test
    void chompedHeredocMatchesTabIndentedTerminator() {
      RawInstruction run = only("RUN <<-EOT\n\techo hi\n\t\tEOT\n");
      Heredoc heredoc = run.heredocs().get(0);
      assertTrue(heredoc.chomp());
      assertEquals("\techo hi\n", heredoc.content());
      assertEquals("echo hi\n", heredoc.effectiveContent());
    }

    @Test
    void quotedDelimiterSwitchesOffExpansion() {
      assertFalse(only("RUN <<'EOF'\n$HOME\nEOF\n").heredocs().get(0).expand());
      assertFalse(only("RUN <<\"EOF\"\n$HOME\nEOF\n").heredocs().get(0).expand());
      assertFalse(only("RUN <<E\"O\"F\n$HOME\nEOF\n").heredocs().get(0).expand());
      assertTrue(only("RUN <<EOF\n$HOME\nEOF\n").heredocs().get(0).expand());
    }

    @Test
    void severalHeredocsOnOneLine() {
      SyntaxTree tree = parse("FROM a\nCOPY <<one <<two /dest/\nfirst\none\nsecond\ntwo\nRUN x\n");
      RawInstruction copy = tree.instructions().get(1);
      assertEquals(List.of("<<one", "<<two", "/dest/"), copy.args());
      assertEquals(List.of("one", "two"), copy.heredocs().stream().map(Heredoc::name).toList());
      assertEquals("first\n", copy.heredocs().get(0).content());
      assertEquals("second\n", copy.heredocs().get(1).content());
      assertEquals(6, copy.endLine());
      assertEquals(7, tree.instructions().get(2).startLine());
    }

    @Test
    void heredocWithCommandAndRedirect() {
      RawInstruction run = only("RUN python3 <<PY > /out.txt\nprint(1)\nPY\n");
      assertEquals("PY", run.heredocs().get(0).name());
      assertEquals("print(1)\n", run.heredocs().get(0).content());
    }

    @Test
    void fileDescriptorBeforeTheMarker() {
      assertEquals(3, only("RUN cat 3<<EOF\nx\nEOF\n").heredocs().get(0).fileDescriptor());
    }

    @Test
    void heredocBodyKeepsCommentsBlankLinesAndEscapes() {
      RawInstruction run = only("RUN <<EOF\n# not a comment \\\n\nFROM x\nEOF\n");
      assertEquals("# not a comment \\\n\nFROM x\n", run.heredocs().get(0).content());
    }

    @Test
    void crlfHeredoc() {
      RawInstruction run = only("RUN <<EOF\r\necho a\r\nEOF\r\n");
      assertEquals("echo a\r\n", run.heredocs().get(0).content());
    }

    @Test
    void execFormHasNoHeredocs() {
      RawInstruction run = only("RUN [\"cat\", \"<<EOF\"]\n");
      assertTrue(run.heredocs().isEmpty());
    }

    @Test
    void otherInstructionsHaveNoHeredocs() {
      SyntaxTree tree = parse("FROM a\nLABEL x=<<EOF\nRUN y\n");
      assertEquals(3, tree.instructions().size());
    }

    @Test
    void unterminatedHeredocIsAnErrorAtItsInstruction() {
      DockerfileException e = error("FROM a\nRUN <<EOF\necho hi\n");
      assertEquals(2, e.line());
      assertTrue(e.getMessage().contains("unterminated heredoc"), e.getMessage());
    }

    @Test
    void heredocAfterContinuation() {
      RawInstruction run = only("RUN --mount=type=cache,target=/c \\\n    <<EOF\nls\nEOF\n");
      assertEquals(List.of("--mount=type=cache,target=/c"), run.flags());
      assertEquals("ls\n", run.heredocs().get(0).content());
    }

    @Test
    void lineTheShellLexerCannotSplitOpensNoHeredoc() {
      // BuildKit ignores the error of splitting the line and reads no heredoc
      RawInstruction run = only("RUN cat <<${X\n");
      assertTrue(run.heredocs().isEmpty());
      assertEquals(List.of("cat <<${X"), run.args());
    }

    @Test
    void heredocAtEndOfFileWithoutNewline() {
      assertEquals("a\n", only("RUN <<EOF\na\nEOF").heredocs().get(0).content());
    }
  }

  @Nested
  class Onbuild {
    @Test
    void wrapsAnotherInstruction() {
      RawInstruction onbuild = only("ONBUILD COPY --chown=1 . /app\n");
      assertEquals(List.of("COPY --chown=1 . /app"), onbuild.args());
      RawInstruction copy = onbuild.onbuild();
      assertEquals("copy", copy.name());
      assertEquals(List.of("--chown=1"), copy.flags());
      assertEquals(List.of(".", "/app"), copy.args());
      assertEquals(9, copy.column());
    }

    @Test
    void onbuildRunHeredocGoesToTheTrigger() {
      RawInstruction onbuild = only("ONBUILD RUN <<EOF\nmake\nEOF\n");
      assertEquals("make\n", onbuild.onbuild().heredocs().get(0).content());
      assertTrue(onbuild.heredocs().isEmpty());
    }

    @Test
    void emptyOnbuildIsAnError() {
      assertTrue(error("ONBUILD\n").getMessage().contains("ONBUILD requires at least one"));
    }

    @Test
    void onbuildOfUnknownInstruction() {
      assertTrue(error("ONBUILD FOO x\n").getMessage().contains("unknown instruction: FOO"));
    }
  }

  @Test
  void lineNumbersCountEveryPhysicalLine() {
    SyntaxTree tree = parse("# c\n\nFROM a\n\n\nRUN a \\\n b\n# c\nCMD x\n");
    assertEquals(List.of(3, 6, 9), tree.instructions().stream()
        .map(RawInstruction::startLine).toList());
    assertEquals(7, tree.instructions().get(1).endLine());
  }

  @Test
  void argsAreShellWordsWithQuotesKept() {
    assertEquals(List.of("A=\"x y\"", "B"), only("ARG A=\"x y\" B\n").args());
  }

  @Test
  void fromHasNoOnbuild() {
    assertNull(only("FROM a\n").onbuild());
  }
}
