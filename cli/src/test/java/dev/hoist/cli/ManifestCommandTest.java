package dev.hoist.cli;

import static dev.hoist.cli.CliRun.ok;
import static dev.hoist.cli.CliRun.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cache.model.Platform;
import dev.hoist.fixtures.BusyboxRootfs;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist manifest create/add/annotate/inspect/push/rm} against the test registry, the
 * pushed list read back by skopeo ({@code inspect --raw}). The two images are the host's busybox
 * root imported as linux/amd64 and as linux/arm64 (a list cares for configs, not for CPUs):
 * static busybox, docker-registry and skopeo needed; skipped otherwise.
 */
class ManifestCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeEach
  void needs() {
    assumeTrue(Files.isExecutable(BusyboxRootfs.BUSYBOX), "no static /bin/busybox: skipped");
    ExternalTools.assumeRegistry();
    assumeTrue(ExternalTools.available("skopeo"), "skopeo is not installed: skipped");
  }

  @AfterEach
  void tearDown() {
    CliHome.release();
  }

  private Path home(String name) {
    return CliHome.use(dir.resolve(name)).root();
  }

  private void bases(Path home) throws Exception {
    ImageStore store = new ImageStore(new HoistHome(home));
    store.initialise();
    Path tar = BusyboxRootfs.tar(Files.createTempDirectory(dir, "root-"));
    for (String arch : new String[] {"amd64", "arm64"}) {
      BusyboxImage.importAs(store, tar, "bb:" + arch, Platform.parse("linux/" + arch));
    }
  }

  @Test
  void createAddAnnotatePushRoundTripReadBySkopeo() throws Exception {
    try (RegistryProcess registry = RegistryProcess.start()) {
      bases(home("maker"));
      String remoteArm = registry.host() + "/mf/bb:arm64";
      ok("push", "bb:arm64", remoteArm);
      String list = registry.host() + "/mf/list:1";

      // created from a local image; a second create is refused, an image is no list
      String first = ok("manifest", "create", list, "bb:amd64")
          .out().strip();
      assertTrue(first.startsWith("sha256:"), first);
      assertTrue(refused("manifest", "create", list, "bb:amd64").err().contains("already exists"));
      assertTrue(refused("manifest", "rm", "bb:amd64").err().contains("not a manifest list"));

      // added from the registry (not tagged locally), then annotated by the name it came from
      ok("manifest", "add", list, remoteArm);
      ok("manifest", "annotate", "--variant", "v8", "--os-version", "12",
          "--os-features", "sse4,vx", "--annotation", "org.example.note=arm", list, remoteArm);
      assertTrue(refused("manifest", "annotate", list, remoteArm).err()
          .contains("nothing to annotate"));

      JsonNode local = JSON.readTree(ok("manifest", "inspect", list).out());
      assertEquals("application/vnd.oci.image.index.v1+json", local.get("mediaType").asText());
      assertEquals(2, local.get("manifests").size(), local.toString());
      JsonNode arm = local.get("manifests").get(1).get("platform");
      assertEquals("arm64", arm.get("architecture").asText());
      assertEquals("v8", arm.get("variant").asText());
      assertEquals("12", arm.get("os.version").asText());
      assertEquals("[\"sse4\",\"vx\"]", arm.get("os.features").toString());
      assertEquals("arm", local.get("manifests").get(1).get("annotations")
          .get("org.example.note").asText());
      assertEquals("amd64", local.get("manifests").get(0).get("platform").get("architecture")
          .asText());

      // hoist images lists the list with its platforms (a list without this CPU's image too)
      ok("manifest", "create", "arm-only:1", "bb:arm64");
      String images = ok("images", "--format", "{{.Repository}}:{{.Tag}} {{.Platforms}}").out();
      assertTrue(images.contains(registry.host() + "/mf/list:1 linux/amd64,linux/arm64/v8\n"),
          images);
      assertTrue(images.contains("arm-only:1 linux/arm64\n"), images);
      assertTrue(images.contains("bb:amd64 linux/amd64\n"), images);

      // pushed, with the images it names; skopeo reads the same list
      String pushed = ok("manifest", "push", list).out().strip();
      String raw = ExternalTools.output("skopeo", "--insecure-policy", "inspect",
          "--tls-verify=false", "--raw", "docker://" + list);
      assertEquals(local, JSON.readTree(raw));
      assertTrue(ExternalTools.output("skopeo", "--insecure-policy", "inspect",
          "--tls-verify=false", "--raw", "docker://" + registry.host() + "/mf/list@" + pushed)
          .contains("\"variant\":\"v8\""));
      String amd64 = local.get("manifests").get(0).get("digest").asText();
      assertTrue(ExternalTools.output("skopeo", "--insecure-policy", "inspect",
          "--tls-verify=false", "--raw", "docker://" + registry.host() + "/mf/list@" + amd64)
          .contains("application/vnd.oci.image.manifest.v1+json"));

      // removed locally: inspect then reads the registry's; rm again is refused
      ok("manifest", "rm", list);
      assertTrue(refused("manifest", "rm", list).err().contains("no such manifest list"));
      assertEquals(local, JSON.readTree(ok("manifest", "inspect", list).out()));

      // another machine: the registry's list, verbose; a list of a list's every image, purged
      home("reader");
      JsonNode verbose = JSON.readTree(ok("manifest", "inspect", "--verbose", list).out());
      assertEquals(2, verbose.size(), verbose.toString());
      assertEquals(registry.host() + "/mf/list@" + amd64, verbose.get(0).get("Ref").asText());
      assertTrue(verbose.get(0).has("OCIManifest"), verbose.toString());
      assertEquals("v8", verbose.get(1).get("Descriptor").get("platform").get("variant").asText());
      String copy = registry.host() + "/mf/copy:1";
      ok("manifest", "create", "--all", copy, list);
      ok("manifest", "push", "--purge", copy);
      assertEquals(JSON.readTree(raw).get("manifests").get(1).get("digest"),
          JSON.readTree(ExternalTools.output("skopeo", "--insecure-policy", "inspect",
              "--tls-verify=false", "--raw", "docker://" + copy)).get("manifests").get(1)
              .get("digest"));
      assertTrue(refused("manifest", "push", copy).err().contains("no such manifest list"));
    }
  }

  @Test
  void aBuildWritesADockerManifestListOnRequestAndAListOfItsImagesStaysOne() throws Exception {
    try (RegistryProcess registry = RegistryProcess.start()) {
      bases(home("docker"));
      Path context = Files.createDirectories(dir.resolve("ctx"));
      Files.writeString(context.resolve("Dockerfile"), "ARG TARGETARCH\nFROM bb:${TARGETARCH}\n");
      String app = registry.host() + "/mf/docker:1";
      ok("build", "--progress", "plain", "--platform", "linux/amd64,linux/arm64",
          "-o", "type=image,oci-mediatypes=false", "-t", app, "--push", context.toString());
      JsonNode raw = JSON.readTree(ExternalTools.output("skopeo", "--insecure-policy", "inspect",
          "--tls-verify=false", "--raw", "docker://" + app));
      assertEquals("application/vnd.docker.distribution.manifest.list.v2+json",
          raw.get("mediaType").asText(), raw.toString());
      String arm = raw.get("manifests").get(1).get("digest").asText();
      JsonNode armManifest = JSON.readTree(ExternalTools.output("skopeo", "--insecure-policy",
          "inspect", "--tls-verify=false", "--raw", "docker://" + registry.host() + "/mf/docker@"
              + arm));
      assertEquals("application/vnd.docker.distribution.manifest.v2+json",
          armManifest.get("mediaType").asText());
      assertEquals("application/vnd.docker.container.image.v1+json",
          armManifest.get("config").get("mediaType").asText());
      assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip",
          armManifest.get("layers").get(0).get("mediaType").asText(), armManifest.toString());

      // a list made of its images is a Docker list too; the verbose view names SchemaV2Manifest
      ok("manifest", "create", "--all", "again:1", app);
      assertEquals(raw, JSON.readTree(ok("manifest", "inspect", "again:1").out()));
      assertTrue(JSON.readTree(ok("manifest", "inspect", "-v", "again:1").out()).get(0)
          .has("SchemaV2Manifest"));
      // one platform has no list to make
      assertTrue(CliRun.run("build", "--progress", "plain", "-o",
          "type=image,oci-mediatypes=false", context.toString()).err()
          .contains("oci-mediatypes=false applies to a multi-platform build"));
    }
  }
}
