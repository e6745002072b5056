package dev.hoist.internal.cache.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.internal.cache.snapshot.LayerRecipes;
import dev.hoist.internal.cache.snapshot.SnapshotStore;
import dev.hoist.internal.cache.store.BlobWriter;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.Privileges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection of layers kept as their snapshot alone (root: see LayerRecipesTest). */
class RecipeCollectionTest {
  @TempDir Path dir;

  private LayerResult buildLayer(ImageStore store) throws Exception {
    SnapshotStore snapshots = new SnapshotStore(store.home(), store.blobs());
    List<LayerEntry> entries = List.of(LayerEntry.directory("app"),
        LayerEntry.file("app/main", "echo hi\n".repeat(1000)));
    LayerResult layer = snapshots.unpackWhileWriting(tar -> {
      try (BlobWriter blob = store.blobs().writer()) {
        LayerResult written = LayerWriter.builder().build().write(entries, blob, tar);
        blob.commit();
        return written;
      }
    });
    assertTrue(Files.isRegularFile(new LayerRecipes(store.home()).path(layer.digest())),
        "the layer was not kept as a recipe");
    return layer;
  }

  @Test
  void aKeptRecipeKeepsItsSnapshotEvenWhenNoImageListsIt() throws Exception {
    Assumptions.assumeTrue(Privileges.isRoot(), "needs root (a snapshot with uid 0 files)");
    ImageStore store = new ImageStore(new HoistHome(dir));
    store.initialise();
    LayerResult layer = buildLayer(store);
    // the build cache keeps the blob; nothing names its snapshot
    new GarbageCollector(store).collect(Set.of(layer.digest()), Set.of());
    assertTrue(Files.isDirectory(store.home().snapshots().resolve(layer.diffId().hex())),
        "the snapshot the kept blob is made from was removed");
    assertTrue(store.blobs().verify(layer.digest()));
  }

  @Test
  void collectionRemovesARecipeWithItsSnapshot() throws Exception {
    Assumptions.assumeTrue(Privileges.isRoot(), "needs root (a snapshot with uid 0 files)");
    ImageStore store = new ImageStore(new HoistHome(dir));
    store.initialise();
    LayerResult layer = buildLayer(store);
    GarbageCollector.Report report = new GarbageCollector(store).collect(Set.of(), Set.of());
    assertEquals(1, report.blobs());
    assertEquals(1, report.snapshots());
    assertFalse(store.blobs().contains(layer.digest()));
    assertFalse(Files.exists(new LayerRecipes(store.home()).path(layer.digest())));
    assertFalse(Files.exists(store.home().snapshots().resolve(layer.diffId().hex())));
  }
}
