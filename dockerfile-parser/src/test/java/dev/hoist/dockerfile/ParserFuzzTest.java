package dev.hoist.dockerfile;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hoist.dockerfile.stages.ResolveOptions;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based fuzzing: whatever text it is given, the parser (syntax, typed instructions
 * and stage resolution) either returns a result or throws a {@link DockerfileException}; never
 * another exception, and every input finishes within a bounded time.
 */
class ParserFuzzTest {
  private static final Duration LIMIT = Duration.ofSeconds(2);

  private static final List<String> SEEDS = List.of(
      "# syntax=docker/dockerfile:1\n# escape=\\\nARG BASE=alpine\nFROM ${BASE} AS build\n"
          + "RUN --mount=type=cache,target=/c <<EOF\napk add gcc\nEOF\n"
          + "COPY --from=build --chown=1:1 a b /dst/\nENV A=1 B=\"x y\"\nLABEL k v\n"
          + "CMD [\"sh\", \"-c\", \"echo $A\"]\n",
      "# escape=`\nFROM mcr.microsoft.com/windows AS w\nCOPY C:\\a `\n  C:\\b\n"
          + "RUN dir C:\\ `\n # c\n  && echo\nHEALTHCHECK --interval=5s CMD [\"x\"]\n",
      "FROM a\nONBUILD RUN <<-EOT cat\n\thi\n\tEOT\nWORKDIR ${X:-/w}\nUSER ${U:?need U}\n"
          + "EXPOSE 80 $P/udp\nVOLUME [\"/v\"]\nSHELL [\"/bin/bash\", \"-c\"]\n"
          + "COPY <<one <<'two' /d/\n1\none\n$2\ntwo\nFROM a AS final\nCOPY --from=0 / /\n",
      "\uFEFFFROM a\r\nRUN a \\\r\n\r\n  b\r\nARG X=${Y#*/}\r\nENV Z=${X//a/b} W=${X%%.*}\r\n");

  private static final List<String> FRAGMENTS = List.of("FROM ", "RUN ", "COPY ", "ADD ",
      "ENV ", "ARG ", "LABEL ", "CMD ", "ENTRYPOINT ", "ONBUILD ", "HEALTHCHECK ", "SHELL ",
      "WORKDIR ", "USER ", "VOLUME ", "EXPOSE ", "STOPSIGNAL ", "MAINTAINER ", "AS ", " ",
      "\t", "\n", "\r\n", "\\\n", "`\n", "\\", "`", "\"", "'", "$", "${", "}", "${A:-", "${A#",
      "${A/", "[", "]", "[\"a\"", ", ", "<<", "<<-", "EOF", "<<EOF\n", "\nEOF\n", "'EOF'",
      "#", "# escape=`\n", "# syntax=x\n", "=", "--", "--from=", "--mount=", "type=cache,",
      "target=/x", "--platform=", "--chown=", "x", "alpine", "0", "1", "-", "/", ":", "@",
      "\uFEFF", "\u0000", "é", "NONE", "CMD", "scratch");

  @Property(tries = 3000)
  void arbitraryTextEitherParsesOrFailsCleanly(@ForAll("fragmentSoup") String text) {
    parseWithinLimit(text);
  }

  @Property(tries = 3000)
  void mutatedDockerfilesEitherParseOrFailCleanly(@ForAll("mutations") String text) {
    parseWithinLimit(text);
  }

  @Property(tries = 1000)
  void randomCharactersEitherParseOrFailCleanly(@ForAll("randomText") String text) {
    parseWithinLimit(text);
  }

  private static void parseWithinLimit(String text) {
    assertTimeoutPreemptively(LIMIT, () -> {
      try {
        Dockerfile.parse(text, "Dockerfile").stages(ResolveOptions.defaults());
      } catch (DockerfileException expected) {
        // a clear error is a correct answer for a broken Dockerfile
      }
    }, () -> "input: " + text);
  }

  @Provide
  Arbitrary<String> fragmentSoup() {
    return Arbitraries.of(FRAGMENTS).list().ofMinSize(1).ofMaxSize(60)
        .map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> randomText() {
    return Arbitraries.strings().all().ofMaxLength(300);
  }

  @Provide
  Arbitrary<String> mutations() {
    Arbitrary<String> seed = Arbitraries.of(SEEDS);
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, String>>> edits = Combinators.combine(
        Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
        Arbitraries.of(FRAGMENTS)).as(Tuple::of).list().ofMinSize(1).ofMaxSize(8);
    return Combinators.combine(seed, edits).as((text, list) -> {
      StringBuilder s = new StringBuilder(text);
      for (Tuple.Tuple3<Integer, Integer, String> edit : list) {
        int at = s.length() == 0 ? 0 : edit.get2() % s.length();
        switch (edit.get1()) {
          case 0 -> s.insert(at, edit.get3());
          case 1 -> s.delete(at, Math.min(s.length(), at + edit.get3().length()));
          default -> s.replace(at, Math.min(s.length(), at + 1), edit.get3());
        }
      }
      return s.toString();
    });
  }
}
