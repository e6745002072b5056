package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.Platform;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push from one local store and pull into another, against the real registry in each mode. */
class RoundTripTest {
  @TempDir Path tmp;

  /** Pushes {@code ref} from a fresh store and pulls it into another; checks every blob. */
  private void roundTrip(RegistryProcess registry, RegistryOptions options, String repo, int layers)
      throws Exception {
    ImageStore source = TestImages.store(tmp.resolve("src-" + repo.replace('/', '-')));
    String ref = registry.host() + "/" + repo + ":v1";
    Descriptor pushed = TestImages.image(source, ref, layers, 200_000, repo.hashCode());
    assertEquals(pushed.digest(), TestImages.push(source, ref, options).root().digest());
    ImageStore target = TestImages.store(tmp.resolve("dst-" + repo.replace('/', '-')));
    TransferResult pulled = TestImages.pull(target, ref, options);
    assertEquals(pushed.digest(), pulled.root().digest());
    assertEquals(pushed.digest(), pulled.image().digest());
    Descriptor tagged = target.get(ImageName.parse(ref)).orElseThrow();
    assertEquals(pushed.digest(), tagged.digest());
    ImageManifest manifest = new ImageReader(target.blobs()).manifest(tagged.digest());
    assertEquals(layers, manifest.layers().size());
    for (Descriptor d : manifest.layers()) {
      assertArrayEquals(source.blobs().read(d.digest()), target.blobs().read(d.digest()));
    }
    assertArrayEquals(source.blobs().read(pushed.digest()), target.blobs().read(pushed.digest()),
        "the manifest keeps its exact bytes");
  }

  @Test
  void noAuthOneAndManyLayers() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      roundTrip(registry, RegistryOptions.defaults(), "solo/one", 1);
      roundTrip(registry, RegistryOptions.defaults(), "solo/many", 7);
    }
  }

  @Test
  void basicAuth() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeHtpasswd();
    try (RegistryProcess registry = RegistryProcess.builder().basicAuth().user("alice", "s3cret").start()) {
      RegistryOptions options = RegistryOptions.defaults().withCredentials(
          CredentialSource.ANONYMOUS.with(registry.host(), new Credentials("alice", "s3cret")));
      roundTrip(registry, options, "basic/one", 1);
      roundTrip(registry, options, "basic/many", 4);
    }
  }

  @Test
  void bearerTokens() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeOpenssl();
    try (RegistryProcess registry = RegistryProcess.builder().tokenAuth()
        .user("writer", "wr1te").grant("writer", "team/*", "pull", "push").start()) {
      RegistryOptions options = RegistryOptions.defaults().withCredentials(
          CredentialSource.ANONYMOUS.with(registry.host(), new Credentials("writer", "wr1te")));
      roundTrip(registry, options, "team/one", 1);
      roundTrip(registry, options, "team/many", 5);
      // tokens are cached per scope: a push of 5 blobs and a pull do not ask for a token per request
      long issued = registry.tokenIssuer().issued().size();
      assertTrue(issued <= 6, "tokens issued: " + issued);
    }
  }

  @Test
  void tlsWithCertsDirectory() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeOpenssl();
    try (RegistryProcess registry = RegistryProcess.startTls()) {
      Path certsD = tmp.resolve("certs.d");
      Files.createDirectories(certsD.resolve(registry.host()));
      Files.copy(registry.caCertPem(), certsD.resolve(registry.host()).resolve("ca.crt"));
      RegistryOptions options = RegistryOptions.defaults().withCertsDirs(List.of(certsD));
      roundTrip(registry, options, "tls/one", 1);
      roundTrip(registry, options, "tls/many", 3);
      try (RegistryClient client = RegistryClient.connect(registry.host(), options)) {
        assertEquals("https", client.baseUri().getScheme());
      }
    }
  }

  @Test
  void tlsUntrustedIsRefusedUnlessInsecure() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeOpenssl();
    try (RegistryProcess registry = RegistryProcess.startTls()) {
      // 127.0.0.1 is loopback, so plain HTTP is allowed; but the server speaks only TLS
      RegistryOptions strict = RegistryOptions.defaults().withCertsDirs(List.of());
      try (RegistryClient client = RegistryClient.connect(registry.host(), strict)) {
        RegistryException e = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class, client::ping);
        assertTrue(e.getMessage().contains("cannot reach registry " + registry.host()), e.getMessage());
      }
      RegistryOptions insecure = strict.withInsecureRegistries(Set.of(registry.host()));
      roundTrip(registry, insecure, "insecure/one", 1);
    }
  }

  @Test
  void multiPlatformIndexPulledPerPlatform() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      ImageStore source = TestImages.store(tmp.resolve("src"));
      String ref = registry.host() + "/multi/app:1";
      Platform amd64 = Platform.of("linux", "amd64", null);
      Platform arm64 = Platform.of("linux", "arm64", null);
      Descriptor index = TestImages.index(source, ref, List.of(amd64, arm64), 50_000);
      assertEquals(index.digest(), TestImages.push(source, ref, RegistryOptions.defaults()).root().digest());
      for (Platform p : List.of(amd64, arm64)) {
        ImageStore target = TestImages.store(tmp.resolve("dst-" + p.architecture()));
        TransferResult pulled = TestImages.pull(target, ref, RegistryOptions.defaults().withPlatform(p));
        assertEquals(index.digest(), pulled.root().digest());
        var image = new ImageReader(target.blobs()).image(target.get(ImageName.parse(ref)).orElseThrow(), p);
        assertEquals(p.architecture(), image.config().architecture());
        Digest expected = new ImageReader(source.blobs()).index(index.digest()).manifestFor(p).orElseThrow().digest();
        assertEquals(expected, pulled.image().digest());
      }
      ImageStore none = TestImages.store(tmp.resolve("dst-none"));
      RegistryException e = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class,
          () -> TestImages.pull(none, ref, RegistryOptions.defaults().withPlatform(Platform.of("linux", "s390x", null))));
      assertTrue(e.getMessage().contains("no image for linux/s390x"), e.getMessage());
      assertTrue(e.getMessage().contains("linux/arm64"), e.getMessage());
    }
  }
}
