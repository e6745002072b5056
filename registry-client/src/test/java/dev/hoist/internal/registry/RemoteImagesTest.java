package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.hoist.internal.cache.archive.ArchiveFormat;
import dev.hoist.internal.cache.archive.ArchiveLoader;
import dev.hoist.internal.cache.archive.ArchiveTarget;
import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.image.ImageWriter;
import dev.hoist.cache.image.Layer;
import dev.hoist.cache.image.Mutate;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.Platform;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.FaultProxy;
import dev.hoist.fixtures.RegistryProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry's images as values of the image model, read lazily and written anywhere. */
class RemoteImagesTest {
  private static RegistryProcess registry;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    ExternalTools.assumeRegistry();
    registry = RegistryProcess.start();
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void aRemoteImageFetchesOnlyWhatIsReadAndItsLayersMatchTheirDiffIds() throws Exception {
    ImageStore store = TestImages.store(tmp.resolve("home"));
    String ref = registry.host() + "/lazy/app:1";
    TestImages.image(store, ref, 3, 50_000, 11);
    TestImages.push(store, ref, RegistryOptions.defaults());
    try (FaultProxy proxy = FaultProxy.start(registry.host());
        RegistryClient client = RegistryClient.connect(proxy.host(), RegistryOptions.defaults())) {
      RemoteImages remote = new RemoteImages(client, RegistryLimits.defaults());
      Artifact artifact = remote.get(ImageName.parse(proxy.host() + "/lazy/app:1"));
      Image image = assertInstanceOf(Image.class, artifact);
      List<Layer> layers = image.layers();
      assertEquals(3, layers.size());
      assertEquals(1, proxy.countRequests("GET", "/manifests/"), proxy.requests().toString());
      assertEquals(0, proxy.countRequests("GET", "/blobs/"), proxy.requests().toString());

      Layer second = layers.get(1);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(second.uncompressed(), sha)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      assertEquals(1, proxy.countRequests("GET", "/blobs/"), proxy.requests().toString());
      assertEquals(second.diffId(), Digest.of("sha256", sha.digest())); // reads the config: one more blob
      assertEquals(2, proxy.countRequests("GET", "/blobs/"), proxy.requests().toString());
    }
  }

  @Test
  void aChangedRemoteImageIsSavedToAnArchiveWithoutTheLocalStoreAndLoads() throws Exception {
    ImageStore store = TestImages.store(tmp.resolve("home"));
    String ref = registry.host() + "/archive/app:1";
    TestImages.image(store, ref, 2, 40_000, 12);
    TestImages.push(store, ref, RegistryOptions.defaults());
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (RegistryClient client = RegistryClient.connect(registry.host(), RegistryOptions.defaults())) {
      Image remote = (Image) new RemoteImages(client, RegistryLimits.defaults()).get(ImageName.parse(ref));
      Image changed = Mutate.config(remote,
          c -> c.withConfig(c.config().toBuilder().env(List.of("FROM_REGISTRY=1")).build()));
      ArchiveTarget archive = ArchiveTarget.open(ArchiveFormat.DOCKER, tar);
      new ImageWriter(3, ProgressListener.NONE).write(changed, archive.image(ImageName.parse("saved:1")));
      archive.close();
    }

    ImageStore fresh = TestImages.store(tmp.resolve("fresh"));
    new ArchiveLoader(fresh).load(new ByteArrayInputStream(tar.toByteArray()));
    Image loaded = new StoreImages(fresh).image(fresh.resolve("saved:1").orElseThrow(),
        Platform.parse("linux/amd64"));
    assertEquals(List.of("FROM_REGISTRY=1"), loaded.config().config().env());
    Image original = new StoreImages(store).image(store.resolve(ref).orElseThrow(),
        Platform.parse("linux/amd64"));
    assertEquals(original.config().diffIds(), loaded.config().diffIds());
    assertEquals(new ImageReader(fresh.blobs()).image(fresh.resolve("saved:1").orElseThrow(),
        Platform.parse("linux/amd64")).config().diffIds(), original.config().diffIds());
  }
}
