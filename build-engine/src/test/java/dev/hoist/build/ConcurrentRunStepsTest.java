package dev.hoist.build;

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
  @TempDir Path tmp;

  @BeforeEach
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
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
    // b stays 3 s after a ended: longer than a's clean-up waits for a busy cgroup (2 s)
    f.dockerfile("FROM hoist-test/busybox AS a\n" + rendezvous("a", "b", 0)
        + "FROM hoist-test/busybox AS b\n" + rendezvous("b", "a", 3)
        + "FROM scratch\nCOPY --from=a /a.txt /\nCOPY --from=b /b.txt /\n");
    BuildResult r = f.build().result();
    Path root = f.rootfs(r);
    assertEquals("a\n", Files.readString(root.resolve("a.txt")));
    assertEquals("b\n", Files.readString(root.resolve("b.txt")));
  }

  @Test
  void twoBuildsWithTheirOwnHomesAtOnce() throws Exception {
    BuildFixture one = new BuildFixture(Files.createDirectories(tmp.resolve("one")), "home")
        .withBusybox();
    BuildFixture two = new BuildFixture(Files.createDirectories(tmp.resolve("two")), "home")
        .withBusybox();
    one.dockerfile("FROM hoist-test/busybox\nRUN sleep 1 && echo one > /one.txt\n");
    two.dockerfile("FROM hoist-test/busybox\nRUN sleep 4 && echo two > /two.txt\n");
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<BuildFixture.Built> first = CompletableFuture.supplyAsync(() ->
        build(one, go));
    CompletableFuture<BuildFixture.Built> second = CompletableFuture.supplyAsync(() ->
        build(two, go));
    go.countDown();
    BuildFixture.Built a = first.get();
    BuildFixture.Built b = second.get();
    BuildFixture.Recording.Finished runA = a.progress().step("RUN /bin/sh -c sleep 1");
    BuildFixture.Recording.Finished runB = b.progress().step("RUN /bin/sh -c sleep 4");
    assertTrue(runA.startNanos() < runB.endNanos() && runB.startNanos() < runA.endNanos(),
        "the two RUN steps ran at the same time");
    assertEquals("one\n", Files.readString(one.rootfs(a.result()).resolve("one.txt")));
    assertEquals("two\n", Files.readString(two.rootfs(b.result()).resolve("two.txt")));
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
