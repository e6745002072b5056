package dev.hoist.internal.cache.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.image.ImageWriter;
import dev.hoist.cache.image.Layer;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive read as images: what {@link ArchiveTarget} wrote, {@link ArchiveImages} gives back
 * as an {@link Image} (docker save: a manifest made from the config and layer files) or the
 * saved manifest itself (OCI layout), which the one writer puts into a store like any image.
 */
class ArchiveImagesTest {
  private static final Platform AMD64 = Platform.parse("linux/amd64");

  @TempDir Path dir;

  @Test
  void aDockerArchiveEntryIsAnImageOfItsConfigAndUncompressedLayers() throws Exception {
    ImageStore source = store("source");
    Descriptor saved = importImage(source);
    LocalImage original = new ImageReader(source.blobs()).image(saved, AMD64);

    ImageStore target = store("target");
    ArchiveImages archive = ArchiveImages.stage(
        new ByteArrayInputStream(save(source, saved, ArchiveFormat.DOCKER)), target.blobs());
    List<ArchiveImages.Entry> entries = archive.entries();
    assertEquals(1, entries.size());
    assertEquals(List.of(ImageName.parse("demo:1")), entries.get(0).names());
    Image image = assertInstanceOf(Image.class, entries.get(0).artifact());
    assertEquals(MediaTypes.DOCKER_MANIFEST, image.descriptor().mediaType());
    assertEquals(original.config(), image.config());
    List<String> layers = new ArrayList<>();
    for (Layer layer : image.layers()) {
      layers.add(layer.mediaType() + " " + layer.diffId());
      assertEquals(layer.diffId(), layer.digest(), "docker save keeps layers uncompressed");
    }
    assertEquals(List.of(MediaTypes.DOCKER_LAYER + " " + original.config().diffIds().get(0)),
        layers);
    assertTrue(target.list().isEmpty(), "reading an archive tags nothing");

    new ImageWriter(1, ProgressListener.NONE).write(image,
        new StoreImages(target).target(ImageName.parse("demo:1")));
    assertEquals(original.id(), new ImageReader(target.blobs())
        .image(target.resolve("demo:1").orElseThrow(), AMD64).id());
  }

  @Test
  void anOciLayoutEntryIsTheSavedManifestByteForByte() throws Exception {
    ImageStore source = store("source");
    Descriptor saved = importImage(source);
    ImageStore target = store("target");
    ArchiveImages archive = ArchiveImages.stage(
        new ByteArrayInputStream(save(source, saved, ArchiveFormat.OCI)), target.blobs());
    ArchiveImages.Entry entry = archive.entries().get(0);
    assertEquals(List.of(ImageName.parse("demo:1")), entry.names());
    assertEquals(saved.digest(), entry.artifact().descriptor().digest());
    assertEquals(new String(source.blobs().read(saved.digest())),
        new String(entry.artifact().rawManifest()));
  }

  private ImageStore store(String name) throws Exception {
    ImageStore store = new ImageStore(new HoistHome(dir.resolve(name)));
    store.initialise();
    return store;
  }

  private static Descriptor importImage(ImageStore store) throws Exception {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    LayerWriter.builder().build().write(List.of(LayerEntry.file("etc/greeting", "hello\n")), tar);
    return new RootfsImporter(store, LayerWriter.builder().build()).importTar(
        new ByteArrayInputStream(tar.toByteArray()), ImageName.parse("demo:1"), AMD64,
        Instant.parse("2024-01-01T00:00:00Z"));
  }

  private static byte[] save(ImageStore store, Descriptor image, ArchiveFormat format)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ArchiveWriter(store).write(List.of(new ArchiveWriter.Saved(ImageName.parse("demo:1"),
        image)), format, AMD64, out);
    return out.toByteArray();
  }
}
