package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent builds on one home compute a step's cache key once ({@link InflightSteps}): the
 * other builds wait and take the result as a hit (root, the real shim and store). The RUN steps
 * here wait at a gate (a file in a cache mount) that the test opens once a build is seen waiting
 * for another's computation, so the first build's step is provably still running when the
 * second reaches it; without one computation per key, both builds would run the step.
 */
class InflightBuildsTest {
  /** The gate every gated step waits at, in the cache mount {@code gate}. */
  static final String GATE = "while [ ! -e /gate/open ]; do sleep 0.05; done";

  @TempDir Path tmp;
  BuildFixture f;
  ExecutorService pool;

  @BeforeEach
  void setUp() throws Exception {
    BuildFixture.assumeUsable();
    f = new BuildFixture(tmp, "home").withBusybox();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (pool != null) {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoBuildsOfOneDockerfileRunTheirSlowStepOnce() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN --mount=type=cache,id=gate,target=/gate "
        + "echo ran-the-step && " + GATE + " && date +%s%N > /f\n");
    Future<BuildFixture.Built> first = pool.submit(() -> f.build());
    Future<BuildFixture.Built> second = pool.submit(() -> f.build());
    boolean waited = openTheGateWhenABuildWaits();
    BuildFixture.Built a = first.get(60, TimeUnit.SECONDS);
    BuildFixture.Built b = second.get(60, TimeUnit.SECONDS);
    assertTrue(waited, "no build waited for the other's computation");
    assertEquals(1, Stream.concat(a.progress().output.stream(), b.progress().output.stream())
        .filter("ran-the-step"::equals).count(), "the step ran once");
    assertEquals(topLayer(a), topLayer(b), "both images have the one computed layer");
    assertEquals(f.read(a.result(), "f"), f.read(b.result(), "f"));
    BuildFixture.Recording waiter = a.progress().cached("RUN") ? a.progress() : b.progress();
    assertTrue(waiter.cached("RUN"));
    assertTrue(waiter.reason("RUN").contains("as a concurrent build (waited "),
        waiter.reason("RUN"));
  }

  /**
   * A garbage collection (a prune) that asks for the {@code gc} lock while one build computes a
   * step and another waits for it (both holding that lock shared) waits for both builds and
   * then runs: the wait for another build's step adds no cycle.
   */
  @Test
  void aPruneWhileOneBuildWaitsForAnotherWaitsForBothAndEnds() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN --mount=type=cache,id=gate,target=/gate "
        + GATE + " && echo pruned-meanwhile > /f\n");
    Future<BuildFixture.Built> first = pool.submit(() -> f.build(b -> b.tag("one:1")));
    Future<BuildFixture.Built> second = pool.submit(() -> f.build(b -> b.tag("two:1")));
    for (int i = 0; i < 500 && InflightSteps.waiting() == 0; i++) {
      Thread.sleep(20);
    }
    assertEquals(1, InflightSteps.waiting(), "a build waits for the other's computation");
    java.util.concurrent.CompletableFuture<dev.hoist.internal.cache.images.GarbageCollector
        .Report> prune = new java.util.concurrent.CompletableFuture<>();
    Thread collector = new Thread(() -> {
      try {
        BuildCache.Roots roots = new BuildCache(f.store.home()).roots();
        prune.complete(new dev.hoist.internal.cache.images.GarbageCollector(f.store)
            .collect(roots.blobs(), roots.diffIds()));
      } catch (Throwable e) {
        prune.completeExceptionally(e);
      }
    });
    collector.start();
    for (int i = 0; i < 500 && collector.getState() != Thread.State.WAITING; i++) {
      Thread.sleep(10); // parked on the gc lock the builds hold
    }
    assertEquals(Thread.State.WAITING, collector.getState());
    assertFalse(prune.isDone(), "the prune waits for the builds");
    openTheGateWhenABuildWaits();
    BuildFixture.Built a = first.get(60, TimeUnit.SECONDS);
    BuildFixture.Built b = second.get(60, TimeUnit.SECONDS);
    prune.get(60, TimeUnit.SECONDS);
    assertEquals("pruned-meanwhile\n", f.read(a.result(), "f"));
    assertEquals(topLayer(a), topLayer(b));
  }

  /**
   * The builder stage of a cross-compile runs on the build platform for each target platform:
   * its COPY before the per-platform {@code ARG TARGETARCH} has one key for both platforms, and
   * is computed by one of them.
   */
  @Test
  void aTwoPlatformBuildComputesItsSharedCopyOnce() throws Exception {
    byte[] numbers = new byte[8 << 20]; // a COPY that takes a while (hashing, compressing)
    new Random(17).nextBytes(numbers);
    Files.write(f.context.resolve("numbers.txt"), numbers);
    f.dockerfile("""
        FROM --platform=$BUILDPLATFORM hoist-test/busybox AS builder
        COPY numbers.txt /numbers.txt
        ARG TARGETARCH
        RUN echo $TARGETARCH > /arch
        FROM scratch
        COPY --from=builder /arch /arch
        """);
    Platform host = Platform.host().normalized();
    Platform other = Platform.parse(host.architecture().equals("arm64") ? "linux/amd64"
        : "linux/arm64");
    BuildFixture.Built built = f.build(b -> b.platforms(List.of(host, other)));
    List<BuildFixture.Recording.Finished> copies;
    synchronized (built.progress().finished) {
      copies = built.progress().finished.stream()
          .filter(s -> s.step().text().startsWith("COPY numbers.txt")).toList();
    }
    assertEquals(2, copies.size(), copies.toString());
    assertEquals(1, copies.stream().filter(c -> !c.outcome().cached()).count(),
        "the shared COPY is computed by one platform: " + copies);
    assertEquals(List.of(), leftLockFiles());
  }

  @Test
  void aFailedComputationLetsTheWaitingBuildComputeTheStepItself() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN --mount=type=cache,id=gate,target=/gate "
        + "if [ -e /gate/failed ]; then echo computed-again > /f; "
        + "else touch /gate/failed && " + GATE + " && exit 3; fi\n");
    Future<BuildFixture.Built> first = pool.submit(() -> f.build());
    Future<BuildFixture.Built> second = pool.submit(() -> f.build());
    boolean waited = openTheGateWhenABuildWaits();
    List<BuildFixture.Built> succeeded = new ArrayList<>();
    List<Throwable> failed = new ArrayList<>();
    for (Future<BuildFixture.Built> build : List.of(first, second)) {
      try {
        succeeded.add(build.get(60, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        failed.add(e.getCause());
      }
    }
    assertTrue(waited, "no build waited for the other's computation");
    assertEquals(1, failed.size(), "one build fails: " + failed);
    assertEquals(3, assertInstanceOf(BuildException.class, failed.get(0)).exitCode());
    assertEquals(1, succeeded.size());
    BuildFixture.Built waiter = succeeded.get(0);
    assertFalse(waiter.progress().cached("RUN"), "the waiter ran the step itself");
    assertEquals("computed-again\n", f.read(waiter.result(), "f"));
    assertEquals(List.of(), leftLockFiles());
  }

  /** Two processes on one home: {@link BuildProcess} computes the step, this JVM waits for it. */
  @Test
  void aBuildOfAnotherProcessOnTheHomeIsWaitedFor() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN --mount=type=cache,id=gate,target=/gate "
        + "echo run >> /gate/runs && " + GATE + " && date +%s%N > /f\n");
    Path secret = Files.writeString(tmp.resolve("unused-secret"), "unused");
    Process child = dev.hoist.fixtures.ChildJvm.start(BuildProcess.class, tmp.toString(),
        secret.toString());
    try {
      Path runs = null;
      for (int i = 0; i < 1200 && runs == null; i++) { // the child's step runs (60 s at most)
        Thread.sleep(50);
        runs = gate().map(g -> g.resolve("runs")).filter(Files::exists).orElse(null);
      }
      assertTrue(runs != null, "the child's build never ran its step");
      Future<BuildFixture.Built> mine = pool.submit(() -> f.build());
      boolean waited = openTheGateWhenABuildWaits();
      assertEquals(0, child.waitFor(60, TimeUnit.SECONDS) ? child.exitValue() : -1);
      BuildFixture.Built built = mine.get(60, TimeUnit.SECONDS);
      assertTrue(waited, "this build did not wait for the child's");
      assertEquals(List.of("run"), Files.readAllLines(runs), "the step ran once");
      assertTrue(built.progress().cached("RUN"));
      assertTrue(built.progress().reason("RUN").contains("as a concurrent build (waited "),
          built.progress().reason("RUN"));
      assertEquals(List.of(), leftLockFiles());
    } finally {
      child.destroyForcibly();
    }
  }

  /**
   * Waits (10 s at most) until a thread of this JVM waits for another build's computation,
   * then opens the gate of the cache mount {@code gate}; whether one waited.
   */
  private boolean openTheGateWhenABuildWaits() throws Exception {
    boolean waited = false;
    for (int i = 0; i < 500 && !waited; i++) {
      waited = InflightSteps.waiting() > 0;
      Thread.sleep(20);
    }
    Path gate = null;
    for (int i = 0; i < 500 && gate == null; i++) {
      gate = gate().orElse(null);
      Thread.sleep(20);
    }
    assertTrue(gate != null, "no step made the gate's cache mount");
    Files.writeString(gate.resolve("open"), "");
    return waited;
  }

  /** The cache mount's directory, once a step made it. */
  private java.util.Optional<Path> gate() throws Exception {
    Path mounts = f.store.home().buildCache().resolve("mounts");
    if (!Files.isDirectory(mounts)) {
      return java.util.Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(mounts)) {
      return dirs.filter(Files::isDirectory).findFirst();
    }
  }

  private List<Path> leftLockFiles() throws Exception {
    return InflightStepsTest.lockFiles(f.store.home());
  }

  private Descriptor topLayer(BuildFixture.Built built) throws Exception {
    List<Descriptor> layers = f.image(built.result()).manifest().layers();
    return layers.get(layers.size() - 1);
  }
}
