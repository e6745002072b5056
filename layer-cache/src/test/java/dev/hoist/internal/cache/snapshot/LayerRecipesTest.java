package dev.hoist.internal.cache.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.BlobRegenerationException;
import dev.hoist.internal.cache.store.BlobWriter;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.Privileges;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers hoist writes itself are kept as their snapshot alone and made again, byte for byte,
 * when read; a snapshot that no longer gives them fails before the last byte (root: a snapshot
 * keeps the entries' owners only when extracted as root).
 */
class LayerRecipesTest {
  private static final Instant CLAMP = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir Path dir;
  private HoistHome home;
  private ContentStore blobs;
  private SnapshotStore snapshots;
  private byte[] random;

  @BeforeEach
  void setUp() {
    Assumptions.assumeTrue(Privileges.isRoot(),
        "needs root: a snapshot keeps its entries' owners (uid 0) only when unpacked as root");
    home = new HoistHome(dir.resolve("home"));
    blobs = new ContentStore(home);
    snapshots = new SnapshotStore(home, blobs);
    random = new byte[5 << 20]; // above the parallel gzip threshold, incompressible (stored)
    new Random(11).nextBytes(random);
  }

  private List<LayerEntry> entries() {
    List<LayerEntry> entries = new ArrayList<>(List.of(
        LayerEntry.directory("data").withMtime(Instant.ofEpochSecond(1000)),
        LayerEntry.file("data/random", random).withMode(0600).withOwner(1000, 1000),
        LayerEntry.file("data/text", "hello\n".repeat(100_000))
            .withXattr("user.note", "kept".getBytes(StandardCharsets.UTF_8)),
        LayerEntry.hardlink("data/text-again", "data/text"),
        LayerEntry.symlink("data/link", "text"),
        LayerEntry.directory("empty").withMode(01777)));
    return entries;
  }

  private LayerWriter writer() {
    return LayerWriter.builder().clampMtime(CLAMP).build();
  }

  /** Writes the layer as a COPY step does: the blob, its snapshot unpacked from the tar. */
  private LayerResult build(List<LayerEntry> entries) throws Exception {
    return snapshots.unpackWhileWriting(tar -> {
      try (BlobWriter blob = blobs.writer()) {
        LayerResult written = writer().write(entries, blob, tar);
        blob.commit();
        return written;
      }
    });
  }

  private static byte[] readAll(InputStream in) throws Exception {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void aBuiltLayerIsKeptAsItsSnapshotAndReadBackByteForByte() throws Exception {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    writer().write(entries(), expected);
    LayerResult layer = build(entries());
    Digest digest = layer.digest();

    assertFalse(Files.exists(blobs.path(digest)), "the compressed blob is still on disk");
    assertTrue(Files.isRegularFile(new LayerRecipes(home).path(digest)));
    assertTrue(blobs.contains(digest));
    assertEquals(layer.size(), blobs.size(digest).orElseThrow());
    assertEquals(1, blobs.list().stream().filter(digest::equals).count());
    assertArrayEquals(expected.toByteArray(), readAll(blobs.open(digest)));
    byte[] tail = Arrays.copyOfRange(expected.toByteArray(), 1_000_000, expected.size());
    assertArrayEquals(tail, readAll(blobs.open(digest, 1_000_000)), "a resumed upload's bytes");
    assertTrue(blobs.verify(digest));
    ContentStore.Usage usage = blobs.usage();
    assertEquals(1, usage.recipes());
    assertEquals(layer.size(), usage.recipeBlobBytes());
    assertTrue(usage.bytes() < 1000, "the recipe takes " + usage.bytes() + " bytes");
  }

  @Test
  void aSnapshotChangedInPlaceFailsBeforeTheLastByteEvenForAReaderOfExactlyItsSize()
      throws Exception {
    LayerResult layer = build(entries());
    Path file = snapshots.path(layer.diffId()).resolve("data/random");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(3 << 20);
      raf.write(random[3 << 20] ^ 0xff); // one byte: the (stored) blob keeps its length
    }
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(CLAMP));
    try (InputStream in = blobs.open(layer.digest())) {
      // as a tar writer or an HTTP body of a known length reads: exactly size bytes, no EOF
      BlobRegenerationException e = assertThrows(BlobRegenerationException.class,
          () -> in.readNBytes((int) layer.size()));
      assertTrue(e.getMessage().contains("cannot be made again byte for byte")
          && e.getMessage().contains("files changed after the layer was built"), e.getMessage());
    }
    assertFalse(blobs.verify(layer.digest()));
  }

  @Test
  void aCompressorThatNowWritesOtherBytesIsReportedWithTheContentIntact() throws Exception {
    LayerResult layer = build(entries());
    LayerRecipes recipes = new LayerRecipes(home);
    LayerRecipe recipe = recipes.read(layer.digest()).orElseThrow();
    LayerRecipe otherZlib = new LayerRecipe(recipe.version(), recipe.digest(), recipe.size(),
        recipe.mediaType(), recipe.diffId(), recipe.tarSize(), recipe.compression(), 1,
        recipe.parallel(), recipe.blockSize(), recipe.parallelThreshold(),
        recipe.clampEpochSecond(), recipe.writer());
    Files.write(recipes.path(layer.digest()), CanonicalJson.write(otherZlib));
    BlobRegenerationException e = assertThrows(BlobRegenerationException.class,
        () -> readAll(blobs.open(layer.digest())));
    assertTrue(e.getMessage().contains("Its content is intact (diffID " + layer.diffId())
        && e.getMessage().contains("hoist build --no-cache"), e.getMessage());
  }

  @Test
  void aMissingSnapshotIsAClearErrorOnOpen() throws Exception {
    LayerResult layer = build(entries());
    dev.hoist.internal.cache.store.Trees.delete(snapshots.path(layer.diffId()));
    BlobRegenerationException e = assertThrows(BlobRegenerationException.class,
        () -> blobs.open(layer.digest()));
    assertTrue(e.getMessage().contains("which is missing"), e.getMessage());
  }

  @Test
  void aLayerItsSnapshotDoesNotGiveAgainKeepsItsBlob() throws Exception {
    // no entry for the parent "implicit": the extractor makes it, so the snapshot has one more
    LayerResult layer = build(List.of(LayerEntry.file("implicit/file", "x")));
    assertTrue(Files.isRegularFile(blobs.path(layer.digest())));
    assertFalse(Files.exists(new LayerRecipes(home).path(layer.digest())));
    assertTrue(blobs.verify(layer.digest()));
  }

  @Test
  void keepLayerBlobsKeepsABuiltLayersBlobAsItIs() throws Exception {
    snapshots = snapshots.keepingLayerBlobs(LayerRecipes.keepBlobs(
        Map.of(LayerRecipes.KEEP_BLOBS_VARIABLE, "1")));
    LayerResult layer = build(entries());
    assertTrue(Files.isRegularFile(blobs.path(layer.digest())));
    assertFalse(Files.exists(new LayerRecipes(home).path(layer.digest())));
  }

  @Test
  void aBlobAndItsRecipeBothPresentAfterACrashReadTheFileAndListOnce() throws Exception {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    LayerResult layer = build(entries());
    writer().write(entries(), expected);
    // the moment between writing the recipe and removing the blob file
    Files.write(blobs.path(layer.digest()), expected.toByteArray());
    assertEquals(1, blobs.list().stream().filter(layer.digest()::equals).count());
    assertArrayEquals(expected.toByteArray(), readAll(blobs.open(layer.digest())));
    assertTrue(blobs.delete(layer.digest()));
    assertFalse(blobs.contains(layer.digest()), "delete removes the file and the recipe");
  }
}
