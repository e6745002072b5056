package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code RUN --mount=type=cache,sharing=…} with two stages of one build, which run at the same
 * time (root, the real shim).
 */
class CacheMountSharingTest extends BusyboxBuildTest {
  /** Two stages whose RUN share a cache mount, and a last stage that needs both. */
  static String twoStages(String mount, String a, String b) {
    return "FROM hoist-test/busybox AS a\nRUN --mount=" + mount + " " + a + "\n"
        + "FROM hoist-test/busybox AS b\nRUN --mount=" + mount + " " + b + "\n"
        + "FROM scratch\nCOPY --from=a /a.txt /\nCOPY --from=b /b.txt /\n";
  }

  Path cacheDir(String id) {
    return f.store.home().buildCache().resolve("mounts").resolve(
        Digest.sha256(("cache-mount " + id).getBytes(StandardCharsets.UTF_8)).hex()
            .substring(0, 32));
  }

  static String logging(String name) {
    return "echo start-" + name + " >> /c/log && sleep 1 && echo end-" + name
        + " >> /c/log && echo " + name + " > /" + name + ".txt";
  }

  @Test
  void lockedStepsTakeTurnsWhereSharedOnesOverlap() throws Exception {
    f.dockerfile(twoStages("type=cache,id=shared-log,target=/c", logging("a"), logging("b")));
    f.build();
    List<String> shared = Files.readAllLines(cacheDir("shared-log").resolve("log"));
    assertTrue(shared.get(0).startsWith("start") && shared.get(1).startsWith("start"),
        "shared: both steps use the directory at the same time " + shared);

    f.dockerfile(twoStages("type=cache,id=locked-log,target=/c,sharing=locked", logging("a"),
        logging("b")));
    BuildFixture.Built second = f.build();
    assertTrue(!second.progress().cached("RUN /bin/sh -c echo start-a"),
        "another mount spec is another cache key");
    List<String> locked = Files.readAllLines(cacheDir("locked-log").resolve("log"));
    assertTrue(locked.equals(List.of("start-a", "end-a", "start-b", "end-b"))
        || locked.equals(List.of("start-b", "end-b", "start-a", "end-a")),
        "locked: one step at a time " + locked);
  }

  /** Writes its name into the private cache, waits for the other step, lists the cache. */
  static String privateStep(String me, String other) {
    return "touch /c/" + me + " /rv/" + me + " && i=0 && while [ ! -e /rv/" + other
        + " ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done && ls /c > /" + me + ".txt";
  }

  @Test
  void privateStepsGetTheirOwnDirectoryWhileTheOtherIsInUse() throws Exception {
    String mount = "type=cache,id=priv,target=/c,sharing=private "
        + "--mount=type=cache,id=rendezvous,target=/rv";
    f.dockerfile(twoStages(mount, privateStep("a", "b"), privateStep("b", "a")));
    BuildResult r = f.build().result();
    Path root = f.rootfs(r);
    assertEquals("a\n", Files.readString(root.resolve("a.txt")), "a saw only its own instance");
    assertEquals("b\n", Files.readString(root.resolve("b.txt")), "b saw only its own instance");
    Path first = cacheDir("priv");
    Path second = first.resolveSibling(first.getFileName() + "-1");
    assertTrue(Files.isDirectory(first) && Files.isDirectory(second), "two instances");

    // alone, a private step takes the first free instance and sees what was left there
    f.dockerfile("FROM hoist-test/busybox\nRUN --mount=type=cache,id=priv,target=/c,"
        + "sharing=private ls /c > /seen\n");
    String seen = f.read(f.build().result(), "seen").strip();
    assertTrue(seen.equals("a") || seen.equals("b"), seen);
  }
}
