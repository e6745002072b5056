package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.FaultProxy;
import dev.hoist.fixtures.RegistryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad networks and bad content, through the fault-injecting proxy in front of the real registry. */
class FaultsTest {
  private static RegistryProcess registry;
  private static final RegistryOptions FAST = RegistryOptions.defaults().withRetries(5, Duration.ofMillis(20));

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

  private FaultProxy proxy() throws Exception {
    return FaultProxy.start(registry.host());
  }

  @Test
  void secondPushUploadsNothing() throws Exception {
    try (FaultProxy proxy = proxy()) {
      ImageStore store = TestImages.store(tmp.resolve("home"));
      String ref = proxy.host() + "/again/app:1";
      TestImages.image(store, ref, 3, 100_000, 7);
      TestImages.push(store, ref, FAST);
      assertEquals(4, proxy.countRequests("PUT", "/blobs/uploads/"), proxy.requests().toString());
      proxy.resetCounters();
      TestImages.push(store, ref, FAST);
      assertEquals(0, proxy.countRequests("POST", "/blobs/uploads/"), proxy.requests().toString());
      assertEquals(0, proxy.countRequests("PATCH", "/"), proxy.requests().toString());
      assertEquals(0, proxy.countRequests("PUT", "/blobs/"), proxy.requests().toString());
      assertEquals(4, proxy.countRequests("HEAD", "/blobs/"), proxy.requests().toString());
      assertEquals(1, proxy.countRequests("PUT", "/manifests/1"), proxy.requests().toString());
    }
  }

  @Test
  void pushToAnotherRepositoryMounts() throws Exception {
    try (FaultProxy proxy = proxy()) {
      ImageStore store = TestImages.store(tmp.resolve("home"));
      String first = proxy.host() + "/mount/source:1";
      String second = proxy.host() + "/mount/target:1";
      Descriptor image = TestImages.image(store, first, 2, 100_000, 8);
      TestImages.push(store, first, FAST);
      store.tag(ImageName.parse(second), image);
      proxy.resetCounters();
      TestImages.push(store, second, FAST);
      assertEquals(3, proxy.countRequests("POST", "mount="), proxy.requests().toString());
      assertEquals(0, proxy.countRequests("PATCH", "/"), proxy.requests().toString());
      assertEquals(0, proxy.countRequests("PUT", "/blobs/uploads/"), proxy.requests().toString());
      ImageStore other = TestImages.store(tmp.resolve("other"));
      assertEquals(image.digest(), TestImages.pull(other, registry.host() + "/mount/target:1", FAST).image().digest());
    }
  }

  @Test
  void pushOfAnImageBuiltOnAPushedBaseMountsTheBaseLayers() throws Exception {
    try (FaultProxy proxy = proxy()) {
      ImageStore store = TestImages.store(tmp.resolve("home"));
      String baseRef = proxy.host() + "/family/base:1";
      Descriptor base = TestImages.image(store, baseRef, 2, 100_000, 15);
      TestImages.push(store, baseRef, FAST);
      String childRef = proxy.host() + "/family/child:1";
      Descriptor child = TestImages.derivedImage(store, base, childRef, 16);
      proxy.resetCounters();
      TestImages.push(store, childRef, FAST);
      // the two base layers are mounted from family/base; the new layer and config are uploaded
      assertEquals(2, proxy.countRequests("POST", "from=family%2Fbase"), proxy.requests().toString());
      assertEquals(2, proxy.countRequests("PUT", "/blobs/uploads/"), proxy.requests().toString());
      ImageStore other = TestImages.store(tmp.resolve("other"));
      assertEquals(child.digest(), TestImages.pull(other, registry.host() + "/family/child:1", FAST).image().digest());
    }
  }

  @Test
  void droppedDownloadResumesWithRange() throws Exception {
    ImageStore store = TestImages.store(tmp.resolve("home"));
    String direct = registry.host() + "/drop/app:1";
    Descriptor image = TestImages.image(store, direct, 1, 3_000_000, 9);
    TestImages.push(store, direct, FAST);
    long layerSize = new ImageReader(store.blobs()).manifest(image.digest()).layers().get(0).size();
    try (FaultProxy proxy = proxy()) {
      ImageStore target = TestImages.store(tmp.resolve("target"));
      // fetching the manifest and config moves a few KB; the drop lands in the middle of the layer
      proxy.dropAfterBytes(1_500_000);
      TransferResult pulled = TestImages.pull(target, proxy.host() + "/drop/app:1", FAST);
      assertEquals(image.digest(), pulled.image().digest());
      assertEquals(1, proxy.droppedCount());
      ImageManifest m = new ImageReader(target.blobs()).manifest(image.digest());
      assertArrayEquals(store.blobs().read(m.layers().get(0).digest()), target.blobs().read(m.layers().get(0).digest()));
      String layerPath = "/blobs/" + m.layers().get(0).digest();
      assertEquals(2, proxy.countRequests("GET", layerPath), proxy.requests().toString());
      assertTrue(proxy.bytesServerToClient() < layerSize + 1_600_000,
          "resumed, not restarted: " + proxy.bytesServerToClient() + " bytes for a " + layerSize + " byte layer");
    }
  }

  @Test
  void serviceUnavailableIsRetriedHonouringRetryAfter() throws Exception {
    try (FaultProxy proxy = proxy()) {
      ImageStore store = TestImages.store(tmp.resolve("home"));
      String ref = proxy.host() + "/busy/app:1";
      Descriptor image = TestImages.image(store, ref, 1, 10_000, 10);
      proxy.fail503(2, Duration.ofSeconds(1));
      long start = System.nanoTime();
      TestImages.push(store, ref, RegistryOptions.defaults().withRetries(5, Duration.ofMillis(1)));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(2, proxy.injected503Count());
      assertTrue(millis >= 1900, "two Retry-After: 1 waits, took " + millis + " ms");
      proxy.fail503(3);
      ImageStore target = TestImages.store(tmp.resolve("target"));
      assertEquals(image.digest(), TestImages.pull(target, ref, FAST).image().digest());
      assertEquals(5, proxy.injected503Count());
    }
  }

  @Test
  void giveUpAfterTheLastAttempt() throws Exception {
    try (FaultProxy proxy = proxy()) {
      ImageStore store = TestImages.store(tmp.resolve("home"));
      String ref = proxy.host() + "/down/app:1";
      TestImages.image(store, ref, 1, 1000, 11);
      proxy.fail503(1000);
      RegistryException e = assertThrows(RegistryException.class,
          () -> TestImages.push(store, ref, RegistryOptions.defaults().withRetries(3, Duration.ofMillis(1))));
      assertTrue(e.getMessage().contains("503"), e.getMessage());
    }
  }

  @Test
  void corruptBlobInTheRegistryIsDetectedAndNeverStored() throws Exception {
    ImageStore store = TestImages.store(tmp.resolve("home"));
    String ref = registry.host() + "/corrupt/app:1";
    Descriptor image = TestImages.image(store, ref, 1, 100_000, 12);
    TestImages.push(store, ref, FAST);
    Descriptor layer = new ImageReader(store.blobs()).manifest(image.digest()).layers().get(0);
    Path data = registry.storageDir().resolve("docker/registry/v2/blobs/sha256")
        .resolve(layer.digest().hex().substring(0, 2)).resolve(layer.digest().hex()).resolve("data");
    byte[] garbage = new byte[(int) layer.size()];
    new Random(1).nextBytes(garbage);
    Files.write(data, garbage);
    ImageStore target = TestImages.store(tmp.resolve("target"));
    RegistryException e = assertThrows(RegistryException.class, () -> TestImages.pull(target, ref, FAST));
    assertEquals(RegistryException.Kind.CORRUPT, e.kind());
    assertTrue(e.getMessage().contains(layer.digest().toString()), e.getMessage());
    assertFalse(target.blobs().contains(layer.digest()));
    assertTrue(target.get(ImageName.parse(ref)).isEmpty(), "nothing tagged");
    try (var files = Files.list(target.blobs().root().resolve("sha256"))) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary files left");
    }
  }

  @Test
  void largeBlobsAreUploadedInChunks() throws Exception {
    try (FaultProxy proxy = proxy()) {
      ImageStore store = TestImages.store(tmp.resolve("home"));
      String ref = proxy.host() + "/chunks/app:1";
      Descriptor image = TestImages.image(store, ref, 1, 1_000_000, 13);
      RegistryOptions chunked = FAST.withUploadSizes(100_000, 256 * 1024);
      TestImages.push(store, ref, chunked);
      long patches = proxy.countRequests("PATCH", "/blobs/uploads/");
      assertTrue(patches >= 4, proxy.requests().toString());
      ImageStore target = TestImages.store(tmp.resolve("target"));
      assertEquals(image.digest(), TestImages.pull(target, registry.host() + "/chunks/app:1", FAST).image().digest());
    }
  }
}
