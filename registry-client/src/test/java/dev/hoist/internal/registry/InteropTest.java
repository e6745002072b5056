package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Independent implementations on the same registry: skopeo and Jib core push and pull with hoist. */
class InteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static void assumeSkopeo() {
    Assumptions.assumeTrue(ExternalTools.available("skopeo"), "skopeo is not installed (apt-get install skopeo)");
  }

  private static String skopeo(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
    return output;
  }

  /** The image as an OCI layout directory (what skopeo reads as {@code oci:DIR:TAG}). */
  private static Path ociLayout(ImageStore store, Descriptor manifest, Path dir, String tag) throws IOException {
    ImageManifest m = new ImageReader(store.blobs()).manifest(manifest.digest());
    List<Digest> blobs = new ArrayList<>(List.of(manifest.digest(), m.config().digest()));
    m.layers().forEach(l -> blobs.add(l.digest()));
    Files.createDirectories(dir.resolve("blobs/sha256"));
    for (Digest d : blobs) {
      Files.copy(store.blobs().path(d), dir.resolve("blobs/sha256").resolve(d.hex()));
    }
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
        + manifest.mediaType() + "\",\"digest\":\"" + manifest.digest() + "\",\"size\":" + manifest.size()
        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
    return dir;
  }

  @Test
  void imagePushedBySkopeoIsPulledByHoistWithIdenticalDigests() throws Exception {
    ExternalTools.assumeRegistry();
    assumeSkopeo();
    try (RegistryProcess registry = RegistryProcess.start()) {
      ImageStore source = TestImages.store(tmp.resolve("src"));
      Descriptor image = TestImages.image(source, null, 3, 300_000, 21);
      Path layout = ociLayout(source, image, tmp.resolve("layout"), "v1");
      String ref = registry.host() + "/skopeo/pushed:v1";
      skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", "docker://" + ref);

      ImageStore target = TestImages.store(tmp.resolve("dst"));
      {
        TransferResult pulled = TestImages.pull(target, ref, RegistryOptions.defaults());
        String raw = skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + ref);
        assertEquals(Digest.sha256(raw.getBytes(StandardCharsets.UTF_8)), pulled.root().digest());
        assertArrayEquals(raw.getBytes(StandardCharsets.UTF_8), target.blobs().read(pulled.image().digest()));
        ImageManifest m = new ImageReader(target.blobs()).manifest(pulled.image().digest());
        ImageManifest original = new ImageReader(source.blobs()).manifest(image.digest());
        assertEquals(original.layers().stream().map(Descriptor::digest).toList(),
            m.layers().stream().map(Descriptor::digest).toList());
        for (Descriptor layer : m.layers()) {
          assertTrue(target.blobs().verify(layer.digest()));
        }
      }
    }
  }

  @Test
  void imagePushedByHoistIsPulledBySkopeo() throws Exception {
    ExternalTools.assumeRegistry();
    assumeSkopeo();
    try (RegistryProcess registry = RegistryProcess.start()) {
      ImageStore store = TestImages.store(tmp.resolve("src"));
      String ref = registry.host() + "/hoist/pushed:v1";
      Descriptor image = TestImages.image(store, ref, 3, 300_000, 22);
      TestImages.push(store, ref, RegistryOptions.defaults());
      Path out = tmp.resolve("skopeo-out");
      skopeo("copy", "--src-tls-verify=false", "docker://" + ref, "oci:" + out + ":v1");
      JsonNode index = JSON.readTree(out.resolve("index.json").toFile());
      assertEquals(image.digest().toString(), index.path("manifests").get(0).path("digest").asText());
      ImageManifest m = new ImageReader(store.blobs()).manifest(image.digest());
      for (Descriptor layer : m.layers()) {
        assertArrayEquals(store.blobs().read(layer.digest()),
            Files.readAllBytes(out.resolve("blobs/sha256").resolve(layer.digest().hex())));
      }
    }
  }

  @Test
  void jibBuildsOnAHoistPushedBaseAndHoistPullsTheResult() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      ImageStore store = TestImages.store(tmp.resolve("src"));
      String base = registry.host() + "/hoist/base:1";
      Descriptor baseImage = TestImages.image(store, base, 2, 200_000, 23);
      TestImages.push(store, base, RegistryOptions.defaults());
      Path app = Files.writeString(tmp.resolve("hello.txt"), "hello from jib\n");
      String target = registry.host() + "/jib/app:1";
      JibContainer container = Jib.from(RegistryImage.named(base))
          .addLayer(List.of(app), AbsoluteUnixPath.get("/app"))
          .setEntrypoint("/bin/cat", "/app/hello.txt")
          .containerize(Containerizer.to(RegistryImage.named(target))
              .setAllowInsecureRegistries(true)
              .setBaseImageLayersCache(tmp.resolve("jib-base-cache"))
              .setApplicationLayersCache(tmp.resolve("jib-app-cache")));

      ImageStore pulledStore = TestImages.store(tmp.resolve("dst"));
      {
        TransferResult pulled = TestImages.pull(pulledStore, target, RegistryOptions.defaults());
        assertEquals(container.getDigest().toString(), pulled.root().digest().toString());
        ImageManifest built = new ImageReader(pulledStore.blobs()).manifest(pulled.image().digest());
        ImageManifest original = new ImageReader(store.blobs()).manifest(baseImage.digest());
        assertEquals(3, built.layers().size());
        assertEquals(original.layers().get(0).digest(), built.layers().get(0).digest());
        assertEquals(original.layers().get(1).digest(), built.layers().get(1).digest());
        var config = new ImageReader(pulledStore.blobs()).config(built.config().digest());
        assertEquals(List.of("/bin/cat", "/app/hello.txt"), config.config().entrypoint());
      }
      assertTrue(pulledStore.get(ImageName.parse(target)).isPresent());
    }
  }
}
