package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mistake a user can make ends in one clear message, which never contains the password. */
class ErrorsTest {
  @TempDir Path tmp;

  private static RegistryOptions as(RegistryProcess registry, String user, String password) {
    return RegistryOptions.defaults().withCredentials(
        CredentialSource.ANONYMOUS.with(registry.host(), new Credentials(user, password)));
  }

  private RegistryException pushFails(RegistryProcess registry, RegistryOptions options, String repo) throws Exception {
    ImageStore store = TestImages.store(tmp.resolve("push-" + repo.replace('/', '-')));
    String ref = registry.host() + "/" + repo + ":1";
    TestImages.image(store, ref, 1, 1000, 1);
    return assertThrows(RegistryException.class, () -> TestImages.push(store, ref, options));
  }

  private RegistryException pullFails(RegistryOptions options, String ref) throws Exception {
    ImageStore store = TestImages.store(tmp.resolve("pull"));
    return assertThrows(RegistryException.class, () -> TestImages.pull(store, ref, options));
  }

  @Test
  void wrongPasswordWithBasicAuth() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeHtpasswd();
    try (RegistryProcess registry = RegistryProcess.builder().basicAuth().user("alice", "s3cret").start()) {
      RegistryException e = pushFails(registry, as(registry, "alice", "wrong-pass-123"), "basic/app");
      assertEquals(RegistryException.Kind.UNAUTHORIZED, e.kind());
      assertEquals(registry.host() + " refused the credentials of user alice (to check blob "
          + e.getMessage().substring(e.getMessage().indexOf("blob ") + 5), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-pass-123"));
      RegistryException anonymous = pullFails(RegistryOptions.defaults(), registry.host() + "/basic/app:1");
      assertEquals(RegistryException.Kind.UNAUTHORIZED, anonymous.kind());
      assertTrue(anonymous.getMessage().contains("requires authentication")
          && anonymous.getMessage().contains("hoist login " + registry.host()), anonymous.getMessage());
    }
  }

  @Test
  void wrongPasswordAndPullOnlyTokenWithBearerAuth() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeOpenssl();
    try (RegistryProcess registry = RegistryProcess.builder().tokenAuth()
        .user("reader", "r3ad").grant("reader", "team/*", "pull")
        .user("writer", "wr1te").grant("writer", "team/*", "pull", "push").start()) {
      RegistryException wrong = pushFails(registry, as(registry, "writer", "not-the-password"), "team/app");
      assertEquals(RegistryException.Kind.UNAUTHORIZED, wrong.kind());
      assertEquals(registry.host() + ": wrong user name or password for writer", wrong.getMessage());

      RegistryException denied = pushFails(registry, as(registry, "reader", "r3ad"), "team/app");
      assertEquals(RegistryException.Kind.DENIED, denied.kind());
      assertTrue(denied.getMessage().startsWith("access denied: user reader may not"), denied.getMessage());
      assertTrue(denied.getMessage().contains("repository:team/app:pull,push"), denied.getMessage());
      assertFalse(denied.getMessage().contains("r3ad"));
    }
  }

  @Test
  void unknownRepositoryAndUnknownTag() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      RegistryException repo = pullFails(RegistryOptions.defaults(), registry.host() + "/no/such:1");
      assertEquals(RegistryException.Kind.NOT_FOUND, repo.kind());
      assertEquals("repository " + registry.host() + "/no/such not found", repo.getMessage());

      ImageStore store = TestImages.store(tmp.resolve("home"));
      String ref = registry.host() + "/some/app:1";
      TestImages.image(store, ref, 1, 1000, 2);
      TestImages.push(store, ref, RegistryOptions.defaults());
      RegistryException tag = pullFails(RegistryOptions.defaults(), registry.host() + "/some/app:2");
      assertEquals(RegistryException.Kind.NOT_FOUND, tag.kind());
      assertEquals("tag 2 not found in " + registry.host() + "/some/app", tag.getMessage());
    }
  }

  @Test
  void aManifestTheRegistryRejectsIsOneMessageNamingTheImage() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start();
        RegistryClient client = RegistryClient.connect(registry.host(), RegistryOptions.defaults())) {
      // distribution 2.8 refuses to store schema 1 (so hoist's own refusal is in ParsingTest)
      byte[] schema1 = "{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"1\",\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8);
      RegistryException e = assertThrows(RegistryException.class,
          () -> client.putManifest("old/app", "1", "application/vnd.docker.distribution.manifest.v1+json", schema1));
      assertTrue(e.getMessage().startsWith(registry.host() + " answered 400 when asked to push "
          + registry.host() + "/old/app:1: "), e.getMessage());
    }
  }
}
