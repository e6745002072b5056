package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeStoreTest {
  @TempDir Path dir;

  @Test
  void aRemovalLeavesNoTemporaryDirectory() throws Exception {
    VolumeStore volumes = new VolumeStore(new HoistHome(dir.resolve("home")));
    Files.writeString(volumes.create("data").data().resolve("f"), "x");

    assertTrue(volumes.remove("data"));

    try (var left = Files.list(dir.resolve("home/volumes"))) {
      assertEquals(java.util.List.of(), left.toList());
    }
  }

  @Test
  void aVolumeWhoseNameNearlyFillsAFileNameIsCreatedAndRemoved() throws Exception {
    VolumeStore volumes = new VolumeStore(new HoistHome(dir.resolve("home")));
    String name = "v" + "x".repeat(240); // the temporary names must not add to it

    volumes.create(name);

    assertTrue(volumes.remove(name));
  }

  @Test
  void whatAKilledProcessLeftOfAVolumeIsSweptAndALiveOnesKept() throws Exception {
    VolumeStore volumes = new VolumeStore(new HoistHome(dir.resolve("home")));
    volumes.create("kept");
    Path root = dir.resolve("home/volumes");
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    FileTime old = FileTime.from(Instant.now().minusSeconds(120));
    Path killed = leftBehind(root.resolve(".tmp-" + done.pid() + "-" + UUID.randomUUID()
        + "-rm-data"), old);
    Path live = leftBehind(root.resolve(".tmp-" + ProcessHandle.current().pid() + "-"
        + UUID.randomUUID() + "-rm-data"), old);

    assertEquals(1, volumes.removeAbandonedDeletions());

    assertFalse(Files.exists(killed));
    assertTrue(Files.isDirectory(live));
    assertEquals(java.util.List.of("kept"),
        volumes.list().stream().map(VolumeStore.Volume::name).toList());
  }

  private static Path leftBehind(Path doomed, FileTime mtime) throws Exception {
    Files.createDirectories(doomed.resolve("_data/sub"));
    Files.writeString(doomed.resolve("_data/sub/left"), "left");
    Files.setLastModifiedTime(doomed, mtime);
    return doomed;
  }
}
