package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cli.DockerCliHarness.Result;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.service.PullListener;
import dev.hoist.internal.service.RegistryOverrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Engine API's image transfers, logins, prunes, disk usage and network connections driven
 * by the real {@code docker} CLI: history, save and load, import, login and push against the
 * registry process with Basic auth ({@code X-Registry-Auth}), search refused, the prunes and
 * {@code system df}, {@code network connect --alias} and {@code disconnect}.
 */
class EngineApiImagesAndPruneTest extends DockerCliTestBase {
  @Test
  void historySaveLoadAndImportThroughDocker() throws Exception {
    Result history = api.dockerOk("history", "--no-trunc", "--format", "{{.ID}}",
        "busybox:test");
    assertEquals(api.hoist.images().dockerInspect("busybox:test").id() + "\n",
        history.out().lines().findFirst().orElse("") + "\n", history.all());

    api.dockerOk("tag", "busybox:test", "saved:1");
    Path archive = dir.resolve("saved.tar");
    api.dockerOk("save", "-o", archive.toString(), "saved:1");
    assertTrue(Files.size(archive) > 100_000, "busybox's layer is in the archive");
    api.dockerOk("rmi", "saved:1");
    assertFalse(api.dockerOk("images", "--format", "{{.Repository}}:{{.Tag}}").out()
        .contains("saved:1"));
    Result load = api.dockerWithFile(archive, "load");
    assertEquals(0, load.code(), load.all());
    assertTrue(load.out().contains("Loaded image: saved:1"), load.all());
    assertTrue(DockerCliHarness.hoistCli("images", "--format", "{{.Repository}}:{{.Tag}}")
        .out().contains("saved:1"), "hoist's store has it");
    Result missing = api.docker("save", "-o", dir.resolve("none.tar").toString(), "nope:1");
    assertEquals(1, missing.code(), missing.all());
    assertTrue(missing.err().contains("nope:1"), missing.all());

    Path rootfs = dir.resolve("rootfs.tar");
    Path content = Files.createDirectories(dir.resolve("rootfs"));
    Files.writeString(content.resolve("imported.txt"), "imported\n");
    Process tar = new ProcessBuilder("tar", "-cf", rootfs.toString(), "-C", content.toString(),
        ".").redirectErrorStream(true).start();
    assertEquals(0, tar.waitFor());
    Result imported = api.dockerOk("import", rootfs.toString(), "imported:1");
    assertTrue(imported.out().startsWith("sha256:"), imported.all());
    assertEquals(api.hoist.images().dockerInspect("imported:1").id() + "\n", imported.out());
    Result refused = api.docker("import", "-c", "ENV A=1", rootfs.toString(), "imported:2");
    assertEquals(1, refused.code(), refused.all());
    assertTrue(refused.err().contains("no changes"), refused.all());
    api.dockerOk("rmi", "saved:1", "imported:1");
  }

  @Test
  void loginChecksTheRegistryAndPushCarriesTheCredentials() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeHtpasswd();
    try (RegistryProcess registry = RegistryProcess.startWithBasicAuth(
        Map.of("alice", "secret"))) {
      String remote = registry.host() + "/engine/pushed:1";
      api.dockerOk("tag", "busybox:test", remote);
      Result anonymous = api.docker("push", remote);
      assertEquals(1, anonymous.code(), "the registry wants credentials: " + anonymous.all());

      Result refused = api.dockerWithInput("guess\n", "login", "-u", "alice", "--password-stdin",
          registry.host());
      assertEquals(1, refused.code(), refused.all());
      Result login = api.dockerWithInput("secret\n", "login", "-u", "alice", "--password-stdin",
          registry.host());
      assertEquals(0, login.code(), login.all());
      assertTrue(login.out().contains("Login Succeeded"), login.all());
      assertTrue(Files.readString(api.dockerConfig.resolve("config.json"))
          .contains(registry.host()), "the docker CLI keeps the login, not the service");

      Result push = api.dockerOk("push", remote);
      assertTrue(push.out().contains("1: digest: sha256:"), push.all());
      // the registry has it: the store's copy removed, pulled back with the same header
      api.dockerOk("rmi", remote);
      Result pull = api.dockerOk("pull", remote);
      assertTrue(pull.out().contains("Digest: sha256:"), pull.all());
      api.dockerOk("rmi", remote);

      // a classic build's base image pulled with the CLI's logins (X-Registry-Config)
      Path context = Files.createDirectories(api.dir.resolve("private-base"));
      Files.writeString(context.resolve("Dockerfile"), "FROM " + remote + "\n"
          + "RUN echo built > /built.txt\n");
      List<String> build = List.of("env", "DOCKER_BUILDKIT=0", "docker", "build", "-q",
          "--pull", "-t", "engine/on-private:1", ".");
      Result built = api.run(context, build);
      assertEquals(0, built.code(), built.all());
      Result ran = api.dockerOk("run", "--rm", "engine/on-private:1", "cat", "/built.txt");
      assertEquals("built\n", ran.out(), ran.all());
      api.dockerOk("rmi", "engine/on-private:1", remote);
      api.dockerOk("logout", registry.host());
      Result without = api.run(context, build);
      assertEquals(1, without.code(), "no login, no base image: " + without.all());
    }
  }

  @Test
  void searchIsRefusedInDockersShape() throws Exception {
    Result search = api.docker("search", "busybox");
    assertEquals(1, search.code(), search.all());
    assertTrue(search.err().contains("Error response from daemon: searching a registry is "
        + "not supported by hoist"), search.all());
    Result raw = api.curl("-w", " %{http_code}", "http://localhost/images/search?term=x");
    assertTrue(raw.out().endsWith(" 501"), raw.all());
    JsonNode body = CanonicalJson.mapper().readTree(raw.out().substring(0,
        raw.out().lastIndexOf(' ')));
    assertTrue(body.path("message").asText().startsWith("searching"), raw.all());
  }

  @Test
  void prunesRemoveWhatDockerWouldAndSayWhat() throws Exception {
    String gone = api.dockerOk("create", "busybox:test", "true").out().trim();
    Thread.sleep(20);
    java.time.Instant between = java.time.Instant.now();
    Thread.sleep(20);
    String keep = api.dockerOk("create", "busybox:test", "true").out().trim();
    Result containers = api.dockerOk("container", "prune", "-f", "--filter", "until="
        + between.getEpochSecond() + "." + String.format("%09d", between.getNano()));
    assertTrue(containers.out().contains("Deleted Containers:\n" + gone), containers.all());
    assertFalse(containers.out().contains(keep), containers.all());
    assertTrue(containers.out().contains("Total reclaimed space:"), containers.all());

    api.dockerOk("network", "create", "prune-net");
    Result networks = api.dockerOk("network", "prune", "-f");
    assertTrue(networks.out().contains("Deleted Networks:\nprune-net"), networks.all());

    api.dockerOk("volume", "create", "--label", "x=1", "prune-vol");
    Result volumes = api.dockerOk("volume", "prune", "-a", "-f", "--filter", "label=x=1");
    assertTrue(volumes.out().contains("Deleted Volumes:\nprune-vol"), volumes.all());

    Path rootfs = Files.createDirectories(dir.resolve("unused-rootfs"));
    Files.writeString(rootfs.resolve("f"), "unused\n");
    Path tar = dir.resolve("unused.tar");
    assertEquals(0, new ProcessBuilder("tar", "-cf", tar.toString(), "-C", rootfs.toString(),
        ".").start().waitFor());
    api.dockerOk("import", tar.toString(), "unused:1");
    Result dangling = api.dockerOk("image", "prune", "-f");
    assertFalse(dangling.out().contains("unused:1"), "a tagged image is no dangling one");

    Result df = api.dockerOk("system", "df");
    assertTrue(df.out().contains("Images "), df.all());
    assertTrue(df.out().contains("Containers "), df.all());
    assertTrue(df.out().contains("Local Volumes "), df.all());
    Result verbose = api.dockerOk("system", "df", "-v");
    assertTrue(verbose.out().contains("unused "), verbose.all());
    assertTrue(verbose.out().contains(keep.substring(0, 12)), verbose.all());

    // a running container keeps busybox:test; the unused image goes, and the stopped container
    String running = api.dockerOk("run", "-d", "busybox:test", "sh", "-c",
        ContainerCommandsTest.WAIT_A_MINUTE).out().trim();
    try {
      Result system = api.dockerOk("system", "prune", "-a", "--volumes", "-f");
      assertTrue(system.out().contains(keep), system.all());
      assertTrue(system.out().contains("untagged: unused:1"), system.all());
      assertTrue(system.out().contains("Total reclaimed space:"), system.all());
      Result images = api.dockerOk("images", "--format", "{{.Repository}}:{{.Tag}}");
      assertTrue(images.out().contains("busybox:test"), images.all());
      assertFalse(images.out().contains("unused:1"), images.all());
    } finally {
      api.docker("rm", "-f", running);
    }
    Result builder = api.dockerOk("builder", "prune", "-a", "-f");
    assertTrue(builder.out().contains("Total"), builder.all());
    Result badFilter = api.docker("container", "prune", "-f", "--filter", "colour=red");
    assertEquals(1, badFilter.code(), badFilter.all());
  }

  @Test
  void networkConnectAndDisconnectWithAliases() throws Exception {
    api.dockerOk("network", "create", "joined-net");
    api.dockerOk("create", "--name", "joiner", "busybox:test", "true");
    try {
      api.dockerOk("network", "connect", "--alias", "web", "--alias", "www", "joined-net",
          "joiner");
      Result aliases = api.dockerOk("inspect", "-f",
          "{{json .NetworkSettings.Networks}}", "joiner");
      JsonNode nets = CanonicalJson.mapper().readTree(aliases.out());
      assertTrue(nets.path("joined-net").path("Aliases").toString().contains("\"web\""),
          aliases.all());
      assertTrue(nets.path("joined-net").path("Aliases").toString().contains("\"www\""),
          aliases.all());
      Result twice = api.docker("network", "connect", "joined-net", "joiner");
      assertEquals(1, twice.code(), twice.all());
      assertTrue(twice.err().contains("already connected"), twice.all());
      api.dockerOk("network", "disconnect", "joined-net", "joiner");
      assertFalse(api.dockerOk("inspect", "-f", "{{json .NetworkSettings.Networks}}",
          "joiner").out().contains("joined-net"));
    } finally {
      api.docker("rm", "-f", "joiner");
      api.docker("network", "rm", "joined-net");
    }
  }
}
