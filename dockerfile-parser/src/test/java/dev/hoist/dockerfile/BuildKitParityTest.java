package dev.hoist.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.dockerfile.instructions.Cmd;
import dev.hoist.dockerfile.instructions.Copy;
import dev.hoist.dockerfile.instructions.Env;
import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.instructions.Onbuild;
import dev.hoist.dockerfile.instructions.Run;
import dev.hoist.dockerfile.instructions.RunMount;
import dev.hoist.dockerfile.instructions.Workdir;
import dev.hoist.dockerfile.stages.ResolveOptions;
import dev.hoist.dockerfile.stages.StageGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The smallest Dockerfiles on which hoist and BuildKit's frontend disagreed (issue 11), each with
 * what BuildKit does, as read in its source (parser, instructions/parse.go,
 * instructions/commands_runmount.go, dockerfile2llb/convert.go).
 */
class BuildKitParityTest {
  private static final String AMD64 = "linux/amd64";
  private static final ResolveOptions OPTIONS =
      new ResolveOptions(Map.of(), AMD64, AMD64, image -> Map.of());

  private static StageGraph resolve(String text) {
    return Dockerfile.parse(text, "Dockerfile").stages(OPTIONS);
  }

  private static DockerfileException error(String text) {
    return assertThrows(DockerfileException.class, () -> resolve(text));
  }

  private static Instruction last(StageGraph graph) {
    List<Instruction> body = graph.stage(null).instructions();
    return body.get(body.size() - 1);
  }

  // ---- RUN --mount ---------------------------------------------------------------------

  @Test
  void bindMountWithoutTargetIsAcceptedAndLeftToTheWorkingDirectory() {
    Run run = (Run) last(resolve("FROM a\nWORKDIR /src\nRUN --mount=type=bind ls\n"));
    assertNull(run.mounts().get(0).target());
  }

  @Test
  void emptyFromInAMountMeansTheBuildContext() {
    Run run = (Run) last(resolve("FROM a\nRUN --mount=type=bind,from=,target=/c ls\n"));
    assertNull(run.mounts().get(0).from());
  }

  @Test
  void requiredIsRefusedOnABindMount() {
    assertTrue(error("FROM a\nRUN --mount=type=bind,target=/c,required ls\n").detail()
        .contains("unexpected key 'required' for mount type 'bind'"));
  }

  @Test
  void modeIsRefusedOnABindMount() {
    assertTrue(error("FROM a\nRUN --mount=type=bind,target=/c,mode=0700 ls\n").detail()
        .contains("mode not allowed for \"bind\" type mounts"));
  }

  @Test
  void sizeIsRefusedOnACacheMount() {
    assertTrue(error("FROM a\nRUN --mount=type=cache,target=/c,size=10m ls\n").detail()
        .contains("unexpected key 'size' for mount type 'cache'"));
  }

  @Test
  void mountFromWithAVariableIsRefused() {
    assertTrue(error("FROM a\nARG S=b\nRUN --mount=from=$S,target=/c ls\n").detail()
        .contains("'from' doesn't support variable expansion"));
  }

  // ---- RUN and exec form -----------------------------------------------------------------

  @Test
  void bareRunIsAccepted() {
    Run run = (Run) last(resolve("FROM a\nRUN\n"));
    assertTrue(run.command().args().isEmpty() || run.command().args().equals(List.of("")));
  }

  @Test
  void networkWithAVariableIsRefusedNotExpanded() {
    assertTrue(error("FROM a\nARG N=none\nRUN --network=$N true\n").detail()
        .contains("unsupported network mode \"$N\""));
  }

  @Test
  void jsonArrayFollowedByACommentIsShellForm() {
    Cmd cmd = (Cmd) last(resolve("FROM a\nCMD [\"echo\", \"hi\"] # say hi\n"));
    assertTrue(cmd.command().prependShell());
    assertEquals(List.of("[\"echo\", \"hi\"] # say hi"), cmd.command().args());
  }

  @Test
  void jsonArrayOfNonStringsFollowedByTextIsShellFormNotAnError() {
    Cmd cmd = (Cmd) last(resolve("FROM a\nCMD [\"a\", 1] x\n"));
    assertTrue(cmd.command().prependShell());
  }

  @Test
  void jsonArrayWithTrailingBlanksIsStillExecForm() {
    Cmd cmd = (Cmd) last(resolve("FROM a\nCMD [\"echo\", \"hi\"]   \n"));
    assertFalse(cmd.command().prependShell());
  }

  // ---- stage names -----------------------------------------------------------------------

  @Test
  void stageNameWithAVariableIsRefused() {
    assertTrue(error("ARG NAME=build\nFROM alpine AS ${NAME}\n").detail()
        .contains("invalid name for build stage: \"${NAME}\""));
  }

  @Test
  void fromMatchesStageNamesAsWrittenNotIgnoringCase() {
    DockerfileException e = error("FROM alpine AS build\nFROM Build\n");
    assertTrue(e.detail().contains("Build"), e.detail());
    assertEquals(2, e.line());
  }

  @Test
  void copyFromMatchesStageNamesIgnoringCaseAsBuildKitLowerCasesThem() {
    StageGraph graph = resolve("FROM alpine AS build\nFROM b\nCOPY --from=Build /a /b\n");
    assertEquals(0, graph.stage(null).references().get(1).stage());
  }

  @Test
  void copyFromWithAVariableIsRefused() {
    assertTrue(error("FROM a AS x\nFROM b\nARG S=x\nCOPY --from=${S} /a /b\n").detail()
        .contains("variable expansion is not supported for --from"));
  }

  @Test
  void copyFromALaterStageIsRefused() {
    DockerfileException e = error("FROM a AS first\nCOPY --from=second /a /b\nFROM b AS second\n");
    assertTrue(e.detail().contains(
        "cannot copy from stage \"second\", it needs to be defined before current stage \"first\""),
        e.detail());
    assertEquals(2, e.line());
  }

  @Test
  void duplicateStageNamesAreAWarningAndTheLastOneBeforeWins() {
    StageGraph graph = resolve("FROM a AS x\nFROM b AS x\nFROM x\nCOPY --from=x /a /b\n");
    assertEquals(1, graph.stage(null).baseStage());
    assertEquals(1, graph.stage(null).references().get(1).stage());
    assertTrue(graph.warnings().stream().anyMatch(w -> w.contains("Duplicate stage name \"x\"")),
        graph.warnings().toString());
    assertEquals(1, graph.stage("x").index());
  }

  // ---- predefined args ---------------------------------------------------------------------

  @Test
  void targetStageAndOsVersionArgsArePredefined() {
    StageGraph graph = Dockerfile.parse("FROM a AS one\nARG TARGETSTAGE\nARG TARGETOSVERSION\n"
        + "ARG BUILDOSVERSION\nENV T=$TARGETSTAGE O=${TARGETOSVERSION-unset}"
        + " B=${BUILDOSVERSION-unset}\nFROM b AS two\n", "Dockerfile")
        .stages(OPTIONS.withTarget("one"));
    List<Instruction> body = graph.stage("one").instructions();
    Env env = (Env) body.get(body.size() - 1);
    assertEquals("one", env.variables().get(0).value());
    assertEquals("", env.variables().get(1).value());
    assertEquals("", env.variables().get(2).value());
  }

  @Test
  void targetStageDefaultsToTheLastStagesName() {
    StageGraph graph = resolve("ARG TARGETSTAGE\nFROM a:$TARGETSTAGE AS x\nFROM b AS final\n"
        + "ARG TARGETSTAGE\nENV T=$TARGETSTAGE\n");
    assertEquals("a:final", graph.stages().get(0).from().image());
  }

  @Test
  void buildArgsOverridePredefinedArgs() {
    StageGraph graph = Dockerfile.parse("FROM a:$TARGETARCH\n", "Dockerfile")
        .stages(OPTIONS.withBuildArgs(Map.of("TARGETARCH", "riscv64")));
    assertEquals("a:riscv64", graph.stage(null).from().image());
  }

  // ---- ENV and ARG precedence ----------------------------------------------------------------

  @Test
  void anArgDeclaredAfterAnEnvOfTheSameNameWinsInExpansion() {
    Env env = (Env) last(resolve("FROM a\nENV A=env\nARG A=arg\nENV B=$A\n"));
    assertEquals("arg", env.variables().get(0).value());
  }

  @Test
  void anEnvAfterAnArgWinsAgain() {
    Env env = (Env) last(resolve("FROM a\nARG A=arg\nENV A=env\nENV B=$A\n"));
    assertEquals("env", env.variables().get(0).value());
  }

  @Test
  void anArgWithoutAValueLeavesTheEnvInPlace() {
    Env env = (Env) last(resolve("FROM a\nENV A=env\nARG A\nENV B=$A\n"));
    assertEquals("env", env.variables().get(0).value());
  }

  @Test
  void anArgDefaultSeesTheEnvBeforeIt() {
    Workdir w = (Workdir) last(resolve("FROM a\nENV A=env\nARG B=$A\nWORKDIR /$B\n"));
    assertEquals("/env", w.path());
  }

  // ---- FROM scratch and PATH ---------------------------------------------------------------

  @Test
  void scratchHasTheDefaultPath() {
    Env env = (Env) last(resolve("FROM scratch\nENV PATH=/x:$PATH\n"));
    assertEquals("/x:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        env.variables().get(0).value());
  }

  @Test
  void aBaseImageWithoutPathGetsTheDefaultPath() {
    StageGraph graph = Dockerfile.parse("FROM img\nENV PATH=/x:$PATH\n", "Dockerfile")
        .stages(OPTIONS.withBaseImageEnv(image -> Map.of("HOME", "/root")));
    assertEquals("/x:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ((Env) last(graph)).variables().get(0).value());
  }

  @Test
  void aBaseImagesOwnPathIsKept() {
    StageGraph graph = Dockerfile.parse("FROM img\nENV PATH=/x:$PATH\n", "Dockerfile")
        .stages(OPTIONS.withBaseImageEnv(image -> Map.of("PATH", "/opt/bin")));
    assertEquals("/x:/opt/bin", ((Env) last(graph)).variables().get(0).value());
  }

  // ---- ONBUILD ---------------------------------------------------------------------------

  @Test
  void onbuildKeepsTheHeredocBodyInItsExpression() {
    Onbuild o = (Onbuild) last(resolve("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\n"));
    assertEquals("RUN <<EOF\necho hi\nEOF", o.expression());
  }

  @Test
  void triggersRunAfterFromAndTheirErrorsNameTheFromLine() {
    Dockerfile parsed = Dockerfile.parse("# comment\nFROM base\nRUN echo body\n", "Dockerfile")
        .withTriggers(Map.of(2, List.of("RUN <<EOF\necho trigger\nEOF")));
    StageGraph graph = parsed.stages(OPTIONS);
    Run trigger = (Run) graph.stage(null).instructions().get(0);
    assertEquals("echo trigger\n", trigger.heredocs().get(0).content());
    assertEquals(2, trigger.location().line());
    assertEquals(3, graph.stage(null).instructions().get(1).location().line());

    DockerfileException e = assertThrows(DockerfileException.class,
        () -> Dockerfile.parse("# comment\nFROM base\nRUN echo body\n", "Dockerfile")
            .withTriggers(Map.of(2, List.of("COPY onlyone"))));
    assertEquals(2, e.line());
    assertTrue(e.detail().contains("COPY requires at least two arguments"), e.detail());
  }

  @Test
  void aTriggerMustBeOneInstruction() {
    DockerfileException e = assertThrows(DockerfileException.class,
        () -> Dockerfile.parse("FROM base\n", "Dockerfile")
            .withTriggers(Map.of(1, List.of("RUN a\nRUN b"))));
    assertTrue(e.detail().contains("onbuild trigger should be a single expression"));
    assertEquals(1, e.line());
  }

  // ---- limits -------------------------------------------------------------------------------

  @Test
  void aDockerfileOverTheSizeLimitIsOneClearError() {
    String huge = "FROM a\n" + "# padding\n".repeat(Dockerfile.MAX_SIZE / 10 + 1);
    DockerfileException e = assertThrows(DockerfileException.class,
        () -> Dockerfile.parse(huge, "Dockerfile"));
    assertTrue(e.getMessage().contains("larger than"), e.getMessage());
  }

  @Test
  void doublingArgsStopAtTheExpansionLimitWithAClearError() {
    StringBuilder text = new StringBuilder("FROM a\nARG A=0123456789abcdef\n");
    for (int i = 0; i < 40; i++) {
      text.append("ARG A=$A$A\n");
    }
    DockerfileException e = error(text.toString());
    assertTrue(e.detail().contains("longer than"), e.detail());
  }

  @Test
  void copyFromAnEarlierStageStillWorks() {
    StageGraph graph = resolve("FROM a AS first\nFROM b\nCOPY --from=first /a /b\n");
    Copy copy = (Copy) last(graph);
    assertEquals("first", copy.from());
  }

  @Test
  void mountTargetIsKeptWhenGiven() {
    RunMount m = ((Run) last(resolve("FROM a\nRUN --mount=type=cache,target=/c true\n")))
        .mounts().get(0);
    assertEquals("/c", m.target());
  }
}
