package dev.hoist.internal.registry;

import dev.hoist.cache.image.ImageName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's config.json: auths written 0600, read back through Jib, credential helpers honoured. */
class DockerConfigTest {
  @TempDir Path tmp;

  @Test
  void loginWritesAuthsThatJibReadsBackAndLogoutRemoves() throws Exception {
    DockerConfig config = new DockerConfig(tmp.resolve("docker/config.json"));
    Files.createDirectories(tmp.resolve("docker"));
    Files.writeString(config.file(), "{\"auths\":{\"other.example\":{\"auth\":\"eDp5\"}},\"psFormat\":\"table\"}");
    config.login("registry.example:5000", new Credentials("bob", "p@ss:word"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config.file())));
    String text = Files.readString(config.file());
    assertTrue(text.contains("psFormat"), "other settings are kept: " + text);
    assertFalse(text.contains("p@ss:word"), "stored base64-encoded like Docker");
    assertEquals(Optional.of(new Credentials("bob", "p@ss:word")), config.lookup("registry.example:5000"));
    assertEquals(Optional.of(new Credentials("x", "y")), config.lookup("other.example"));
    assertTrue(config.lookup("nowhere.example").isEmpty());

    config.login(ImageName.DOCKER_HUB_API, new Credentials("hubuser", "hubpass"));
    assertTrue(Files.readString(config.file()).contains("https://index.docker.io/v1/"));
    assertEquals("hubuser", config.lookup(ImageName.DOCKER_HUB_API).orElseThrow().username());

    assertTrue(config.logout("registry.example:5000"));
    assertFalse(config.logout("registry.example:5000"));
    assertTrue(config.lookup("registry.example:5000").isEmpty());
  }

  @Test
  void credentialHelpersAreUsedForLookupsLoginsAndLogouts() throws Exception {
    // a real credential helper program speaking the docker-credential-helpers protocol, in the
    // directory the build puts first on this JVM's PATH
    String binDir = System.getProperty("hoist.test-bin");
    Assumptions.assumeTrue(binDir != null, "run through Maven, which puts hoist.test-bin on PATH");
    Path bin = Files.createDirectories(Path.of(binDir));
    Path store = tmp.resolve("helper-store.json");
    Path helper = bin.resolve("docker-credential-hoisttest");
    Files.writeString(helper, "#!/bin/sh\n"
        + "case \"$1\" in\n"
        + "  get) read server; cat '" + store + "' ;;\n"
        + "  store) cat > '" + store + "' ;;\n"
        + "  erase) read server; echo \"$server\" > '" + store + ".erased'; rm -f '" + store + "' ;;\n"
        + "esac\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(store, "{\"ServerURL\":\"helped.example\",\"Username\":\"carol\",\"Secret\":\"from-helper\"}");
    DockerConfig config = new DockerConfig(tmp.resolve("config.json"));
    Files.writeString(config.file(), "{\"credHelpers\":{\"helped.example\":\"hoisttest\"}}");
    assertEquals(Optional.of(new Credentials("carol", "from-helper")), config.lookup("helped.example"));

    assertEquals("docker-credential-hoisttest", config.login("helped.example", new Credentials("erin", "new-secret")));
    assertTrue(Files.readString(store).contains("\"Secret\":\"new-secret\""));
    assertFalse(Files.readString(config.file()).contains("new-secret"), "the secret stays in the helper");
    assertEquals(Optional.of(new Credentials("erin", "new-secret")), config.lookup("helped.example"));
    assertTrue(config.logout("helped.example"));
    assertEquals("helped.example", Files.readString(Path.of(store + ".erased")).strip());

    // credsStore: the helper for every registry without a credHelpers entry
    Files.writeString(store, "{\"ServerURL\":\"any.example\",\"Username\":\"frank\",\"Secret\":\"stored\"}");
    DockerConfig storeConfig = new DockerConfig(tmp.resolve("store-config.json"));
    Files.writeString(storeConfig.file(), "{\"credsStore\":\"hoisttest\"}");
    assertEquals(Optional.of(new Credentials("frank", "stored")), storeConfig.lookup("any.example"));
  }

  @Test
  void storedLoginIsUsedForPushes() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeHtpasswd();
    try (RegistryProcess registry = RegistryProcess.startWithBasicAuth(Map.of("dave", "d4ve-pw"))) {
      DockerConfig config = new DockerConfig(tmp.resolve("docker/config.json"));
      config.login(registry.host(), new Credentials("dave", "d4ve-pw"));
      ImageStore store = TestImages.store(tmp.resolve("home"));
      String ref = registry.host() + "/dave/app:1";
      TestImages.image(store, ref, 1, 1000, 3);
      assertEquals("dave/app", TestImages.push(store, ref, RegistryOptions.defaults().withCredentials(config))
          .reference().repository());
    }
  }

  @Test
  void proxiesOfTheDefaultEntryBecomeTheProxyVariablesInBothCases() throws Exception {
    DockerConfig config = new DockerConfig(tmp.resolve("docker/config.json"));
    Files.createDirectories(tmp.resolve("docker"));
    Files.writeString(config.file(), "{\"proxies\":{\"default\":{\"httpProxy\":\"http://p.example:3128\","
        + "\"httpsProxy\":\"http://p.example:3129\",\"noProxy\":\"*.test.example,127.0.0.0/8\",\"ftpProxy\":\"\"},"
        + "\"tcp://daemon.example:2376\":{\"httpProxy\":\"http://other:1\"}}}");
    assertEquals(Map.of("HTTP_PROXY", "http://p.example:3128", "http_proxy", "http://p.example:3128",
        "HTTPS_PROXY", "http://p.example:3129", "https_proxy", "http://p.example:3129",
        "NO_PROXY", "*.test.example,127.0.0.0/8", "no_proxy", "*.test.example,127.0.0.0/8"), config.proxyVariables());
    assertEquals(Map.of(), new DockerConfig(tmp.resolve("none/config.json")).proxyVariables());
  }
}
