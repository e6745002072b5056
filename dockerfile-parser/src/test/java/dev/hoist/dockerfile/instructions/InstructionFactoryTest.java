package dev.hoist.dockerfile.instructions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.DockerfileException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InstructionFactoryTest {

  private static Instruction second(String line) {
    List<Instruction> all = Dockerfile.parse("FROM a\n" + line + "\n", "Dockerfile")
        .instructions();
    return all.get(1);
  }

  private static DockerfileException error(String line) {
    return assertThrows(DockerfileException.class,
        () -> Dockerfile.parse("FROM a\n" + line + "\n", "Dockerfile"));
  }

  @Test
  void fromWithPlatformAndName() {
    From from = (From) Dockerfile.parse("FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n",
        "Dockerfile").instructions().get(0);
    assertEquals("golang:1.22", from.image());
    assertEquals("build", from.stageName());
    assertEquals("$BUILDPLATFORM", from.platform());
    assertEquals(1, from.location().line());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "FROM                    | FROM requires either one or three arguments",
      "FROM a b                | FROM requires either one or three arguments",
      "FROM a IS b             | Second argument of FROM should be AS",
      "FROM a AS 1st           | invalid name for build stage",
      "FROM --plaform=x a      | unknown flag: --plaform for FROM (did you mean --platform?)",
      "COPY onlyone            | COPY requires at least two arguments, but only one was provided",
      "ADD                     | ADD requires at least two arguments, but none was provided",
      "COPY --form=x a b       | unknown flag: --form for COPY (did you mean --from?)",
      "COPY --from a b         | missing a value on flag: --from",
      "COPY --link=maybe a b   | expecting boolean value for flag --link, not: maybe",
      "COPY --from=a --from=b a b | duplicate flag specified: --from",
      "RUN --network=$N x      | unsupported network mode \"$N\"",
      "RUN --network=bridge x  | unsupported network mode \"bridge\"",
      "RUN --mount=type=nfs,target=/x x | unsupported mount type \"nfs\"",
      "RUN --mount=type=bind,target=/x,required x | unexpected key 'required' for mount type 'bind'",
      "RUN --mount=type=cache,target=/x,sharing=maybe x | unsupported sharing value",
      "RUN --mount=type=bind,target=/x,colour=red x | unexpected key 'colour'",
      "USER                    | USER requires exactly one argument",
      "WORKDIR                 | WORKDIR requires exactly one argument",
      "STOPSIGNAL              | STOPSIGNAL requires exactly one argument",
      "MAINTAINER              | MAINTAINER requires exactly one argument",
      "EXPOSE                  | EXPOSE requires at least one argument",
      "VOLUME                  | VOLUME requires at least one argument",
      "ENV                     | ENV requires at least one argument",
      "LABEL =x                | LABEL names can not be blank",
      "ARG                     | ARG requires at least one argument",
      "ARG =x                  | ARG names can not be blank",
      "SHELL /bin/bash -c      | SHELL requires the arguments to be in JSON form",
      "HEALTHCHECK             | HEALTHCHECK requires at least one argument",
      "HEALTHCHECK PING x      | Unknown type \"PING\" in HEALTHCHECK (try CMD)",
      "HEALTHCHECK CMD         | Missing command after HEALTHCHECK CMD",
      "HEALTHCHECK NONE x      | HEALTHCHECK NONE takes no arguments",
      "HEALTHCHECK --interval=fast CMD x | invalid duration for --interval: \"fast\"",
      "HEALTHCHECK --retries=-1 CMD x | --retries cannot be negative",
      "ONBUILD ONBUILD RUN x   | Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
      "ONBUILD FROM x          | FROM isn't allowed as an ONBUILD trigger",
      "ONBUILD MAINTAINER x    | MAINTAINER isn't allowed as an ONBUILD trigger",
      "WORKDIR --chown=1 /x    | unknown flag: --chown for WORKDIR",
  })
  void rejectsWithDockersMessage(String line, String message) {
    DockerfileException e = error(line);
    assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
    assertEquals(2, e.line(), "line of " + line);
    assertEquals("Dockerfile", e.file());
  }

  @Test
  void runShellFormAndExecForm() {
    Run shell = (Run) second("RUN echo $HOME");
    assertEquals(new CommandLine(List.of("echo $HOME"), true), shell.command());
    Run exec = (Run) second("RUN [\"echo\", \"$HOME\"]");
    assertEquals(new CommandLine(List.of("echo", "$HOME"), false), exec.command());
  }

  @Test
  void runMounts() {
    Run run = (Run) second("RUN --mount=type=cache,target=/root/.m2,sharing=locked "
        + "--mount=type=secret,id=npmrc,required --mount=type=bind,from=build,source=/out,target=/in,rw "
        + "--network=none mvn package");
    assertEquals(3, run.mounts().size());
    RunMount cache = run.mounts().get(0);
    assertEquals("cache", cache.type());
    assertEquals("/root/.m2", cache.target());
    assertEquals("/root/.m2", cache.id());
    assertEquals("locked", cache.sharing());
    assertFalse(cache.readOnly());
    RunMount secret = run.mounts().get(1);
    assertEquals("secret", secret.type());
    assertEquals("npmrc", secret.id());
    assertTrue(secret.required());
    RunMount bind = run.mounts().get(2);
    assertEquals("build", bind.from());
    assertEquals("/out", bind.source());
    assertFalse(bind.readOnly());
    assertEquals("none", run.network());
  }

  @Test
  void bindMountsAreReadOnlyByDefaultAndCsvQuotingWorks() {
    RunMount bind = RunMount.parse("\"target=/a,b\",source=.");
    assertEquals("/a,b", bind.target());
    assertTrue(bind.readOnly());
    assertEquals(Integer.valueOf(0644), RunMount.parse("type=secret,id=x,mode=0644").mode());
  }

  @Test
  void runHeredocsAreChomped() {
    Run run = (Run) second("RUN <<-EOF\n\techo hi\n\tEOF");
    assertEquals("echo hi\n", run.heredocs().get(0).content());
  }

  @Test
  void copyWithEveryFlag() {
    Copy copy = (Copy) second("COPY --from=build --chown=app:app --chmod=0755 --link --parents "
        + "--exclude=*.md --exclude=*.txt src/ lib/ /app/");
    assertEquals("build", copy.from());
    assertEquals("app:app", copy.chown());
    assertEquals("0755", copy.chmod());
    assertTrue(copy.link());
    assertTrue(copy.parents());
    assertEquals(List.of("*.md", "*.txt"), copy.excludes());
    assertEquals(List.of("src/", "lib/"), copy.paths().sources());
    assertEquals("/app/", copy.paths().destination());
  }

  @Test
  void copyHeredocSources() {
    Copy copy = (Copy) second("COPY <<one <<two /etc/\nA\none\nB\ntwo");
    assertEquals(List.of(), copy.paths().sources());
    assertEquals(List.of("one", "two"),
        copy.paths().heredocs().stream().map(h -> h.name()).toList());
    assertEquals("/etc/", copy.paths().destination());
  }

  @Test
  void addFlags() {
    Add add = (Add) second("ADD --checksum=sha256:abc --keep-git-dir --unpack=false "
        + "https://example.com/a.tar.gz /x/");
    assertEquals("sha256:abc", add.checksum());
    assertTrue(add.keepGitDir());
    assertEquals(Boolean.FALSE, add.unpack());
    assertNull(((Add) second("ADD a b")).unpack());
  }

  @Test
  void healthcheckOptions() {
    Healthcheck check = (Healthcheck) second("HEALTHCHECK --interval=1m30s --timeout=3s "
        + "--start-period=500ms --start-interval=1.5s --retries=4 CMD curl -f http://x/");
    assertEquals(List.of("CMD-SHELL", "curl -f http://x/"), check.test());
    assertEquals(Duration.ofSeconds(90), check.interval());
    assertEquals(Duration.ofSeconds(3), check.timeout());
    assertEquals(Duration.ofMillis(500), check.startPeriod());
    assertEquals(Duration.ofMillis(1500), check.startInterval());
    assertEquals(4, check.retries());
    Healthcheck exec = (Healthcheck) second("HEALTHCHECK CMD [\"/bin/check\", \"-q\"]");
    assertEquals(List.of("CMD", "/bin/check", "-q"), exec.test());
    assertEquals(List.of("NONE"), ((Healthcheck) second("HEALTHCHECK none")).test());
  }

  @Test
  void argDeclarations() {
    Arg arg = (Arg) second("ARG A B=2 C=\"x y\"");
    assertEquals(List.of(new Arg.Declaration("A", null), new Arg.Declaration("B", "2"),
        new Arg.Declaration("C", "\"x y\"")), arg.declarations());
  }

  @Test
  void onbuildKeepsTheTrigger() {
    Onbuild onbuild = (Onbuild) second("ONBUILD RUN make");
    assertEquals("RUN make", onbuild.expression());
    assertEquals("run", onbuild.trigger().name());
  }

  @Test
  void shellAndEntrypoint() {
    assertEquals(List.of("/bin/bash", "-o", "pipefail", "-c"),
        ((Shell) second("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]")).shell());
    Entrypoint entrypoint = (Entrypoint) second("ENTRYPOINT exec java -jar app.jar");
    assertTrue(entrypoint.command().prependShell());
    Cmd cmd = (Cmd) second("CMD []");
    assertEquals(List.of(), cmd.command().args());
  }

  @Test
  void keywordOfEachKind() {
    assertEquals("STOPSIGNAL", second("STOPSIGNAL SIGINT").keyword());
    assertEquals("HEALTHCHECK", second("HEALTHCHECK NONE").keyword());
  }
}
