package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.fixtures.HostileHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that is slow, silent or hostile ends a pull with a message naming it and the limit
 * that stopped it, within that limit: never a hang. Each test fails before the limits existed
 * (a hang, caught by {@code assertTimeoutPreemptively}).
 */
class HostileRegistryTest {
  private static final Duration HANG = Duration.ofSeconds(30);
  /**
   * "Failed at the 1 s / 2 s limits of {@link #fast()}, not at the defaults (2 and 5 min) nor
   * after the trickle": generous, as a loaded CI machine can add seconds to a pull; retries are
   * checked by counting requests.
   */
  private static final long SOON_MILLIS = 10_000;
  private static final String REPO = "hostile/app";
  private static final String MANIFEST_PATH = "/v2/" + REPO + "/manifests/1";

  @TempDir Path tmp;

  private HostileHttpServer server;
  private byte[] manifest;
  private byte[] config;
  private byte[] layer;
  private Descriptor layerDescriptor;

  @BeforeEach
  void image() throws IOException {
    config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8);
    layer = new byte[200_000];
    new Random(3).nextBytes(layer);
    Descriptor configDescriptor = Descriptor.ofContent(MediaTypes.OCI_CONFIG, config);
    layerDescriptor = Descriptor.ofContent(MediaTypes.OCI_LAYER_GZIP, layer);
    manifest = CanonicalJson.write(ImageManifest.of(MediaTypes.OCI_MANIFEST, configDescriptor, List.of(layerDescriptor)));
    server = HostileHttpServer.start();
    server.on("/v2/", HostileHttpServer.json("{}"));
    server.on(MANIFEST_PATH, HostileHttpServer.ok(MediaTypes.OCI_MANIFEST, manifest));
    server.on(blobPath(configDescriptor), HostileHttpServer.ok("application/octet-stream", config));
    server.on(blobPath(layerDescriptor), HostileHttpServer.ok("application/octet-stream", layer));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String blobPath(Descriptor d) {
    return "/v2/" + REPO + "/blobs/" + d.digest();
  }

  private String ref() {
    return server.host() + "/" + REPO + ":1";
  }

  private static RegistryOptions options(RegistryLimits limits) {
    return RegistryOptions.defaults().withRetries(5, Duration.ofMillis(20)).withLimits(limits);
  }

  private static RegistryLimits fast() {
    return RegistryLimits.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  /** The error of a pull that must end (not hang) within {@link #HANG}, and how long it took. */
  private record Failure(RegistryException error, long millis) {}

  private Failure pullFails(ImageStore store, RegistryOptions options) {
    return assertTimeoutPreemptively(HANG, () -> {
      long start = System.nanoTime();
      RegistryException e = assertThrows(RegistryException.class, () -> TestImages.pull(store, ref(), options));
      return new Failure(e, (System.nanoTime() - start) / 1_000_000);
    });
  }

  @Test
  void endlessManifestBodyFailsAtTheManifestLimitWithoutDrainingIt() throws Exception {
    server.on(MANIFEST_PATH, HostileHttpServer.endless(MediaTypes.OCI_MANIFEST, new byte[0]));
    ImageStore store = TestImages.store(tmp.resolve("home"));
    Failure f = pullFails(store, options(RegistryLimits.defaults()));
    assertTrue(f.error().getMessage().contains("larger than " + (4 << 20) + " bytes"), f.error().getMessage());
    assertTrue(f.error().getMessage().contains(server.host()), f.error().getMessage());
    assertTrue(f.error().getMessage().contains("hoist.registry.max-manifest-size"), f.error().getMessage());
    assertEquals(1, server.requests(MANIFEST_PATH), "a manifest too large is not asked for again");
  }

  @Test
  void blobLongerThanItsDescriptorIsRefusedAndNothingIsStored() throws Exception {
    server.on(blobPath(layerDescriptor), HostileHttpServer.endless("application/octet-stream", layer));
    ImageStore store = TestImages.store(tmp.resolve("home"));
    Failure f = pullFails(store, options(RegistryLimits.defaults()));
    assertEquals(RegistryException.Kind.CORRUPT, f.error().kind(), f.error().getMessage());
    assertTrue(f.error().getMessage().contains("blob " + layerDescriptor.digest() + " from " + server.host()
        + "/" + REPO + " is larger than its descriptor's " + layer.length + " bytes"), f.error().getMessage());
    assertEquals(1, server.requests(blobPath(layerDescriptor)), "not retried");
    assertFalse(store.blobs().contains(layerDescriptor.digest()));
    assertTrue(store.get(ImageName.parse(ref())).isEmpty(), "nothing tagged");
    try (var files = Files.list(store.blobs().root().resolve("sha256"))) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary file left");
    }
  }

  @Test
  void blobWhoseContentLengthExceedsItsDescriptorIsRefusedBeforeReading() throws Exception {
    byte[] longer = new byte[layer.length + 1];
    System.arraycopy(layer, 0, longer, 0, layer.length);
    server.on(blobPath(layerDescriptor), HostileHttpServer.ok("application/octet-stream", longer));
    ImageStore store = TestImages.store(tmp.resolve("home"));
    Failure f = pullFails(store, options(RegistryLimits.defaults()));
    assertEquals(RegistryException.Kind.CORRUPT, f.error().kind(), f.error().getMessage());
    assertTrue(f.error().getMessage().contains("is larger than its descriptor's " + layer.length + " bytes"),
        f.error().getMessage());
    assertFalse(store.blobs().contains(layerDescriptor.digest()));
  }

  @Test
  void blobShorterThanItsDescriptorIsASizeMismatchNotABrokenConnection() throws Exception {
    byte[] shorter = java.util.Arrays.copyOf(layer, layer.length - 100);
    server.on(blobPath(layerDescriptor), HostileHttpServer.ok("application/octet-stream", shorter));
    ImageStore store = TestImages.store(tmp.resolve("home"));
    Failure f = pullFails(store, options(RegistryLimits.defaults()));
    assertEquals(RegistryException.Kind.CORRUPT, f.error().kind(), f.error().getMessage());
    assertEquals("blob " + layerDescriptor.digest() + " from " + server.host() + "/" + REPO + " ended after "
        + shorter.length + " of its descriptor's " + layer.length + " bytes; nothing was stored", f.error().getMessage());
    assertEquals(1, server.requests(blobPath(layerDescriptor)), "not retried");
    assertFalse(store.blobs().contains(layerDescriptor.digest()));
  }

  @Test
  void registryThatAcceptsAndNeverAnswersFailsWithinTheReadTimeout() throws Exception {
    server.on(MANIFEST_PATH, HostileHttpServer.silent());
    ImageStore store = TestImages.store(tmp.resolve("home"));
    Failure f = pullFails(store, options(fast()));
    assertTrue(f.error().getMessage().contains(server.host() + " accepted the connection but sent nothing for 1 s"),
        f.error().getMessage());
    assertTrue(f.error().getMessage().contains("hoist.registry.read-timeout"), f.error().getMessage());
    assertEquals(1, server.requests(MANIFEST_PATH), "a timeout is not retried");
    assertTrue(f.millis() < SOON_MILLIS, "failed after " + f.millis() + " ms");
  }

  @Test
  void registryThatNeverAnswersTheFirstRequestIsNotTriedAgainOverHttps() throws Exception {
    server.on("/v2/", HostileHttpServer.silent());
    ImageStore store = TestImages.store(tmp.resolve("home"));
    Failure f = pullFails(store, options(fast()));
    assertTrue(f.error().getMessage().contains(server.host() + " accepted the connection but sent nothing for 1 s"
        + " when asked to answer the first request (GET /v2/)"), f.error().getMessage());
    assertEquals(1, server.connections(), "one wait, not a second one for HTTPS");
  }

  @Test
  void uploadWhoseAnswerNeverComesIsNotResumed() throws Exception {
    server.on("/v2/" + REPO + "/blobs/uploads/", out -> out.write(("HTTP/1.1 202 Accepted\r\nLocation: /upload/1\r\n"
        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
    server.on("/upload/1", HostileHttpServer.silent());
    ImageStore store = TestImages.store(tmp.resolve("home"));
    TestImages.image(store, ref(), 1, 1000, 41);
    RegistryException e = assertTimeoutPreemptively(HANG, () -> assertThrows(RegistryException.class,
        () -> TestImages.push(store, ref(), options(fast()).withParallelism(1))));
    assertTrue(e.getMessage().contains(server.host() + " accepted the connection but sent nothing for 1 s"
        + " when asked to push blob"), e.getMessage());
    assertEquals(1, server.requests("/upload/1"), "neither resumed nor asked for its status");
  }

  @Test
  void slowLorisHeadHitsTheResponseDeadline() throws Exception {
    server.on(MANIFEST_PATH, HostileHttpServer.trickle(MediaTypes.OCI_MANIFEST, manifest, Duration.ofMillis(500), false));
    ImageStore store = TestImages.store(tmp.resolve("home"));
    Failure f = pullFails(store, options(fast()));
    assertTrue(f.error().getMessage().contains(server.host() + " did not answer within 2 s"), f.error().getMessage());
    assertTrue(f.error().getMessage().contains("hoist.registry.response-timeout"), f.error().getMessage());
    assertEquals(1, server.requests(MANIFEST_PATH), "a missed deadline is not retried");
    assertTrue(f.millis() < SOON_MILLIS, "failed after " + f.millis() + " ms");
  }

  @Test
  void slowLorisManifestBodyHitsTheResponseDeadline() throws Exception {
    server.on(MANIFEST_PATH, HostileHttpServer.trickle(MediaTypes.OCI_MANIFEST, manifest, Duration.ofMillis(500), true));
    ImageStore store = TestImages.store(tmp.resolve("home"));
    Failure f = pullFails(store, options(fast()));
    assertTrue(f.error().getMessage().contains(server.host() + " did not finish answering within 2 s"),
        f.error().getMessage());
    assertEquals(1, server.requests(MANIFEST_PATH), "a missed deadline is not retried");
    assertTrue(f.millis() < SOON_MILLIS, "failed after " + f.millis() + " ms");
  }

  @Test
  void slowLorisBlobFallsBelowTheMinimumTransferRate() throws Exception {
    server.on(blobPath(layerDescriptor),
        HostileHttpServer.trickle("application/octet-stream", layer, Duration.ofMillis(100), true));
    ImageStore store = TestImages.store(tmp.resolve("home"));
    Failure f = pullFails(store, options(fast()));
    assertTrue(f.error().getMessage().contains("less than the minimum of 1024 bytes/s"), f.error().getMessage());
    assertTrue(f.error().getMessage().contains(server.host()), f.error().getMessage());
    assertEquals(1, server.requests(blobPath(layerDescriptor)), "not retried");
    assertFalse(store.blobs().contains(layerDescriptor.digest()));
    assertTrue(f.millis() < SOON_MILLIS, "failed after " + f.millis() + " ms");
  }

  @Test
  void wellBehavedRegistryStillPulls() throws Exception {
    ImageStore store = TestImages.store(tmp.resolve("home"));
    TransferResult pulled = assertTimeoutPreemptively(HANG, () -> TestImages.pull(store, ref(), options(fast())));
    assertEquals(Descriptor.ofContent(MediaTypes.OCI_MANIFEST, manifest).digest(), pulled.image().digest());
    assertTrue(store.blobs().contains(layerDescriptor.digest()));
  }
}
