package dev.hoist.internal.registry;

import dev.hoist.cache.image.ImageName;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.FaultProxy;
import dev.hoist.fixtures.RegistryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies between registries, expired tokens, and the registries settings file. */
class CopyAndTokensTest {
  @TempDir Path tmp;

  @Test
  void copyStreamsBetweenRegistriesAndMountsWithinOne() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess first = RegistryProcess.start(); RegistryProcess second = RegistryProcess.start();
        FaultProxy toSecond = FaultProxy.start(second.host())) {
      ImageStore store = TestImages.store(tmp.resolve("home"));
      String source = first.host() + "/copy/multi:1";
      Descriptor index = TestImages.index(store, source,
          List.of(Platform.of("linux", "amd64", null), Platform.of("linux", "arm64", null)), 300_000);
      TestImages.push(store, source, RegistryOptions.defaults());

      RegistryOptions options = RegistryOptions.defaults().withUploadSizes(100_000, 128 * 1024);
      try (ImageTransfers t = new ImageTransfers(TestImages.store(tmp.resolve("unused")), options)) {
        // between registries: every blob streamed through (in PATCH chunks here), the index whole
        TransferResult copied = t.copy(ImageName.parse(source),
            ImageName.parse(toSecond.host() + "/copied/multi:2"), TransferListener.NONE);
        assertEquals(index.digest(), copied.root().digest());
        assertTrue(toSecond.countRequests("PATCH", "/blobs/uploads/") > 4, toSecond.requests().toString());
        // within one registry: mounted
        toSecond.resetCounters();
        t.copy(ImageName.parse(toSecond.host() + "/copied/multi:2"),
            ImageName.parse(toSecond.host() + "/mounted/multi:3"), TransferListener.NONE);
        assertEquals(0, toSecond.countRequests("PATCH", "/"), toSecond.requests().toString());
        assertEquals(6, toSecond.countRequests("POST", "mount="), toSecond.requests().toString());
      }
      for (String ref : List.of(second.host() + "/copied/multi:2", second.host() + "/mounted/multi:3")) {
        for (Platform p : List.of(Platform.of("linux", "amd64", null), Platform.of("linux", "arm64", null))) {
          ImageStore target = TestImages.store(tmp.resolve("pull-" + ref.hashCode() + p.architecture()));
          TransferResult pulled = TestImages.pull(target, ref, RegistryOptions.defaults().withPlatform(p));
          assertEquals(index.digest(), pulled.root().digest());
          assertArrayEquals(store.blobs().read(pulled.image().digest()), target.blobs().read(pulled.image().digest()));
        }
      }
    }
  }

  @Test
  void aRefusedTokenIsFetchedAgainOnceThenTheErrorIsClear() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeOpenssl();
    try (RegistryProcess registry = RegistryProcess.builder().tokenAuth()
        .user("writer", "wr1te").grant("writer", "team/*", "pull", "push").start()) {
      ImageStore store = TestImages.store(tmp.resolve("home"));
      String ref = registry.host() + "/team/expiring:1";
      TestImages.image(store, ref, 1, 1000, 5);
      RegistryOptions options = RegistryOptions.defaults().withCredentials(
          CredentialSource.ANONYMOUS.with(registry.host(), new Credentials("writer", "wr1te")));
      try (RegistryClient client = RegistryClient.connect(registry.host(), options)) {
        // tokens that expired beyond distribution's 60 s leeway: the registry refuses each one
        registry.tokenIssuer().expiry(Duration.ofMinutes(-5));
        RegistryException e = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class,
            () -> client.listTags("team/expiring"));
        assertEquals(RegistryException.Kind.UNAUTHORIZED, e.kind());
        assertEquals(2, registry.tokenIssuer().issued().size(), "the refused token was replaced once, not more");
        // with good tokens again, the same client recovers: nothing bad stayed cached
        registry.tokenIssuer().expiry(Duration.ofMinutes(5));
        TestImages.push(store, ref, options);
        assertEquals(List.of("1"), client.listTags("team/expiring"));
      }
    }
  }

  @Test
  void registriesFileMarksRegistriesInsecure() throws Exception {
    Path file = tmp.resolve("registries.json");
    Files.writeString(file, "{\"insecureRegistries\": [\"registry.lan:5000\", \"https://other.lan/\"],"
        + " \"certsDirs\": [\"/srv/certs.d\"]}");
    RegistryOptions options = RegistriesFile.apply(RegistryOptions.defaults(), file);
    assertTrue(options.allowsPlainHttp("registry.lan:5000"));
    assertTrue(options.allowsPlainHttp("other.lan"));
    assertEquals(List.of(Path.of("/srv/certs.d")), options.certsDirs());
    assertEquals(RegistryOptions.defaults().certsDirs(),
        RegistriesFile.apply(RegistryOptions.defaults(), tmp.resolve("missing.json")).certsDirs());
    assertEquals(Path.of("/cfg/hoist/registries.json"),
        RegistriesFile.location(java.util.Map.of("XDG_CONFIG_HOME", "/cfg"), Path.of("/home/u")));
  }
}
