package dev.hoist.internal.cache.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.History;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.cache.store.HoistHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
  @TempDir Path dir;

  /** Stores a one-layer image (the layer is arbitrary bytes) and returns its manifest. */
  static Descriptor storeImage(ContentStore blobs, String layerText) throws Exception {
    byte[] layer = layerText.getBytes(StandardCharsets.UTF_8);
    Digest layerDigest = blobs.put(layer);
    ImageConfig config = ImageConfig.of(Platform.parse("linux/amd64"))
        .withConfig(ContainerConfig.builder().cmd(List.of("sh")).build())
        .plusLayer(layerDigest, History.layer("2024-01-01T00:00:00Z", "test"));
    byte[] configBytes = CanonicalJson.write(config);
    Descriptor configDescriptor = Descriptor.ofContent(MediaTypes.OCI_CONFIG, configBytes);
    blobs.put(configBytes);
    ImageManifest manifest = ImageManifest.of(MediaTypes.OCI_MANIFEST, configDescriptor,
        List.of(Descriptor.of(MediaTypes.OCI_LAYER, layerDigest, layer.length)));
    byte[] manifestBytes = CanonicalJson.write(manifest);
    blobs.put(manifestBytes);
    return Descriptor.ofContent(MediaTypes.OCI_MANIFEST, manifestBytes);
  }

  @Test
  void initialiseWritesAnOciLayout() throws Exception {
    ImageStore store = new ImageStore(new HoistHome(dir));
    store.initialise();
    assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(dir.resolve("oci-layout")));
    assertEquals("{\"manifests\":[],\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        + "\"schemaVersion\":2}", Files.readString(dir.resolve("index.json")));
    assertTrue(Files.isDirectory(dir.resolve("blobs/sha256")));
  }

  @Test
  void tagListResolveUntag() throws Exception {
    ImageStore store = new ImageStore(new HoistHome(dir));
    store.initialise();
    Descriptor one = storeImage(store.blobs(), "one");
    Descriptor two = storeImage(store.blobs(), "two");
    store.tag(ImageName.parse("app:1"), one);
    store.tag(ImageName.parse("app:latest"), one);
    store.tag(ImageName.parse("localhost:5000/other"), two);
    assertEquals(List.of("app:1", "app:latest", "localhost:5000/other:latest"),
        store.list().stream().map(i -> i.name().familiar()).toList());
    assertEquals(one.digest(), store.resolve("app:1").orElseThrow().digest());
    assertEquals(one.digest(), store.resolve("app").orElseThrow().digest());
    assertEquals(two.digest(), store.resolve(two.digest().hex().substring(0, 12))
        .orElseThrow().digest());
    assertTrue(store.resolve("missing").isEmpty());

    // re-tagging moves the tag
    store.tag(ImageName.parse("app:1"), two);
    assertEquals(two.digest(), store.resolve("app:1").orElseThrow().digest());
    assertEquals(3, store.list().size());

    assertTrue(store.untag(ImageName.parse("app:1")));
    assertFalse(store.untag(ImageName.parse("app:1")));
    assertEquals(2, store.list().size());
    String index = Files.readString(dir.resolve("index.json"));
    assertTrue(index.contains("\"org.opencontainers.image.ref.name\":"
        + "\"docker.io/library/app:latest\""), index);
  }

  @Test
  void imageIdsAreTheConfigDigestsAndFindUntaggedImagesToo() throws Exception {
    ImageStore store = new ImageStore(new HoistHome(dir));
    store.initialise();
    Descriptor tagged = storeImage(store.blobs(), "tagged");
    Descriptor untagged = storeImage(store.blobs(), "untagged");
    store.tag(ImageName.parse("app:1"), tagged);
    store.keepUntagged(untagged);
    ImageReader reader = new ImageReader(store.blobs());
    String id = reader.image(tagged, Platform.host()).id(); // as hoist images shows it
    assertEquals(tagged.digest(), store.resolve(id).orElseThrow().digest());
    assertEquals(tagged.digest(), store.resolve(id.substring(7, 19)).orElseThrow().digest());
    String untaggedId = reader.image(untagged, Platform.host()).id();
    assertEquals(untagged.digest(), store.resolve(untaggedId).orElseThrow().digest());
    assertEquals(untagged.digest(),
        store.resolve(untagged.digest().toString()).orElseThrow().digest());
    assertTrue(store.resolve("0000000000aa").isEmpty());
  }

  @Test
  void anUntaggedEntryKeepsItsNoteAndIsFoundByIt() throws Exception {
    ImageStore store = new ImageStore(new HoistHome(dir));
    store.initialise();
    Descriptor base = storeImage(store.blobs(), "arm64 base");
    Map<String, String> note = Map.of("dev.hoist.base.name", "reg/bb:1",
        "dev.hoist.base.platform", "linux/arm64");
    assertTrue(store.untaggedWith(note).isEmpty());
    store.keepUntagged(base); // as a pull without a name keeps it
    store.keepUntagged(base, note); // the note replaces the bare entry
    store.keepUntagged(base, note); // once
    assertEquals(1, store.readIndex().manifests().size());
    assertEquals(base.digest(), store.untaggedWith(Map.of("dev.hoist.base.name", "reg/bb:1"))
        .orElseThrow().digest());
    assertTrue(store.untaggedWith(Map.of("dev.hoist.base.name", "reg/other:1")).isEmpty());
    assertEquals(List.of(base.digest()),
        store.untagged().stream().map(Descriptor::digest).toList());
    assertThrows(IllegalArgumentException.class, () -> store.keepUntagged(base,
        Map.of(ImageStore.REF_NAME, "bb:1")));
    // gone with its entry: nothing is found by a note whose image was removed
    assertTrue(store.removeUntagged(base.digest()));
    assertTrue(store.untaggedWith(note).isEmpty());
  }

  @Test
  void untaggedImagesAreListedAndRemovedByManifestDigest() throws Exception {
    HoistHome home = new HoistHome(dir);
    ImageStore store = new ImageStore(home);
    store.initialise();
    Descriptor tagged = storeImage(store.blobs(), "tagged");
    Descriptor first = storeImage(store.blobs(), "first");
    Descriptor second = storeImage(store.blobs(), "second");
    store.tag(ImageName.parse("app:1"), tagged);
    store.keepUntagged(first);
    store.keepUntagged(second);
    store.keepUntagged(first); // kept once
    store.keepUntagged(tagged); // tagged already: not dangling
    assertEquals(List.of(first.digest(), second.digest()),
        store.untagged().stream().map(Descriptor::digest).toList());
    assertEquals(List.of("app:1"), store.list().stream().map(i -> i.name().familiar()).toList());

    assertTrue(store.removeUntagged(first.digest()));
    assertFalse(store.removeUntagged(first.digest()));
    assertFalse(store.removeUntagged(tagged.digest()), "a tag is not an untagged entry");
    assertEquals(List.of(second.digest()),
        store.untagged().stream().map(Descriptor::digest).toList());
    assertTrue(store.resolve("app:1").isPresent());

    // tagging a dangling image makes it a tagged one: untagging it then leaves nothing behind
    store.tag(ImageName.parse("second:1"), second);
    assertEquals(List.of(), store.untagged());
    assertTrue(store.untag(ImageName.parse("second:1")));
    assertEquals(List.of(), store.untagged());

    // several at once (a multi-platform build's images); nothing to remove: no write
    store.keepUntagged(first);
    store.keepUntagged(second);
    assertTrue(store.removeUntagged(List.of(first.digest(), second.digest(), first.digest())));
    assertEquals(List.of(), store.untagged());
    Object written = Files.readAttributes(home.index(), BasicFileAttributes.class).fileKey();
    assertFalse(store.removeUntagged(List.of(first.digest(), tagged.digest())));
    assertEquals(written, Files.readAttributes(home.index(), BasicFileAttributes.class)
        .fileKey(), "index.json is not rewritten");
    assertEquals(1, store.readIndex().manifests().size());

    GarbageCollector.Report report = new GarbageCollector(store).collect(Set.of(), Set.of());
    assertEquals(6, report.blobs(), "manifest, config and layer of the two removed images");
    assertTrue(store.blobs().contains(tagged.digest()));
  }

  @Test
  void taggingContentThatIsNotStoredFails() throws Exception {
    ImageStore store = new ImageStore(new HoistHome(dir));
    Descriptor ghost = Descriptor.ofContent(MediaTypes.OCI_MANIFEST, "{}".getBytes());
    assertThrows(java.io.IOException.class, () -> store.tag(ImageName.parse("x"), ghost));
  }

  @Test
  void readsThePlatformImage() throws Exception {
    ImageStore store = new ImageStore(new HoistHome(dir));
    Descriptor manifest = storeImage(store.blobs(), "layer");
    LocalImage image = new ImageReader(store.blobs()).image(manifest,
        Platform.parse("linux/amd64"));
    assertEquals(List.of("sh"), image.config().config().cmd());
    assertEquals(1, image.manifest().layers().size());
  }

  @Test
  void garbageCollectionKeepsEverythingReferenced() throws Exception {
    HoistHome home = new HoistHome(dir);
    ImageStore store = new ImageStore(home);
    store.initialise();
    Descriptor kept = storeImage(store.blobs(), "kept");
    Descriptor dropped = storeImage(store.blobs(), "dropped");
    store.tag(ImageName.parse("kept"), kept);
    Digest loose = store.blobs().put("loose".getBytes());
    ImageReader reader = new ImageReader(store.blobs());
    Digest keptDiffId = reader.image(kept, Platform.parse("linux/amd64")).config().diffIds()
        .get(0);
    Files.createDirectories(home.snapshots().resolve(keptDiffId.hex()));
    Files.createDirectories(home.snapshots().resolve("f".repeat(64)).resolve("usr/bin"));
    Files.writeString(home.blobs().resolve("sha256/.tmp-dead-writer"), "partial");

    GarbageCollector.Report report = new GarbageCollector(store).collect(Set.of(), Set.of());

    assertEquals(4, report.blobs(), "dropped manifest, config, layer and the loose blob");
    assertEquals(1, report.snapshots());
    assertEquals(1, report.temporaryFiles());
    for (Digest digest : reader.closure(kept).blobs()) {
      assertTrue(store.blobs().contains(digest), "referenced blob removed: " + digest);
    }
    assertFalse(store.blobs().contains(dropped.digest()));
    assertFalse(store.blobs().contains(loose));
    assertTrue(Files.isDirectory(home.snapshots().resolve(keptDiffId.hex())));
    assertFalse(Files.exists(home.snapshots().resolve("f".repeat(64))));
  }
}
