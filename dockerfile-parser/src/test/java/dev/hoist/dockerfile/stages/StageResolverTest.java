package dev.hoist.dockerfile.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.dockerfile.instructions.Copy;
import dev.hoist.dockerfile.instructions.Env;
import dev.hoist.dockerfile.instructions.Expose;
import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.instructions.KeyValuePair;
import dev.hoist.dockerfile.instructions.Label;
import dev.hoist.dockerfile.instructions.Run;
import dev.hoist.dockerfile.instructions.User;
import dev.hoist.dockerfile.instructions.Volume;
import dev.hoist.dockerfile.instructions.Workdir;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StageResolverTest {
  private static final ResolveOptions AMD64 = new ResolveOptions(Map.of(),
      "linux/amd64", "linux/amd64", image -> Map.of());

  private static StageGraph resolve(String text) {
    return resolve(text, Map.of());
  }

  private static StageGraph resolve(String text, Map<String, String> buildArgs) {
    return Dockerfile.parse(text, "Dockerfile").stages(AMD64.withBuildArgs(buildArgs));
  }

  private static DockerfileException error(String text) {
    return assertThrows(DockerfileException.class, () -> resolve(text));
  }

  private static Instruction last(StageGraph graph) {
    List<Instruction> instructions = graph.stage(null).instructions();
    return instructions.get(instructions.size() - 1);
  }

  @Nested
  class Expansion {
    @Test
    void globalArgsAreUsableInFrom() {
      StageGraph graph = resolve("ARG VERSION=3.19\nARG IMAGE=alpine:${VERSION}\nFROM $IMAGE\n");
      assertEquals("alpine:3.19", graph.stage(null).from().image());
      assertEquals("3.19", graph.globalArgs().get("VERSION"));
    }

    @Test
    void buildArgsOverrideGlobalDefaults() {
      StageGraph graph = resolve("ARG VERSION=3.19\nFROM alpine:$VERSION\n",
          Map.of("VERSION", "3.20"));
      assertEquals("alpine:3.20", graph.stage(null).from().image());
    }

    @Test
    void globalArgsAreNotVisibleInsideAStageUntilRedeclared() {
      StageGraph graph = resolve("ARG V=1\nFROM a\nWORKDIR /x$V\nARG V\nWORKDIR /y$V\n");
      List<Instruction> body = graph.stage(null).instructions();
      assertEquals("/x", ((Workdir) body.get(0)).path());
      assertEquals("/y1", ((Workdir) body.get(2)).path());
    }

    @Test
    void argIsVisibleOnlyAfterItsDeclaration() {
      StageGraph graph = resolve("FROM a\nUSER $U\nARG U=app\nUSER $U\n");
      List<Instruction> body = graph.stage(null).instructions();
      assertEquals("", ((User) body.get(0)).user());
      assertEquals("app", ((User) body.get(2)).user());
    }

    @Test
    void buildArgOverridesAStageDefaultAndIsRecordedAsUsed() {
      StageGraph graph = resolve("FROM a\nARG U=app\nUSER $U\n", Map.of("U", "root"));
      assertEquals("root", ((User) last(graph)).user());
      assertTrue(graph.warnings().isEmpty());
    }

    @Test
    void theLaterOfEnvAndArgWinsAsInBuildKitsState() {
      StageGraph graph = resolve("FROM a\nARG X=fromarg\nENV X=fromenv\nWORKDIR /$X\n"
          + "ARG X=again\nWORKDIR /$X\n", Map.of("X", "buildarg"));
      assertEquals("/fromenv", ((Workdir) graph.stage(null).instructions().get(2)).path());
      assertEquals("/buildarg", ((Workdir) last(graph)).path());
    }

    @Test
    void envExpandsWithTheValuesBeforeTheInstruction() {
      StageGraph graph = resolve("FROM a\nENV A=1\nENV A=2 B=$A\n");
      Env env = (Env) last(graph);
      assertEquals(List.of(new KeyValuePair("A", "2"), new KeyValuePair("B", "1")),
          env.variables());
      assertEquals(Map.of("PATH", ImageDefaults.PATH, "A", "2", "B", "1"),
          graph.stage(null).env());
    }

    @Test
    void quotesAreRemovedFromEnvAndLabelValues() {
      StageGraph graph = resolve("FROM a\nENV NAME=\"hello world\" ESC=a\\ b\n"
          + "LABEL \"com.example.v\"='$NAME'\n");
      assertEquals(Map.of("PATH", ImageDefaults.PATH, "NAME", "hello world", "ESC", "a b"),
          graph.stage(null).env());
      assertEquals(List.of(new KeyValuePair("com.example.v", "$NAME")),
          ((Label) last(graph)).labels());
    }

    @Test
    void argDefaultsUseEarlierArgsAndEnvs() {
      StageGraph graph = resolve("FROM a\nENV BASE=/opt\nARG DIR=${BASE}/app\nWORKDIR $DIR\n");
      assertEquals("/opt/app", ((Workdir) last(graph)).path());
      assertEquals("/opt/app", graph.stage(null).args().get("DIR"));
    }

    @Test
    void runCommandsAreLeftToTheShellButMountsAreExpanded() {
      StageGraph graph = resolve("FROM a\nARG CACHE=/cache\n"
          + "RUN --mount=type=cache,target=$CACHE echo $CACHE\n");
      Run run = (Run) last(graph);
      assertEquals(List.of("echo $CACHE"), run.command().args());
      assertEquals("/cache", run.mounts().get(0).target());
    }

    @Test
    void copyExpandsSourcesDestinationAndFlags() {
      StageGraph graph = resolve("FROM a AS build\nFROM a\nARG S=build\nENV D=/app U=1000\n"
          + "COPY --from=build --chown=$U:$U ${S}/*.jar $D/\n");
      Copy copy = (Copy) last(graph);
      assertEquals("build", copy.from());
      assertEquals("1000:1000", copy.chown());
      assertEquals(List.of("build/*.jar"), copy.paths().sources());
      assertEquals("/app/", copy.paths().destination());
    }

    @Test
    void copyHeredocBodyExpandsVariablesButKeepsQuotes() {
      StageGraph graph = resolve("FROM a\nENV WHO=world\nCOPY <<EOF /greeting\n"
          + "say 'hello $WHO'\nEOF\nCOPY <<'RAW' /raw\n$WHO\nRAW\n");
      List<Instruction> body = graph.stage(null).instructions();
      assertEquals("say 'hello world'\n",
          ((Copy) body.get(1)).paths().heredocs().get(0).content());
      assertEquals("$WHO\n", ((Copy) body.get(2)).paths().heredocs().get(0).content());
    }

    @Test
    void exposeAndVolume() {
      StageGraph graph = resolve("FROM a\nENV PORTS=\"80 443\" DATA=/data\nEXPOSE $PORTS 8080/udp\n"
          + "VOLUME $DATA /logs\n");
      List<Instruction> body = graph.stage(null).instructions();
      assertEquals(List.of("80", "443", "8080/udp"), ((Expose) body.get(1)).ports());
      assertEquals(List.of("/data", "/logs"), ((Volume) body.get(2)).paths());
    }

    @Test
    void predefinedPlatformArgs() {
      StageGraph graph = resolve("FROM --platform=$BUILDPLATFORM golang AS build\n"
          + "ARG TARGETOS TARGETARCH\nENV GOOS=$TARGETOS GOARCH=$TARGETARCH\n",
          Map.of());
      assertEquals("linux/amd64", graph.stage("build").from().platform());
      assertEquals(Map.of("PATH", ImageDefaults.PATH, "GOOS", "linux", "GOARCH", "amd64"),
          graph.stage("build").env());
      StageGraph arm = Dockerfile.parse("FROM --platform=$TARGETPLATFORM a\n", "Dockerfile")
          .stages(AMD64.withTargetPlatform("linux/arm64/v8"));
      assertEquals("linux/arm64/v8", arm.stage(null).from().platform());
    }

    @Test
    void platformArgsInsideAStageNeedADeclaration() {
      StageGraph graph = resolve("FROM a\nWORKDIR /$TARGETARCH\n");
      assertEquals("/", ((Workdir) last(graph)).path());
    }

    @Test
    void stageInheritsEnvAndArgValuesFromItsBaseStage() {
      // BuildKit's stage starts from its base stage's state, ARG values included
      StageGraph graph = resolve("FROM a AS base\nENV HOME=/home/app\nARG X=1\n"
          + "FROM base\nWORKDIR $HOME/$X\n");
      assertEquals("/home/app/1", ((Workdir) last(graph)).path());
      assertEquals("1", graph.stage(null).args().get("X"));
    }

    @Test
    void baseImageEnvironmentComesFromTheCaller() {
      StageGraph graph = Dockerfile.parse("FROM golang\nWORKDIR $GOPATH/src\n", "Dockerfile")
          .stages(AMD64.withBaseImageEnv(image -> image.equals("golang")
              ? Map.of("GOPATH", "/go") : Map.of()));
      assertEquals("/go/src", ((Workdir) last(graph)).path());
    }

    @Test
    void requiredVariableErrorIsLocated() {
      DockerfileException e = error("FROM a\n\nWORKDIR ${DIR:?set DIR}\n");
      assertEquals(3, e.line());
      assertTrue(e.getMessage().contains("DIR: set DIR"), e.getMessage());
    }

    @Test
    void unterminatedQuoteInAnExpandedWordIsLocated() {
      DockerfileException e = error("FROM a\nWORKDIR \"/app\n");
      assertEquals(2, e.line());
      assertTrue(e.getMessage().contains("double-quote"), e.getMessage());
    }

    @Test
    void badSubstitutionInFrom() {
      DockerfileException e = error("ARG A\nFROM ${}\n");
      assertEquals(2, e.line());
      assertTrue(e.getMessage().contains("bad substitution"), e.getMessage());
    }

    @Test
    void blankBaseNameIsAnError() {
      DockerfileException e = error("ARG IMAGE\nFROM $IMAGE\n");
      assertTrue(e.getMessage().contains("base name ($IMAGE) should not be blank"));
    }

    @Test
    void unusedBuildArgIsAWarning() {
      StageGraph graph = resolve("FROM a\n", Map.of("NOPE", "1", "HTTP_PROXY", "x"));
      assertEquals(List.of("build argument NOPE was given but never declared by an ARG"),
          graph.warnings());
    }
  }

  @Nested
  class Graph {
    private static final String PARALLEL = String.join("\n",
        "FROM golang AS deps",
        "FROM deps AS build-api",
        "FROM deps AS build-worker",
        "FROM node AS web",
        "FROM alpine AS final",
        "COPY --from=build-api /api /",
        "COPY --from=build-worker /worker /",
        "RUN --mount=type=bind,from=web,target=/web cp -r /web /srv",
        "FROM alpine AS unused",
        "FROM final",
        "");

    @Test
    void stagesAndReferences() {
      StageGraph graph = resolve(PARALLEL);
      assertEquals(7, graph.stages().size());
      Stage fin = graph.stage("final");
      assertEquals(4, fin.index());
      assertEquals(List.of(StageReference.Kind.BASE, StageReference.Kind.COPY_FROM,
          StageReference.Kind.COPY_FROM, StageReference.Kind.MOUNT_FROM),
          fin.references().stream().map(StageReference::kind).toList());
      assertFalse(fin.references().get(0).isStage());
      assertEquals("alpine", fin.references().get(0).image());
      assertEquals(0, graph.stage("build-api").baseStage());
      assertNull(graph.stages().get(6).name());
      assertEquals(4, graph.stages().get(6).baseStage());
    }

    @Test
    void targetNeedsOnlyItsDependencies() {
      StageGraph graph = resolve(PARALLEL);
      assertEquals(List.of("deps", "build-api", "build-worker", "web", "final", "6"),
          graph.stagesFor(null).stream().map(Stage::displayName).toList());
      assertEquals(List.of("deps", "build-api"),
          graph.stagesFor("build-api").stream().map(Stage::displayName).toList());
      assertEquals(List.of("unused"),
          graph.stagesFor("UNUSED").stream().map(Stage::displayName).toList());
    }

    @Test
    void buildOrderGroupsIndependentStages() {
      StageGraph graph = resolve(PARALLEL);
      List<List<String>> waves = graph.buildOrder(null).stream()
          .map(w -> w.stream().map(Stage::displayName).toList()).toList();
      assertEquals(List.of(List.of("deps", "web"), List.of("build-api", "build-worker"),
          List.of("final"), List.of("6")), waves);
    }

    @Test
    void unknownTargetSuggestsAName() {
      DockerfileException e = assertThrows(DockerfileException.class,
          () -> resolve(PARALLEL).stage("fnial"));
      assertTrue(e.getMessage().contains("target stage \"fnial\" could not be found "
          + "(did you mean final?)"), e.getMessage());
    }

    @Test
    void copyFromByIndexAndImage() {
      StageGraph graph = resolve("FROM a\nFROM b\nCOPY --from=0 /x /\n"
          + "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n");
      Stage last = graph.stage(null);
      assertEquals(0, last.references().get(1).stage());
      assertEquals("nginx:1.27", last.references().get(2).image());
    }

    @Test
    void unknownStageInCopyFromIsAnError() {
      DockerfileException e = error("FROM a AS build\nFROM b\nCOPY --from=biuld /x /\n");
      assertEquals(3, e.line());
      assertTrue(e.getMessage().contains("unknown stage \"biuld\" in COPY --from "
          + "(did you mean build?)"), e.getMessage());
    }

    @Test
    void stageIndexOutOfRange() {
      DockerfileException e = error("FROM a\nCOPY --from=3 /x /\n");
      assertTrue(e.getMessage().contains("invalid stage index 3"), e.getMessage());
    }

    @Test
    void selfReferenceIsRefused() {
      DockerfileException e = error("FROM a AS one\nCOPY --from=one /x /\n");
      assertTrue(e.getMessage().contains("cannot copy from stage \"one\", it needs to be "
          + "defined before current stage \"one\""), e.getMessage());
    }

    @Test
    void mountFromALaterStageIsRefused() {
      DockerfileException e = error("FROM a\nRUN --mount=from=two,target=/x true\n"
          + "FROM a AS two\n");
      assertEquals(2, e.line());
      assertTrue(e.getMessage().contains("cannot mount from stage \"two\", it needs to be "
          + "defined before current stage \"stage-0\""), e.getMessage());
    }

    @Test
    void fromOnlyRefersToEarlierStages() {
      StageGraph graph = resolve("FROM later AS first\nFROM a AS later\n");
      assertEquals("later", graph.stage("first").references().get(0).image());
    }

    @Test
    void duplicateStageNameIsAWarning() {
      StageGraph graph = resolve("FROM a AS x\nFROM b AS X\n");
      assertEquals(List.of("Dockerfile:2:1: Duplicate stage name \"x\", stage names should be "
          + "unique (first used on line 1)"), graph.warnings());
    }

    @Test
    void instructionBeforeFrom() {
      DockerfileException e = error("ARG A\nRUN echo\nFROM a\n");
      assertEquals(2, e.line());
      assertTrue(e.getMessage().contains("RUN before the first FROM"), e.getMessage());
    }

    @Test
    void onlyArgsIsAnError() {
      assertTrue(error("ARG A=1\n").getMessage().contains("no FROM instruction"));
    }

    @Test
    void stageNameFromAnArgIsRefused() {
      DockerfileException e = error("ARG NAME=builder\nFROM a AS ${NAME}\nFROM b\n");
      assertEquals(2, e.line());
    }
  }
}
