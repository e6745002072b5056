package dev.hoist.internal.cache.images;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.snapshot.LayerRecipes;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.internal.cache.store.Trees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Removes what no tag references: blobs outside every tagged image's closure, snapshots of
 * layers no tagged image uses (but never the snapshot a kept blob is made again from: a layer
 * kept as its recipe), and temporary files left by writers that died. It runs holding
 * {@link StoreLock#GC} exclusively, so no other hoist process is writing meanwhile: whatever a
 * writer stores becomes referenced before the writer lets go of its shared hold.
 */
public final class GarbageCollector {
  private final HoistHome home;
  private final ImageStore images;
  private final ContentStore blobs;
  private final ImageReader reader;

  public GarbageCollector(ImageStore images) {
    this.home = images.home();
    this.images = images;
    this.blobs = images.blobs();
    this.reader = new ImageReader(blobs);
  }

  /** What a collection removed. */
  public record Report(int blobs, int snapshots, int temporaryFiles, long bytes) {}

  /**
   * Collects garbage. {@code extraBlobRoots} and {@code extraSnapshotRoots} keep content that
   * something other than a tag uses (the build cache, containers).
   */
  public Report collect(Set<Digest> extraBlobRoots, Set<Digest> extraSnapshotRoots)
      throws IOException {
    try (StoreLock.Held gc = new StoreLock(home, StoreLock.GC).exclusive()) {
      Set<Digest> liveBlobs = new HashSet<>(extraBlobRoots);
      Set<String> liveSnapshots = new HashSet<>();
      extraSnapshotRoots.forEach(d -> liveSnapshots.add(d.hex()));
      for (Descriptor tagged : images.readIndex().manifests()) {
        ImageReader.Closure closure = reader.closure(tagged);
        liveBlobs.addAll(closure.blobs());
        for (Digest config : closure.configs()) {
          if (blobs.contains(config)) {
            reader.config(config).diffIds().forEach(d -> liveSnapshots.add(d.hex()));
          }
        }
      }
      int removedBlobs = 0;
      long bytes = 0;
      for (Digest digest : blobs.list()) {
        if (!liveBlobs.contains(digest)) {
          bytes += blobs.storedBytes(digest);
          if (blobs.delete(digest)) {
            removedBlobs++;
          }
        } else if (blobs.recipes() instanceof LayerRecipes recipes) {
          recipes.snapshotOf(digest).ifPresent(d -> liveSnapshots.add(d.hex()));
        }
      }
      int temps = removeTemporaryFiles(home.blobs().resolve("sha256"))
          + removeTemporaryFiles(home.recipes().resolve("sha256"));
      int removedSnapshots = 0;
      if (Files.isDirectory(home.snapshots())) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(home.snapshots())) {
          for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            if (name.startsWith(AtomicFiles.TEMP_PREFIX)) {
              bytes += Trees.delete(dir);
              temps++;
            } else if (!liveSnapshots.contains(name)) {
              bytes += Trees.delete(dir);
              removedSnapshots++;
            }
          }
        }
      }
      return new Report(removedBlobs, removedSnapshots, temps, bytes);
    }
  }

  private static int removeTemporaryFiles(Path dir) throws IOException {
    int removed = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
        AtomicFiles.TEMP_PREFIX + "*")) {
      for (Path file : files) {
        Files.deleteIfExists(file);
        removed++;
      }
    }
    return removed;
  }
}
