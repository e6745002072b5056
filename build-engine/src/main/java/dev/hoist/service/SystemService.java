package dev.hoist.service;

import dev.hoist.build.BuildCache;
import dev.hoist.cache.image.GarbageCollector;
import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.TaggedImage;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.store.ContentStore;
import dev.hoist.runtime.ContainerStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The store as a whole: what a prune removes ({@link #prune}, {@link #pruneBuildCache}) and
 * what the store holds and a prune would free ({@link #diskUsage}).
 */
public final class SystemService {
  private final ImageService images;

  SystemService(ImageService images) {
    this.images = images;
  }

  /**
   * What {@link #prune} removed: the tags ({@code all} only), the dangling images (their IDs),
   * the build-cache entries ({@code all} only), and the garbage collection.
   */
  public record PruneReport(List<String> untagged, List<String> deletedImages,
      List<String> buildCache, GarbageCollector.Report garbage) {}

  /**
   * Removes the dangling images no container uses (with {@code all}: every image no container
   * uses, and the whole build cache), then the content no image and no build-cache entry
   * references, and files left by interrupted writes.
   */
  public PruneReport prune(boolean all) throws IOException {
    ImageStore store = images.store();
    ImageReader reader = new ImageReader(store.blobs());
    Set<Digest> inUse = new ContainerStore(store.home()).imagesInUse();
    List<String> untagged = new ArrayList<>();
    if (all) {
      for (TaggedImage tagged : store.list()) {
        if (Collections.disjoint(reader.closure(tagged.manifest()).configs(), inUse)
            && store.untag(tagged.name())) {
          untagged.add(tagged.name().familiar());
        }
      }
    }
    List<String> deleted = new ArrayList<>();
    for (Descriptor dangling : images.prunableDangling()) {
      String id = images.imageId(dangling);
      if (store.removeUntagged(dangling.digest())) {
        deleted.add(id);
      }
    }
    List<String> cache = all ? new BuildCache(store.home()).prune(true, null, Set.of())
        : List.of();
    return new PruneReport(untagged, deleted, cache, images.collectGarbage());
  }

  /** What {@link #pruneBuildCache} removed: the entries, and the garbage collection. */
  public record BuildCachePruneReport(List<String> removed, GarbageCollector.Report garbage) {}

  /**
   * Removes build-cache entries: the dangling ones (layers no image uses), with {@code all}
   * every one; only those unused since {@code olderThan} when it is not null.
   */
  public BuildCachePruneReport pruneBuildCache(boolean all, Instant olderThan)
      throws IOException {
    ImageStore store = images.store();
    List<String> removed = new BuildCache(store.home()).prune(all, olderThan,
        imageLayers(store));
    return new BuildCachePruneReport(removed, images.collectGarbage());
  }

  /** The layer blobs of every image, tagged or dangling. */
  private static Set<Digest> imageLayers(ImageStore store) throws IOException {
    ImageReader reader = new ImageReader(store.blobs());
    Set<Digest> layers = new HashSet<>();
    for (Descriptor image : store.readIndex().manifests()) {
      layers.addAll(reader.closure(image).blobs());
    }
    return layers;
  }

  private static Usage snapshots(ImageStore store) throws IOException {
    SnapshotUse use = SnapshotUse.of(store.home().snapshots());
    return new Usage(use.count(), 0, use.bytes(), 0);
  }

  /** A kind of thing the store holds: how many, how many a prune keeps, bytes, bytes freed. */
  public record Usage(long total, long active, long bytes, long reclaimable) {}

  /**
   * What {@code system df} shows: images, blobs, build cache, and the unpacked layer snapshots
   * (how many and their bytes; a prune's part in them is not counted).
   */
  public record DiskUsage(Usage images, Usage blobs, Usage buildCache, Usage snapshots) {}

  /**
   * What the store holds and what a system prune would free: a prune keeps every image but the
   * dangling ones no container uses, and the build cache's layers (a build-cache prune removes
   * those; what only the cache holds is its reclaimable part).
   */
  public DiskUsage diskUsage() throws IOException {
    ImageStore store = images.store();
    ContentStore blobs = store.blobs();
    ImageReader reader = new ImageReader(blobs);
    Set<Digest> prunable = new HashSet<>();
    images.prunableDangling().forEach(d -> prunable.add(d.digest()));
    Set<Digest> live = new HashSet<>();
    Set<Digest> inImages = new HashSet<>();
    for (Descriptor entry : store.readIndex().manifests()) {
      List<Digest> closure = reader.closure(entry).blobs();
      inImages.addAll(closure);
      if (!prunable.contains(entry.digest())) {
        live.addAll(closure);
      }
    }
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
    long tagged = store.list().stream().map(t -> t.manifest().digest()).distinct().count();
    long imageCount = tagged + store.untagged().size();
    long cacheBytes = 0;
    long cacheOnly = 0;
    for (Digest layer : cache) {
      long size = blobs.storedBytes(layer);
      cacheBytes += size;
      if (!inImages.contains(layer)) {
        cacheOnly += size;
      }
    }
    return new DiskUsage(
        new Usage(imageCount, imageCount - prunable.size(), total, reclaimable),
        new Usage(all.size(), live.size(), total, reclaimable),
        new Usage(cache.size(), 0, cacheBytes, cacheOnly),
        snapshots(store));
  }
}
