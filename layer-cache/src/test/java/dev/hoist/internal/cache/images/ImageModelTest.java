package dev.hoist.internal.cache.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Blob;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageTarget;
import dev.hoist.cache.image.ImageWriter;
import dev.hoist.cache.image.Index;
import dev.hoist.cache.image.Layer;
import dev.hoist.cache.image.Mutate;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.History;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image model over the local store: mutations, the writer, and the store as a target. */
class ImageModelTest {
  @TempDir Path dir;

  private ImageStore store;
  private StoreImages images;

  @BeforeEach
  void setUp() throws IOException {
    store = new ImageStore(new HoistHome(dir));
    store.initialise();
    images = new StoreImages(store);
  }

  private Image stored(String layerText) throws Exception {
    Descriptor d = ImageStoreTest.storeImage(store.blobs(), layerText);
    return (Image) images.artifact(d, layerText);
  }

  private static List<Digest> digests(Image image) throws IOException {
    return image.layers().stream().map(Layer::digest).toList();
  }

  @Test
  void mutationsMakeNewImagesThatTheWriterStoresAndLeaveTheSourceAlone() throws Exception {
    Image base = stored("base");
    Image extra = stored("extra");
    Image changed = Mutate.platform(Mutate.config(
        Mutate.appendLayers(base, extra.layers(), History.layer("2024-01-02T00:00:00Z", "ADD extra")),
        c -> c.withConfig(c.config().toBuilder().env(List.of("A=1")).build())),
        Platform.parse("linux/arm64/v8"));

    new ImageWriter(2, ProgressListener.NONE).write(changed, images.target(ImageName.parse("app:mutated")));

    LocalImage read = new ImageReader(store.blobs())
        .image(store.resolve("app:mutated").orElseThrow(), Platform.parse("linux/arm64/v8"));
    assertEquals(List.of(base.layers().get(0).digest(), extra.layers().get(0).digest()),
        read.manifest().layers().stream().map(Descriptor::digest).toList());
    assertEquals(List.of(base.layers().get(0).diffId(), extra.layers().get(0).diffId()),
        read.config().diffIds());
    assertEquals(List.of("A=1"), read.config().config().env());
    assertEquals("arm64", read.config().architecture());
    assertEquals("v8", read.config().variant());
    assertEquals(changed.descriptor().digest(), read.manifestDescriptor().digest());
    // the source image is a value: unchanged
    assertEquals(1, base.layers().size());
    assertEquals("amd64", base.config().architecture());
    assertEquals(List.of("sh"), base.config().config().cmd());
  }

  @Test
  void configEditsCannotChangeTheLayers() throws Exception {
    Image base = stored("base");
    assertThrows(IllegalArgumentException.class,
        () -> Mutate.config(base, c -> c.withDiffIds(List.of())));
  }

  @Test
  void rebaseReplacesTheOldBaseLayersAndHistoryWithTheNewBases() throws Exception {
    Image oldBase = stored("old base");
    Image newBase = stored("new base");
    Image top = stored("app layer");
    Image app = Mutate.config(Mutate.appendLayers(oldBase, top.layers(), History.layer(null, "COPY app")),
        c -> c.withConfig(ContainerConfig.builder().entrypoint(List.of("/app")).build()));

    Image rebased = Mutate.rebase(app, oldBase, newBase);

    assertEquals(List.of(newBase.layers().get(0).digest(), top.layers().get(0).digest()), digests(rebased));
    assertEquals(List.of(newBase.layers().get(0).diffId(), top.layers().get(0).diffId()),
        rebased.config().diffIds());
    assertEquals(List.of("/app"), rebased.config().config().entrypoint());
    assertEquals(List.of("test", "COPY app"),
        rebased.config().history().stream().map(History::createdBy).toList());
    assertThrows(IllegalArgumentException.class, () -> Mutate.rebase(app, newBase, oldBase));
  }

  /** A target that only records what the writer asks of it. */
  private static final class Recording implements ImageTarget {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Digest> has;

    Recording(List<Digest> has) {
      this.has = has;
    }

    @Override
    public boolean hasBlob(Descriptor blob) {
      return has.contains(blob.digest());
    }

    @Override
    public String alreadyThere() {
      return "there";
    }

    @Override
    public String writeBlob(Blob blob, ProgressListener listener) {
      calls.add("blob " + blob.digest().shortHex());
      return "written";
    }

    @Override
    public void writeManifest(Artifact artifact, boolean root) throws IOException {
      calls.add((root ? "root " : "child ") + artifact.descriptor().digest().shortHex());
    }
  }

  @Test
  void theWriterSkipsBlobsTheTargetHasAndWritesChildrenBeforeTheirIndex() throws Exception {
    Image one = stored("one");
    Image two = stored("two");
    Descriptor missing = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[] {1}), 1);
    byte[] indexBytes = CanonicalJson.write(ImageIndex.of(MediaTypes.OCI_INDEX, List.of(
        one.descriptor().withPlatform(Platform.parse("linux/amd64")),
        two.descriptor().withPlatform(Platform.parse("linux/arm64")))));
    store.blobs().put(indexBytes);
    Artifact index = images.artifact(Descriptor.ofContent(MediaTypes.OCI_INDEX, indexBytes), "multi");
    assertInstanceOf(Index.class, index);

    Recording target = new Recording(List.of(one.configBlob().digest()));
    List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
    new ImageWriter(4, new ProgressListener() {
      @Override
      public void finished(Descriptor blob, String outcome) {
        outcomes.add(outcome);
      }
    }).write(index, target);

    List<String> expected = List.of(
        "blob " + one.layers().get(0).digest().shortHex(), "child " + one.descriptor().digest().shortHex(),
        "blob " + two.configBlob().digest().shortHex(), "blob " + two.layers().get(0).digest().shortHex(),
        "child " + two.descriptor().digest().shortHex(), "root " + index.descriptor().digest().shortHex());
    assertEquals(expected.subList(0, 2), target.calls.subList(0, 2));
    assertEquals(expected.subList(4, 6), target.calls.subList(4, 6));
    assertTrue(target.calls.containsAll(expected), target.calls.toString());
    assertEquals(6, target.calls.size());
    assertEquals(1, Collections.frequency(outcomes, "there"));
    assertEquals(3, Collections.frequency(outcomes, "written"));

    // an index naming a platform the store does not hold cannot be written whole
    byte[] partialBytes = CanonicalJson.write(ImageIndex.of(MediaTypes.OCI_INDEX, List.of(
        one.descriptor(), missing.withPlatform(Platform.parse("linux/s390x")))));
    store.blobs().put(partialBytes);
    Artifact partial = images.artifact(Descriptor.ofContent(MediaTypes.OCI_INDEX, partialBytes), "partial");
    IOException e = assertThrows(IOException.class,
        () -> new ImageWriter(1, ProgressListener.NONE).write(partial, new Recording(List.of())));
    assertTrue(e.getMessage().contains("pull or build every platform first"), e.getMessage());
    assertTrue(e.getMessage().contains("linux/s390x"), e.getMessage());
  }

  /** An image whose config names no platform is an index entry without one, not an error. */
  @Test
  void anIndexOverAnImageWithoutAPlatformHasAnEntryWithoutOne() throws Exception {
    Image one = stored("one");
    Image bare = Mutate.config(stored("bare"), c -> new dev.hoist.cache.model.ImageConfig(
        c.created(), c.author(), null, null, null, null, null, c.config(), c.rootfs(),
        c.history(), c.unknownFields()));
    Index index = Mutate.index(List.of(one, bare));
    ImageIndex written = CanonicalJson.read(index.rawManifest(), ImageIndex.class, "index");
    assertEquals("linux/amd64", written.manifests().get(0).platform().toString());
    assertEquals(bare.descriptor().digest(), written.manifests().get(1).digest());
    assertEquals(null, written.manifests().get(1).platform());
  }

  @Test
  void theStoreTargetTagsTheRootAndChoosesThePlatformFromAnIndex() throws Exception {
    Image one = stored("one");
    Image two = stored("two");
    byte[] indexBytes = CanonicalJson.write(ImageIndex.of(MediaTypes.OCI_INDEX, List.of(
        one.descriptor().withPlatform(Platform.parse("linux/amd64")),
        two.descriptor().withPlatform(Platform.parse("linux/arm64/v8")))));
    store.blobs().put(indexBytes);
    Descriptor indexDescriptor = Descriptor.ofContent(MediaTypes.OCI_INDEX, indexBytes);

    Image arm = images.image(indexDescriptor, Platform.parse("linux/arm64"));
    assertEquals(two.descriptor().digest(), arm.descriptor().digest());
    IOException none = assertThrows(IOException.class,
        () -> images.image(indexDescriptor, Platform.parse("linux/riscv64")));
    assertTrue(none.getMessage().contains("has no variant for linux/riscv64"), none.getMessage());

    new ImageWriter(1, ProgressListener.NONE).write(images.artifact(indexDescriptor, "multi"),
        images.target(ImageName.parse("multi:1")));
    assertEquals(indexDescriptor.digest(), store.resolve("multi:1").orElseThrow().digest());
  }
}
