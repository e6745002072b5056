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

    long start = System.nanoTime();
    GarbageCollector.Report report = new GarbageCollector(store).collect(Set.of(), Set.of());
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;

    assertEquals("done", lines.readLine());
    assertEquals(0, writer.waitFor());
    assertTrue(waitedMillis >= 500, "prune ran after " + waitedMillis
        + " ms, while the import (about 2 s) still held its lock");
    assertEquals(0, report.blobs(), "prune removed content: " + report);
    Descriptor image = store.resolve("slow:1").orElseThrow();
    for (Digest digest : new ImageReader(store.blobs()).closure(image).blobs()) {
      assertTrue(store.blobs().contains(digest) && store.blobs().verify(digest),
          "missing or corrupt after prune: " + digest);
    }
    assertEquals(ImageName.parse("slow:1"), store.list().get(0).name());
  }
}
