package dev.hoist.cli;

import dev.hoist.build.BuildCache;
import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.store.ContentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hoist system df}: disk use of the local store, as {@code docker system df}. Images
 * counts tagged and dangling images; ACTIVE and RECLAIMABLE are what a prune keeps and frees.
 */
@Command(name = "df", mixinStandardHelpOptions = true,
    description = "Show how much disk the local store uses, and how much a prune would free.")
final class SystemDfCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ImageStore store = LocalStore.open();
    ContentStore blobs = store.blobs();
    ImageReader reader = new ImageReader(blobs);
    // what a prune keeps: every index entry but the dangling images no container uses
    Set<Digest> prunable = new HashSet<>();
    DanglingImages.prunable(store).forEach(d -> prunable.add(d.digest()));
    Set<Digest> live = new HashSet<>();
    for (Descriptor entry : store.readIndex().manifests()) {
      if (!prunable.contains(entry.digest())) {
        live.addAll(reader.closure(entry).blobs());
      }
    }
    // the build cache's layers stay through a system prune (builder prune removes them)
    Set<Digest> cache = new BuildCache(store.home()).roots().blobs();
    live.addAll(cache);
    long total = 0;
    long reclaimable = 0;
    List<Digest> all = blobs.list();
    for (Digest digest : all) {
      long size = blobs.storedBytes(digest); // a built layer kept as its snapshot: its recipe
      total += size;
      if (!live.contains(digest)) {
        reclaimable += size;
      }
    }
    SnapshotUse snapshots = SnapshotUse.of(store.home().snapshots());
    Table table = new Table("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
    long tagged = store.list().stream().map(t -> t.manifest().digest()).distinct().count();
    long images = tagged + store.untagged().size();
    table.row("Images", Long.toString(images), Long.toString(images - prunable.size()),
        Sizes.human(total), Sizes.human(reclaimable));
    table.row("Blobs", Integer.toString(all.size()), Integer.toString(live.size()),
        Sizes.human(total), Sizes.human(reclaimable));
    long cacheBytes = 0;
    long cacheOnly = 0;
    Set<Digest> inImages = new HashSet<>();
    for (Descriptor entry : store.readIndex().manifests()) {
      inImages.addAll(reader.closure(entry).blobs());
    }
    for (Digest layer : cache) {
      long size = blobs.storedBytes(layer);
      cacheBytes += size;
      if (!inImages.contains(layer)) {
        cacheOnly += size;
      }
    }
    table.row("Build Cache", Integer.toString(cache.size()), "0", Sizes.human(cacheBytes),
        Sizes.human(cacheOnly));
    table.row("Layer snapshots", Long.toString(snapshots.count), "-",
        Sizes.human(snapshots.bytes),
        "-");
    table.print(spec.commandLine().getOut());
    return 0;
  }

  /** The snapshots and the bytes their files hold, from one walk. */
  private static final class SnapshotUse extends SimpleFileVisitor<Path> {
    private final Path root;
    private long count;
    private long bytes;

    private SnapshotUse(Path root) {
      this.root = root;
    }

    static SnapshotUse of(Path root) throws IOException {
      SnapshotUse use = new SnapshotUse(root);
      if (Files.isDirectory(root)) {
        Files.walkFileTree(root, use);
      }
      return use;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
      if (root.equals(dir.getParent())) {
        count++;
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
      if (attributes.isRegularFile()) {
        bytes += attributes.size();
      }
      return FileVisitResult.CONTINUE;
    }
  }
}
