package dev.hoist.cli;

import dev.hoist.build.BuildCache;
import dev.hoist.cache.image.GarbageCollector;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.model.Digest;
import dev.hoist.runtime.ContainerStore;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Garbage collection as every command that removes something runs it: content no image
 * references goes, except the layers of the build cache (only {@code hoist builder prune} and
 * {@code system prune -a} remove those, as Docker keeps BuildKit's cache) and the layers
 * containers stand on.
 */
final class StoreGarbage {
  private StoreGarbage() {}

  static GarbageCollector.Report collect(ImageStore store) throws IOException {
    BuildCache.Roots cache = new BuildCache(store.home()).roots();
    Set<Digest> snapshots = new HashSet<>(cache.diffIds());
    snapshots.addAll(new ContainerStore(store.home()).layersInUse());
    return new GarbageCollector(store).collect(cache.blobs(), snapshots);
  }
}
