package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pull, push, copy, ls-tags, login and logout through the CLI, against the real registry. */
class RegistryCommandsTest {
  @TempDir Path dir;
  private Path rootfsTar;
  private final InputStream stdin = System.in;

  private void useHome(String name) {
    System.setProperty("hoist.home", dir.resolve(name).toString());
  }

  @BeforeEach
  void setUp() throws Exception {
    useHome("home");
    System.setProperty("hoist.docker-config", dir.resolve("docker").toString());
    System.setProperty("hoist.registries", dir.resolve("registries.json").toString());
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/motd"), "welcome\n");
    rootfsTar = dir.resolve("rootfs.tar");
    Process tar = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", rootfsTar.toString(), ".")
        .inheritIO().start();
    assertTrue(tar.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, tar.exitValue());
  }

  @AfterEach
  void tearDown() {
    System.clearProperty("hoist.home");
    System.clearProperty("hoist.docker-config");
    System.clearProperty("hoist.registries");
    System.setIn(stdin);
  }

  @Test
  void allTagsArePushedAndPulledAndQuietPrintsOnlyTheName() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      String repo = registry.host() + "/cli/every";
      assertEquals(0, CliRun.run("import", rootfsTar.toString(), repo + ":1").code());
      assertEquals(0, CliRun.run("tag", repo + ":1", repo + ":2").code());
      assertEquals(0, CliRun.run("tag", repo + ":1", registry.host() + "/cli/other:3").code());

      CliRun tagged = CliRun.run("push", "-a", repo + ":1");
      assertEquals(1, tagged.code());
      assertTrue(tagged.err().contains("tag can't be used with --all-tags/-a"), tagged.err());
      CliRun pushed = CliRun.run("push", "--all-tags", "-q", repo);
      assertEquals(0, pushed.code(), pushed.err());
      assertEquals(repo + ":1\n" + repo + ":2\n", pushed.out());
      assertEquals("", pushed.err());
      assertEquals(java.util.Set.of("1", "2"),
          java.util.Set.copyOf(CliRun.run("ls-tags", repo).out().lines().toList()));
      CliRun none = CliRun.run("push", "-a", registry.host() + "/cli/nothing");
      assertEquals(1, none.code());
      assertTrue(none.err().contains("An image does not exist locally with the tag"), none.err());

      useHome("other");
      CliRun pulled = CliRun.run("pull", "-a", "-q", repo);
      assertEquals(0, pulled.code(), pulled.err());
      assertEquals(repo + "\n", pulled.out());
      CliRun images = CliRun.run("images", "--format", "{{.Repository}}:{{.Tag}}");
      assertTrue(images.out().contains(repo + ":1") && images.out().contains(repo + ":2")
          && !images.out().contains("other"), images.out());
      CliRun one = CliRun.run("pull", "--quiet", repo + ":2");
      assertEquals(repo + ":2\n", one.out());
    }
  }

  @Test
  void pushPullCopyAndListTags() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      String ref = registry.host() + "/cli/demo:1";
      CliRun imported = CliRun.run("import", rootfsTar.toString(), ref);
      assertEquals(0, imported.code(), imported.err());

      CliRun pushed = CliRun.run("push", "--progress=plain", ref);
      assertEquals(0, pushed.code(), pushed.err());
      assertTrue(pushed.out().startsWith("1: digest: sha256:"), pushed.out());
      assertTrue(pushed.err().contains(": Pushing"), pushed.err());
      String digest = pushed.out().substring(pushed.out().indexOf("sha256:"), pushed.out().indexOf(" size:"));

      CliRun again = CliRun.run("push", "--progress=plain", ref);
      assertTrue(again.err().contains("Layer already exists"), again.err());

      useHome("other");
      CliRun pulled = CliRun.run("pull", "--progress=plain", ref);
      assertEquals(0, pulled.code(), pulled.err());
      assertEquals("Digest: " + digest + "\n" + ref + "\n", pulled.out());
      assertTrue(pulled.err().contains("Pull complete"), pulled.err());
      CliRun images = CliRun.run("images");
      assertTrue(images.out().contains(registry.host() + "/cli/demo"), images.out());

      CliRun copied = CliRun.run("copy", "--progress=quiet", ref, registry.host() + "/cli/copy:2");
      assertEquals(0, copied.code(), copied.err());
      assertEquals("Digest: " + digest + "\n", copied.out());
      assertEquals("", copied.err());

      CliRun.run("push", "--progress=quiet", ref, registry.host() + "/cli/demo:2");
      CliRun tags = CliRun.run("ls-tags", registry.host() + "/cli/demo");
      assertEquals(0, tags.code(), tags.err());
      assertEquals(java.util.List.of("1", "2"), tags.out().lines().sorted().toList());
    }
  }

  @Test
  void pullOfAnImageForAnotherPlatformThanTheOneAskedIsRefused() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      String ref = registry.host() + "/cli/one-platform:1";
      assertEquals(0, CliRun.run("import", rootfsTar.toString(), ref).code());
      assertEquals(0, CliRun.run("push", "--progress=quiet", ref).code());
      useHome("elsewhere");
      String other = dev.hoist.cache.model.Platform.host().architecture().equals("arm64")
          ? "linux/amd64" : "linux/arm64";
      CliRun wrong = CliRun.run("pull", "--platform", other, ref);
      assertEquals(1, wrong.code(), wrong.err());
      assertTrue(wrong.err().contains("does not match the platform asked for: wanted " + other),
          wrong.err());
      assertTrue(CliRun.run("images", "-q").out().isBlank(), "nothing was pulled");
      String host = "linux/" + dev.hoist.cache.model.Platform.host().architecture();
      CliRun right = CliRun.run("pull", "--platform", host, ref);
      assertEquals(0, right.code(), right.err());
    }
  }

  @Test
  void errorsAreOneLine() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      CliRun unknown = CliRun.run("pull", registry.host() + "/no/such:1");
      assertEquals(1, unknown.code());
      assertEquals("error: repository " + registry.host() + "/no/such not found\n", unknown.err());
      CliRun noLocal = CliRun.run("push", registry.host() + "/not/here:1");
      assertEquals(1, noLocal.code());
      assertEquals("error: no such local image: " + registry.host() + "/not/here:1\n", noLocal.err());
      CliRun refused = CliRun.run("pull", "127.0.0.1:1/nothing/here:1");
      assertEquals(1, refused.code());
      assertTrue(refused.err().startsWith("error: cannot reach registry 127.0.0.1:1: "), refused.err());
      assertEquals(1, refused.err().lines().count(), refused.err());
      CliRun bad = CliRun.run("pull", "UPPER/Case");
      assertEquals(1, bad.code());
      assertTrue(bad.err().startsWith("error: invalid image reference"), bad.err());
    }
  }

  @Test
  void insecureRegistryFlagAndCertsDirForTls() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeOpenssl();
    try (RegistryProcess registry = RegistryProcess.startTls()) {
      String ref = registry.host() + "/tls/app:1";
      assertEquals(0, CliRun.run("import", rootfsTar.toString(), ref).code());
      CliRun untrusted = CliRun.run("push", "--certs-dir", dir.resolve("none").toString(), ref);
      assertEquals(1, untrusted.code());
      assertTrue(untrusted.err().startsWith("error: cannot reach registry " + registry.host()), untrusted.err());
      assertTrue(untrusted.err().contains("--insecure-registry " + registry.host()), untrusted.err());
      assertEquals(1, untrusted.err().lines().count(), untrusted.err());

      CliRun insecure = CliRun.run("push", "--progress=quiet", "--insecure-registry", registry.host(), ref);
      assertEquals(0, insecure.code(), insecure.err());

      Path certs = dir.resolve("certs.d");
      Files.createDirectories(certs.resolve(registry.host()));
      Files.copy(registry.caCertPem(), certs.resolve(registry.host()).resolve("ca.crt"));
      useHome("trusting");
      CliRun trusted = CliRun.run("pull", "--progress=quiet", "--certs-dir", certs.toString(), ref);
      assertEquals(0, trusted.code(), trusted.err());
    }
  }

  @Test
  void loginStoresCredentialsOnlyWhenTheRegistryAcceptsThem() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeHtpasswd();
    try (RegistryProcess registry = RegistryProcess.startWithBasicAuth(Map.of("alice", "s3cret-pw"))) {
      String ref = registry.host() + "/private/app:1";
      assertEquals(0, CliRun.run("import", rootfsTar.toString(), ref).code());
      CliRun anonymous = CliRun.run("push", ref);
      assertEquals(1, anonymous.code());
      assertTrue(anonymous.err().contains("hoist login " + registry.host()), anonymous.err());

      System.setIn(new ByteArrayInputStream("wrong-pw\n".getBytes(StandardCharsets.UTF_8)));
      CliRun wrong = CliRun.run("--debug", "login", "-u", "alice", "--password-stdin", registry.host());
      assertEquals(1, wrong.code());
      assertTrue(wrong.err().contains("refused the credentials of user alice"), wrong.err());
      assertFalse(wrong.err().contains("wrong-pw"), "not even in the --debug stack trace: " + wrong.err());
      assertFalse(wrong.err().contains(java.util.Base64.getEncoder().encodeToString(
          "alice:wrong-pw".getBytes(StandardCharsets.UTF_8))), wrong.err());
      assertFalse(Files.exists(dir.resolve("docker/config.json")));

      System.setIn(new ByteArrayInputStream("s3cret-pw\n".getBytes(StandardCharsets.UTF_8)));
      CliRun login = CliRun.run("login", "-u", "alice", "--password-stdin", registry.host());
      assertEquals(0, login.code(), login.err());
      assertEquals("Login Succeeded\n", login.out());
      Path config = dir.resolve("docker/config.json");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
      assertTrue(Files.readString(config).contains("\"" + registry.host() + "\""));

      CliRun pushed = CliRun.run("push", "--progress=quiet", ref);
      assertEquals(0, pushed.code(), pushed.err());

      // -p, as CI scripts write it: Docker's warning, the same check
      CliRun wrongP = CliRun.run("login", "-u", "alice", "-p", "not-it", registry.host());
      assertEquals(1, wrongP.code());
      assertTrue(wrongP.err().contains("refused the credentials of user alice"), wrongP.err());
      CliRun loginP = CliRun.run("login", "-u", "alice", "-p", "s3cret-pw", registry.host());
      assertEquals(0, loginP.code(), loginP.err());
      assertTrue(loginP.err().contains("WARNING! Using --password via the CLI is insecure. "
          + "Use --password-stdin."), loginP.err());
      assertEquals(1, CliRun.run("login", "-u", "alice", "-p", "x", "--password-stdin",
          registry.host()).code());

      CliRun logout = CliRun.run("logout", registry.host());
      assertEquals("Removing login credentials for " + registry.host() + "\n", logout.out());
      assertFalse(Files.readString(config).contains(registry.host()));
      assertEquals("Not logged in to " + registry.host() + "\n", CliRun.run("logout", registry.host()).out());
      assertEquals(1, CliRun.run("ls-tags", registry.host() + "/private/app").code());
    }
  }
}
