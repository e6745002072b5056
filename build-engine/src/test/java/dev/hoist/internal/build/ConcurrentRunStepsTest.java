package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN steps that run at the same time, in one build or in two, each in a cgroup of its own: the
 * first to finish must not remove the cgroup the other is still in (root, the real shim).
 * Before each step had a unique container ID, every step's cgroup was {@code hoist/container}.
 */
class ConcurrentRunStepsTest {
  static final int STEPS = 12;
  @TempDir Path tmp;

  @BeforeEach
  void setUp() throws Exception {
    BuildFixture.assumeUsable();
  }

  /**
   * Touches {@code /rv/<me>}, waits (up to 10 s) for {@code /rv/<other>}, fails if it never
   * came: so the two steps provably run at the same time; then stays {@code linger} seconds.
   */
  static String rendezvous(String me, String other, int linger) {
    return "RUN --mount=type=cache,id=rendezvous,target=/rv touch /rv/" + me
        + " && i=0 && while [ ! -e /rv/" + other + " ] && [ $i -lt 100 ]; do sleep 0.1; "
        + "i=$((i+1)); done && test -e /rv/" + other + " && sleep " + linger
        + " && echo " + me + " > /" + me + ".txt\n";
  }

  @Test
  void twoStagesOfOneBuildWhoseRunStepsOverlap() throws Exception {
    BuildFixture f = new BuildFixture(tmp, "home").withBusybox();
    // after the rendezvous, each stage runs short steps: steps of one stage start while
    // those of the other end (the clean-up of one removed the directory the other was joining)
    StringBuilder d = new StringBuilder();
    for (String me : new String[] {"a", "b"}) {
      d.append("FROM hoist-test/busybox AS ").append(me).append('\n')
          .append(rendezvous(me, me.equals("a") ? "b" : "a", 0));
      for (int i = 0; i < STEPS; i++) {
        d.append("RUN echo ").append(me).append(i).append(" >> /").append(me).append(".txt\n");
      }
    }
    d.append("FROM scratch\nCOPY --from=a /a.txt /\nCOPY --from=b /b.txt /\n");
    f.dockerfile(d.toString());
    BuildResult r = f.build().result();
    Path root = f.rootfs(r);
    for (String me : new String[] {"a", "b"}) {
      StringBuilder expected = new StringBuilder(me + "\n");
      for (int i = 0; i < STEPS; i++) {
        expected.append(me).append(i).append('\n');
      }
      assertEquals(expected.toString(), Files.readString(root.resolve(me + ".txt")));
    }
  }

  @Test
  void twoBuildsWithTheirOwnHomesAtOnce() throws Exception {
    BuildFixture one = new BuildFixture(Files.createDirectories(tmp.resolve("one")), "home")
        .withBusybox();
    BuildFixture two = new BuildFixture(Files.createDirectories(tmp.resolve("two")), "home")
        .withBusybox();
    one.dockerfile(shortSteps("one"));
    two.dockerfile(shortSteps("two"));
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<BuildFixture.Built> first = CompletableFuture.supplyAsync(() ->
        build(one, go));
    CompletableFuture<BuildFixture.Built> second = CompletableFuture.supplyAsync(() ->
        build(two, go));
    go.countDown();
    BuildFixture.Built a = first.get();
    BuildFixture.Built b = second.get();
    long aStart = a.progress().step("RUN /bin/sh -c echo one0").startNanos();
    long aEnd = a.progress().step("RUN /bin/sh -c echo one" + (STEPS - 1)).endNanos();
    long bStart = b.progress().step("RUN /bin/sh -c echo two0").startNanos();
    long bEnd = b.progress().step("RUN /bin/sh -c echo two" + (STEPS - 1)).endNanos();
    assertTrue(aStart < bEnd && bStart < aEnd, "the two builds' RUN steps ran at the same time");
    assertEquals(STEPS, Files.readAllLines(one.rootfs(a.result()).resolve("one.txt")).size());
    assertEquals(STEPS, Files.readAllLines(two.rootfs(b.result()).resolve("two.txt")).size());
  }

  static String shortSteps(String me) {
    StringBuilder d = new StringBuilder("FROM hoist-test/busybox\n");
    for (int i = 0; i < STEPS; i++) {
      d.append("RUN echo ").append(me).append(i).append(" >> /").append(me).append(".txt\n");
    }
    return d.toString();
  }

  private static BuildFixture.Built build(BuildFixture f, CountDownLatch go) {
    try {
      go.await();
      return f.build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
