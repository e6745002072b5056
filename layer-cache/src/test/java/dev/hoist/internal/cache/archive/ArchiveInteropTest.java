package dev.hoist.internal.cache.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ExternalTools;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** save, load and the store's own layout against skopeo and umoci, the real tools. */
class ArchiveInteropTest {
  private static final Platform AMD64 = Platform.parse("linux/amd64");

  @TempDir Path dir;
  private ImageStore store;
  private Descriptor image;

  @BeforeEach
  void importAnImage() throws Exception {
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/greeting"), "hello from hoist\n");
    Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(Path.of("/bin/true"), rootfs.resolve("bin/true"));
    Files.createSymbolicLink(rootfs.resolve("bin/yes"), Path.of("true"));
    Path tar = dir.resolve("rootfs.tar");
    ExternalTools.output("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".");
    store = new ImageStore(new HoistHome(dir.resolve("home")));
    try (InputStream in = Files.newInputStream(tar)) {
      image = new RootfsImporter(store, LayerWriter.builder().build())
          .importTar(in, ImageName.parse("demo:1"), AMD64, Instant.parse("2024-01-01T00:00:00Z"));
    }
  }

  @Test
  void theStoreIsAnOciLayoutThatSkopeoAndUmociRead() throws Exception {
    ExternalTools.assumeAvailable("skopeo");
    ExternalTools.assumeAvailable("umoci");
    String layout = "oci:" + store.home().root() + ":docker.io/library/demo:1";
    String raw = ExternalTools.output("skopeo", "inspect", "--raw", layout);
    assertEquals(image.digest(), Digest.sha256(raw.getBytes(StandardCharsets.UTF_8)));
    Path bundle = dir.resolve("bundle");
    ExternalTools.output("umoci", "unpack", "--rootless", "--image",
        store.home().root() + ":docker.io/library/demo:1", bundle.toString());
    assertEquals("hello from hoist\n", Files.readString(bundle.resolve("rootfs/etc/greeting")));
    assertEquals(Path.of("true"), Files.readSymbolicLink(bundle.resolve("rootfs/bin/yes")));
  }

  @Test
  void ociArchiveRoundTripsThroughSkopeoWithIdenticalDigests() throws Exception {
    ExternalTools.assumeAvailable("skopeo");
    Path archive = dir.resolve("hoist-oci.tar");
    save(ArchiveFormat.OCI, archive);
    // skopeo reads hoist's archive and writes its own; both load back with the same digests
    String raw = ExternalTools.output("skopeo", "inspect", "--raw", "oci-archive:" + archive);
    assertEquals(image.digest(), Digest.sha256(raw.getBytes(StandardCharsets.UTF_8)));
    Path skopeoArchive = dir.resolve("skopeo-oci.tar");
    ExternalTools.output("skopeo", "copy", "-q", "oci-archive:" + archive,
        "oci-archive:" + skopeoArchive + ":skoci:3");
    ImageStore fresh = new ImageStore(new HoistHome(dir.resolve("fresh")));
    ArchiveLoader.Loaded loaded = load(fresh, skopeoArchive);
    assertEquals(List.of(ImageName.parse("skoci:3")), loaded.tags());
    assertEquals(image.digest(), fresh.resolve("skoci:3").orElseThrow().digest());
  }

  @Test
  void dockerArchiveFromSkopeoLoadsWithTheSameImageIdAndLayers() throws Exception {
    ExternalTools.assumeAvailable("skopeo");
    Path skopeoArchive = dir.resolve("skopeo-docker.tar");
    ExternalTools.output("skopeo", "copy", "-q", "oci:" + store.home().root() + ":docker.io/library/demo:1",
        "docker-archive:" + skopeoArchive + ":skdemo:2");
    ImageStore fresh = new ImageStore(new HoistHome(dir.resolve("fresh")));
    load(fresh, skopeoArchive);
    LocalImage original = new ImageReader(store.blobs()).image(image, AMD64);
    LocalImage loaded = new ImageReader(fresh.blobs())
        .image(fresh.resolve("skdemo:2").orElseThrow(), AMD64);
    assertEquals(original.id(), loaded.id());
    assertEquals(original.config().diffIds(), loaded.config().diffIds());
  }

  @Test
  void hoistDockerArchiveIsReadBySkopeo() throws Exception {
    ExternalTools.assumeAvailable("skopeo");
    Path archive = dir.resolve("hoist-docker.tar");
    save(ArchiveFormat.DOCKER, archive);
    JsonNode inspected = CanonicalJson.mapper().readTree(
        ExternalTools.output("skopeo", "inspect", "docker-archive:" + archive));
    LocalImage original = new ImageReader(store.blobs()).image(image, AMD64);
    assertEquals(original.config().diffIds().get(0).toString(),
        inspected.path("Layers").get(0).asText());
    String config = ExternalTools.output("skopeo", "inspect", "--config", "--raw",
        "docker-archive:" + archive);
    assertEquals(original.id(),
        Digest.sha256(config.getBytes(StandardCharsets.UTF_8)).toString());
    // and it loads back into hoist with the same image ID
    ImageStore fresh = new ImageStore(new HoistHome(dir.resolve("fresh")));
    load(fresh, archive);
    assertEquals(original.id(), new ImageReader(fresh.blobs())
        .image(fresh.resolve("demo:1").orElseThrow(), AMD64).id());
  }

  @Test
  void archiveWithAMissingBlobIsRejected() throws Exception {
    Path archive = dir.resolve("hoist-oci.tar");
    save(ArchiveFormat.OCI, archive);
    Path broken = dir.resolve("broken.tar");
    Path unpacked = dir.resolve("unpacked");
    Files.createDirectories(unpacked);
    ExternalTools.output("tar", "-C", unpacked.toString(), "-xf", archive.toString());
    Digest layer = new ImageReader(store.blobs()).image(image, AMD64).manifest().layers().get(0)
        .digest();
    Files.delete(unpacked.resolve("blobs/sha256/" + layer.hex()));
    ExternalTools.output("tar", "-C", unpacked.toString(), "-cf", broken.toString(), ".");
    ImageStore fresh = new ImageStore(new HoistHome(dir.resolve("fresh")));
    ArchiveException e = assertThrows(ArchiveException.class, () -> load(fresh, broken));
    assertTrue(e.getMessage().contains(layer.toString()), e.getMessage());
    assertTrue(fresh.list().isEmpty());
  }

  @Test
  void corruptBlobInAnArchiveIsRejected() throws Exception {
    Path archive = dir.resolve("hoist-oci.tar");
    save(ArchiveFormat.OCI, archive);
    Path unpacked = dir.resolve("unpacked");
    Files.createDirectories(unpacked);
    ExternalTools.output("tar", "-C", unpacked.toString(), "-xf", archive.toString());
    Path config = unpacked.resolve("blobs/sha256/" + new ImageReader(store.blobs())
        .image(image, AMD64).manifest().config().digest().hex());
    Files.writeString(config, Files.readString(config).replace("amd64", "arm64"));
    Path broken = dir.resolve("corrupt.tar");
    ExternalTools.output("tar", "-C", unpacked.toString(), "-cf", broken.toString(), ".");
    ImageStore fresh = new ImageStore(new HoistHome(dir.resolve("fresh")));
    ArchiveException e = assertThrows(ArchiveException.class, () -> load(fresh, broken));
    assertTrue(e.getMessage().contains("does not match its digest"), e.getMessage());
    assertTrue(fresh.list().isEmpty());
  }

  @Test
  void garbageIsRejectedAndLeavesNothing() throws Exception {
    ImageStore fresh = new ImageStore(new HoistHome(dir.resolve("fresh")));
    ArchiveException notTar = assertThrows(ArchiveException.class,
        () -> new ArchiveLoader(fresh).load(new ByteArrayInputStream(
            "this is not a tar archive, just text".getBytes(StandardCharsets.UTF_8))));
    assertTrue(notTar.getMessage().contains("tar"), notTar.getMessage());
    assertEquals(List.of(), fresh.blobs().list());
  }

  private void save(ArchiveFormat format, Path archive) throws Exception {
    try (OutputStream out = Files.newOutputStream(archive)) {
      new ArchiveWriter(store).write(List.of(new ArchiveWriter.Saved(
          ImageName.parse("demo:1"), image)), format, AMD64, out);
    }
  }

  private static ArchiveLoader.Loaded load(ImageStore target, Path archive) throws Exception {
    try (InputStream in = Files.newInputStream(archive)) {
      return new ArchiveLoader(target).load(in);
    }
  }
}
