package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.stages.ResolveOptions;
import dev.hoist.dockerfile.stages.StageGraph;
import dev.hoist.dockerfile.RawInstruction;
import dev.hoist.internal.runtime.NetworkMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The build planner alone: a Dockerfile's stages become typed steps with the build args each is
 * keyed on, and what can be refused is refused before anything runs. No root, no store, no
 * registry.
 */
class StagePlannerTest {
  private static Map<Integer, StagePlan> plan(String text, Map<Integer, List<String>> triggers,
      Consumer<BuildRequest.Builder> options) {
    Dockerfile dockerfile = Dockerfile.parse(text, "Dockerfile").withTriggers(triggers);
    StageGraph graph = dockerfile.stages(ResolveOptions.defaults());
    Map<Integer, String> written = new HashMap<>();
    for (RawInstruction raw : dockerfile.syntax().instructions()) {
      written.put(raw.startLine(), raw.original());
    }
    BuildRequest.Builder request = BuildRequest.builder(Path.of("/nonexistent-context"));
    options.accept(request);
    return new StagePlanner(request.build(), written).plan(graph.stages());
  }

  private static Map<Integer, StagePlan> plan(String text) {
    return plan(text, Map.of(), b -> { });
  }

  @Test
  void eachInstructionBecomesATypedStepWithTheArgsItIsKeyedOn() {
    StagePlan stage = plan("""
        FROM base AS build
        ARG MODE=fast OTHER=x
        WORKDIR /w-$MODE
        COPY --chmod=0640 a.txt /a
        ADD https://example.invalid/f.tgz /f
        RUN --network=none make $MODE
        ENV A=1
        CMD ["run"]
        ENTRYPOINT ["sh"]
        """).get(0);
    assertEquals(new StageBase.Image("base"), stage.base());
    assertEquals("build", stage.name());
    assertEquals(9, stage.stepCount());
    List<PlannedStep> steps = stage.steps();

    PlannedStep.ChangeConfig arg = assertInstanceOf(PlannedStep.ChangeConfig.class, steps.get(0));
    assertEquals(Map.of("MODE", "fast", "OTHER", "x"), arg.keyArgs());
    assertEquals(2, arg.number());

    PlannedStep.MakeWorkdir workdir = assertInstanceOf(PlannedStep.MakeWorkdir.class,
        steps.get(1));
    assertEquals(Map.of("MODE", "fast"), workdir.keyArgs(), "only the args it refers to");

    PlannedStep.CopyFiles copy = assertInstanceOf(PlannedStep.CopyFiles.class, steps.get(2));
    assertEquals(0640, copy.mode());
    assertEquals(List.of("a.txt"), copy.local());
    assertFalse(copy.fetches());
    assertEquals(Map.of(), copy.keyArgs());

    PlannedStep.CopyFiles add = assertInstanceOf(PlannedStep.CopyFiles.class, steps.get(3));
    assertEquals(List.of("https://example.invalid/f.tgz"), add.urls());
    assertTrue(add.local().isEmpty());
    assertTrue(add.unpack());

    PlannedStep.RunCommand run = assertInstanceOf(PlannedStep.RunCommand.class, steps.get(4));
    assertEquals(NetworkMode.NONE, run.network());
    assertEquals(Map.of("MODE", "fast", "OTHER", "x"), run.keyArgs(),
        "a RUN sees every arg in scope (its environment)");
    assertEquals("|2 MODE=fast OTHER=x ", run.args().historyPrefix(List.of()));

    PlannedStep.ChangeConfig cmd = assertInstanceOf(PlannedStep.ChangeConfig.class,
        steps.get(6));
    assertFalse(cmd.cmdSetBefore());
    PlannedStep.ChangeConfig entrypoint = assertInstanceOf(PlannedStep.ChangeConfig.class,
        steps.get(7));
    assertTrue(entrypoint.cmdSetBefore(), "an ENTRYPOINT after CMD keeps the CMD");
    assertNull(entrypoint.keyed());
  }

  @Test
  void aRunGetsTheBuildsNetworkUnlessItSaysOtherwise() {
    PlannedStep.RunCommand run = (PlannedStep.RunCommand) plan("FROM base\nRUN true\n",
        Map.of(), b -> b.network(NetworkMode.NONE)).get(0).steps().get(0);
    assertEquals(NetworkMode.NONE, run.network());
    run = (PlannedStep.RunCommand) plan("FROM base\nRUN true\n").get(0).steps().get(0);
    assertEquals(NetworkMode.BRIDGE, run.network());
  }

  @Test
  void aStageBuiltFromAnotherStartsWithItsArgs() {
    Map<Integer, StagePlan> plans = plan("""
        FROM base AS one
        ARG V=1
        FROM one AS two
        RUN echo $V
        FROM scratch
        COPY --from=two /x /x
        """);
    assertEquals(new StageBase.EarlierStage(0), plans.get(1).base());
    assertEquals(Map.of("V", "1"), plans.get(1).steps().get(0).keyArgs());
    assertEquals(new StageBase.Scratch(), plans.get(2).base());
    assertEquals("two", ((PlannedStep.CopyFiles) plans.get(2).steps().get(0)).from());
  }

  @Test
  void whatCanBeRefusedIsRefusedBeforeAnyStepRuns() {
    BuildException host = assertThrows(BuildException.class,
        () -> plan("FROM base\nRUN true\nRUN --network=host true\n"));
    assertTrue(host.getMessage().contains("network.host is not allowed"), host.getMessage());
    assertEquals(NetworkMode.HOST, ((PlannedStep.RunCommand) plan(
        "FROM base\nRUN --network=host true\n", Map.of(),
        b -> b.allow(Entitlement.NETWORK_HOST)).get(0).steps().get(0)).network());

    BuildException file = assertThrows(BuildException.class,
        () -> plan("FROM base\nADD file:///etc/passwd /p\n"));
    assertTrue(file.getMessage().startsWith("Dockerfile:2: ADD file:///etc/passwd"),
        file.getMessage());
    BuildException checksum = assertThrows(BuildException.class,
        () -> plan("FROM base\nADD --checksum=sha256:00 a.txt /a\n"));
    assertTrue(checksum.getMessage().contains("non-HTTP(S) sources (a.txt)"),
        checksum.getMessage());
    BuildException chmod = assertThrows(BuildException.class,
        () -> plan("FROM base\nCOPY --chmod=999 a /a\n"));
    assertTrue(chmod.getMessage().contains("expected an octal mode"), chmod.getMessage());
  }

  @Test
  void onbuildTriggersArePlannedAtTheirFromAndLaterLinesKeepTheirNumbers() {
    StagePlan stage = plan("# comment\nFROM base\nRUN exit 3\n",
        Map.of(2, List.of("RUN echo one", "COPY a /a")), b -> { }).get(0);
    PlannedStep.RunCommand trigger = assertInstanceOf(PlannedStep.RunCommand.class,
        stage.steps().get(0));
    assertEquals(2, trigger.instruction().location().line(), "a trigger is at its FROM");
    assertInstanceOf(PlannedStep.CopyFiles.class, stage.steps().get(1));
    PlannedStep.RunCommand own = assertInstanceOf(PlannedStep.RunCommand.class,
        stage.steps().get(2));
    assertEquals(3, own.instruction().location().line(), "the Dockerfile's lines unchanged");
    assertEquals(4, own.number());
  }

  @Test
  void cacheInputsOfDifferentKindsNeverEncodeAlike() {
    // the same string as a context file, a bind-mounted file or a URL: three keys
    CacheInputs file = CacheInputs.of("X", Map.of()).withFiles(Map.of("a", "h"));
    CacheInputs mount = new CacheInputs("X", Map.of(), null, null, null, Map.of("a", "h"),
        null, null, null);
    CacheInputs url = new CacheInputs("X", Map.of(), null, Map.of("a", "h"), null, null, null,
        null, null);
    assertNotEquals(file.key("p"), mount.key("p"));
    assertNotEquals(file.key("p"), url.key("p"));
    assertNotEquals(mount.key("p"), url.key("p"));
    // values cannot run into each other
    assertNotEquals(CacheInputs.of("X", Map.of("A", "1=B")).key("p"),
        CacheInputs.of("X", Map.of("A=1", "B")).key("p"));
    CacheInputs none = new CacheInputs("RUN x", Map.of(), null, null, null, null, null, null,
        "none");
    CacheInputs bridge = new CacheInputs("RUN x", Map.of(), null, null, null, null, null, null,
        "bridge");
    assertNotEquals(none.key("p"), bridge.key("p"));
    assertEquals("network changed (\"none\" -> \"bridge\")", StepCache.difference(none, bridge));
  }
}
