package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Early cutoff (root, the real shim): steps are keyed on the image their parent produced (diff
 * IDs and config), not on the chain of keys before them, so a RUN that runs again because what
 * it read changed, and writes exactly the layer it wrote before, leaves the steps after it
 * cached. Layers must then depend on content only: SOURCE_DATE_EPOCH or
 * {@code --rewrite-timestamp} clamps their timestamps.
 */
class EarlyCutoffTest extends BusyboxBuildTest {
  private static final String DERIVE = "RUN --mount=type=bind,source=src,target=/src "
      + "head -n 1 /src/conf.txt > /first";
  private static final String DERIVE_STEP = "RUN /bin/sh -c head -n 1";

  @BeforeEach
  void setUp() throws Exception {
    f.file("src/conf.txt", "name=app\nversion=1\n");
    f.file("later.txt", "later\n");
    f.dockerfile("FROM hoist-test/busybox\n"
        + DERIVE + "\n"
        + "COPY later.txt /later.txt\n"
        + "RUN cat /first /later.txt > /joined\n"
        + "ENV DONE=1\n");
  }

  @Test
  void aRerunStepWithTheSameOutputKeepsLaterStepsCached() throws Exception {
    Consumer<BuildRequest.Builder> epoch =
        b -> b.sourceDateEpoch(Optional.of(Instant.ofEpochSecond(1_700_000_000L)));
    BuildFixture.Built first = f.build(epoch);
    assertEquals("name=app\nlater\n", f.read(first.result(), "joined"));

    f.file("src/conf.txt", "name=app\nversion=2\n"); // the part the RUN does not use
    BuildFixture.Built second = f.build(epoch);
    assertFalse(second.progress().cached(DERIVE_STEP), "what the RUN reads changed: it runs");
    String why = second.progress().reason(DERIVE_STEP);
    assertTrue(why.contains("src/conf.txt changed"), why);
    assertTrue(why.contains(CachedStep.SAME_OUTPUT), why);
    assertTrue(second.progress().cached("COPY later.txt"), "kept after the same output");
    assertTrue(second.progress().cached("RUN /bin/sh -c cat /first"),
        "the RUN after it is kept too");
    assertEquals(first.result().manifest().digest(), second.result().manifest().digest(),
        "with SOURCE_DATE_EPOCH the rebuilt image is the same image");

    f.file("src/conf.txt", "name=other\nversion=2\n"); // the part it uses: a real change
    BuildFixture.Built third = f.build(epoch);
    assertFalse(third.progress().reason(DERIVE_STEP).contains(CachedStep.SAME_OUTPUT));
    assertFalse(third.progress().cached("COPY later.txt"));
    assertTrue(third.progress().reason("COPY later.txt").contains("an earlier step changed"),
        third.progress().reason("COPY later.txt"));
    assertFalse(third.progress().cached("RUN /bin/sh -c cat /first"));
    assertEquals("name=other\nlater\n", f.read(third.result(), "joined"));
  }

  @Test
  void aCopyFromAStageThatDerivedTheSameFileKeepsLaterStepsCached() throws Exception {
    // the generator stage copies the whole source and derives a file from part of it; the
    // final stage takes only the derived file
    f.dockerfile("""
        FROM hoist-test/busybox AS gen
        COPY src /src
        RUN head -n 1 /src/conf.txt > /first
        FROM hoist-test/busybox
        COPY --from=gen /first /first
        COPY later.txt /later.txt
        RUN cat /first /later.txt > /joined
        """);
    Consumer<BuildRequest.Builder> rewrite = b -> b.rewriteTimestamp(true);
    BuildFixture.Built first = f.build(rewrite);

    f.file("src/conf.txt", "name=app\nversion=2\n");
    BuildFixture.Built second = f.build(rewrite);
    assertFalse(second.progress().cached("COPY src"));
    assertFalse(second.progress().cached("RUN /bin/sh -c head"), "the generator re-runs");
    String why = second.progress().reason("COPY --from=gen");
    assertTrue(why.contains("stage or image gen changed"), why);
    assertTrue(why.contains(CachedStep.SAME_OUTPUT), why);
    assertTrue(second.progress().cached("COPY later.txt"));
    assertTrue(second.progress().cached("RUN /bin/sh -c cat /first"));
    assertEquals(f.image(first.result()).config().diffIds(),
        f.image(second.result()).config().diffIds());
  }

  @Test
  void rewriteTimestampGivesTheSameLayerWithoutAnEpoch() throws Exception {
    Consumer<BuildRequest.Builder> rewrite = b -> b.rewriteTimestamp(true);
    BuildFixture.Built first = f.build(rewrite);
    assertEquals(0L, f.entriesByName(first.result()).get("first").getModTime().getTime(),
        "timestamps clamped to the Unix epoch");

    f.file("src/conf.txt", "name=app\nversion=3\n");
    BuildFixture.Built second = f.build(rewrite);
    assertTrue(second.progress().reason(DERIVE_STEP).contains(CachedStep.SAME_OUTPUT),
        second.progress().reason(DERIVE_STEP));
    assertTrue(second.progress().cached("COPY later.txt"));
    assertTrue(second.progress().cached("RUN /bin/sh -c cat /first"));
    assertEquals(f.image(first.result()).config().diffIds(),
        f.image(second.result()).config().diffIds(), "the same layers");
  }

  @Test
  void theBuildsNetworkIsPartOfARunStepsKey() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN echo net > /net\n");
    f.build(b -> b.network(dev.hoist.internal.runtime.NetworkMode.NONE));
    BuildFixture.Built second = f.build(b -> b.network(dev.hoist.internal.runtime.NetworkMode.BRIDGE));
    assertFalse(second.progress().cached("RUN /bin/sh -c echo net"),
        "a step run without a network is not reused for one with a network");
    assertTrue(second.progress().reason("RUN /bin/sh -c echo net")
        .contains("network changed (\"none\" -> \"bridge\")"),
        second.progress().reason("RUN /bin/sh -c echo net"));
  }
}
