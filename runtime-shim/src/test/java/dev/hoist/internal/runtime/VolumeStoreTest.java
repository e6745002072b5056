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

  /**
   * Earlier versions' temporary directories ({@code .tmp-NAME-NANOTIME}, {@code
   * .tmp-rm-NAME-NANOTIME}) say no owner: they go once quiet for a minute. Live volumes, the
   * views directory, a live process's directory whose UUID ends in digits alone, fresh ones and
   * other shapes stay.
   */
  @Test
  void earlierVersionsLeftoversAreSweptOnceQuietAndNothingElse() throws Exception {
    VolumeStore volumes = new VolumeStore(new HoistHome(dir.resolve("home")));
    volumes.create("data-123");
    Path root = dir.resolve("home/volumes");
    FileTime old = FileTime.from(Instant.now().minusSeconds(120));
    Files.setLastModifiedTime(root.resolve("data-123"), old);
    Path created = leftBehind(root.resolve(".tmp-data-123456789"), old);
    Path removed = leftBehind(root.resolve(".tmp-rm-my_vol.1-987654321"), old);
    Path negative = leftBehind(root.resolve(".tmp-vol--42"), old);
    Path fresh = leftBehind(root.resolve(".tmp-data-1"), FileTime.from(Instant.now()));
    Path views = leftBehind(root.resolve(".tmp-views"), old);
    Path otherShape = leftBehind(root.resolve(".tmp-data-12ab"), old);
    Path liveDigits = leftBehind(root.resolve(".tmp-" + ProcessHandle.current().pid()
        + "-01234567-89ab-cdef-0123-456789012345"), old);

    assertEquals(3, volumes.removeAbandonedDeletions());

    assertFalse(Files.exists(created));
    assertFalse(Files.exists(removed));
    assertFalse(Files.exists(negative));
    for (Path kept : java.util.List.of(fresh, views, otherShape, liveDigits)) {
      assertTrue(Files.isDirectory(kept), kept.toString());
    }
    assertEquals(java.util.List.of("data-123"),
        volumes.list().stream().map(VolumeStore.Volume::name).toList());
  }

  private static Path leftBehind(Path doomed, FileTime mtime) throws Exception {
    Files.createDirectories(doomed.resolve("_data/sub"));
    Files.writeString(doomed.resolve("_data/sub/left"), "left");
    Files.setLastModifiedTime(doomed, mtime);
    return doomed;
  }
}
