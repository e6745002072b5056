package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.fixtures.Privileges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup v2 path of {@link Cgroups} on whatever cgroup2 hierarchy the host mounts (on a
 * hybrid host: {@code /sys/fs/cgroup/unified}, without controllers): the directory's place,
 * freezing and thawing a real process, removal. Root only.
 */
class CgroupsV2Test {
  @TempDir Path tmp;

  @Test
  void freezeAndThawOnV2() throws Exception {
    assumeTrue(Privileges.isRoot(), "needs root to make cgroups: skipped");
    Path mount = Cgroups.v2Mount(Files.readAllLines(Path.of("/proc/self/mountinfo")))
        .orElse(null);
    assumeTrue(mount != null, "no cgroup2 hierarchy mounted: skipped");
    Path containerDir = Files.createDirectories(tmp.resolve("v2test-" + ProcessHandle.current().pid()));
    Cgroups cgroups = Cgroups.create(containerDir, Resources.NONE, CgroupLayout.V2);
    assertEquals(1, cgroups.dirs().size());
    Path dir = cgroups.dirs().get(0);
    assertTrue(dir.startsWith(mount) && dir.endsWith(Path.of("hoist", containerDir.getFileName().toString())), dir.toString());
    assumeTrue(Files.exists(dir.resolve("cgroup.freeze")), "kernel without cgroup.freeze: skipped");
    assertEquals(List.of(dir.toString()), Files.readAllLines(containerDir.resolve("cgroups")));

    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      Files.writeString(dir.resolve("cgroup.procs"), Long.toString(sleep.pid()));
      Cgroups recorded = Cgroups.of(containerDir);
      recorded.freeze(true);
      assertTrue(recorded.isFrozen());
      assertTrue(Files.readString(dir.resolve("cgroup.events")).contains("frozen 1"));
      recorded.freeze(false);
      assertFalse(recorded.isFrozen());
    } finally {
      sleep.destroyForcibly();
      sleep.waitFor(10, TimeUnit.SECONDS);
      cgroups.remove();
    }
    assertFalse(Files.exists(dir), "removed");
  }
}
