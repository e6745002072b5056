package dev.hoist.internal.cache.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.images.GarbageCollector;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ChildJvm;
import dev.hoist.fixtures.ExternalTools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A prune running while another process imports an image never removes what it writes. */
class PruneWhileWritingTest {
  @TempDir Path dir;

  @Test
  void pruneWaitsForTheWriterAndKeepsItsImage() throws Exception {
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectories(rootfs);
    byte[] data = new byte[3 << 20];
    new Random(1).nextBytes(data);
    Files.write(rootfs.resolve("data.bin"), data);
    Path tar = dir.resolve("rootfs.tar");
    ExternalTools.output("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".");
    Path homeDir = dir.resolve("home");
    ImageStore store = new ImageStore(new HoistHome(homeDir));
    store.initialise();

    Process writer = ChildJvm.start(SlowImportProcess.class, homeDir.toString(), tar.toString(),
        "slow:1", "40");
    BufferedReader lines = new BufferedReader(
        new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("writing", lines.readLine());

    GarbageCollector.Report report = new GarbageCollector(store).collect(Set.of(), Set.of());
    // the import tags its image before it lets go of its lock: a prune that waited for it finds
    // the tag when it returns (ordering, not elapsed time: a loaded machine can stall this thread
    // for most of the import's 2 s between the "writing" line and the prune)
    boolean taggedBeforePruneReturned = store.resolve("slow:1").isPresent();

    assertEquals("done", lines.readLine());
    assertEquals(0, writer.waitFor());
    assertTrue(taggedBeforePruneReturned,
        "the prune returned before the import (about 2 s) had tagged its image and let go");
    assertEquals(0, report.blobs(), "prune removed content: " + report);
    Descriptor image = store.resolve("slow:1").orElseThrow();
    for (Digest digest : new ImageReader(store.blobs()).closure(image).blobs()) {
      assertTrue(store.blobs().contains(digest) && store.blobs().verify(digest),
          "missing or corrupt after prune: " + digest);
    }
    assertEquals(ImageName.parse("slow:1"), store.list().get(0).name());
  }
}
