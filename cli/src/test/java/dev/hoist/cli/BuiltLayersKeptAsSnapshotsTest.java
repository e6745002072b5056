package dev.hoist.cli;

import static dev.hoist.cli.CliRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.snapshot.LayerRecipes;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images hoist built keep their layers as snapshots alone (the compressed blobs become recipes):
 * push, save and load still give the very same digests, a damaged snapshot stops a push with a
 * clear error before a wrong byte reaches the registry, and removing the image removes recipes
 * and snapshots together. Real builds, a real registry (root, busybox-static, docker-registry;
 * skipped otherwise).
 */
class BuiltLayersKeptAsSnapshotsTest {
  @TempDir Path dir;

  @AfterEach
  void tearDown() {
    CliHome.release();
  }

  private HoistHome useHome(String name) {
    return CliHome.use(dir.resolve(name));
  }

  /**
   * Builds {@code tag}: a COPY layer (hard links, a symlink, a directory with an old mtime) and a
   * RUN layer with a whiteout, an opaque directory, hard links and 6 MB of random bytes; then an
   * image on top of it and a container of it, both standing on its snapshots as lower
   * directories. Returns the built layers (the base's excluded).
   */
  private List<Descriptor> buildApp(HoistHome home, String tag) throws Exception {
    BusyboxImage.create(home, dir, "busybox:test",
        ContainerConfig.builder().cmd(List.of("sh")).build());
    Path context = Files.createDirectories(dir.resolve("context"));
    Path files = Files.createDirectories(context.resolve("files"));
    Files.createDirectories(files.resolve("sub"));
    Files.writeString(files.resolve("a.txt"), "a\n".repeat(5000));
    Files.createLink(files.resolve("a-link.txt"), files.resolve("a.txt"));
    Files.createSymbolicLink(files.resolve("sub/to-a"), Path.of("../a.txt"));
    Files.setLastModifiedTime(files.resolve("sub"), FileTime.fromMillis(1_000_000));
    Files.writeString(context.resolve("Dockerfile"), """
        FROM busybox:test
        COPY files /files
        RUN B=/bin/busybox; $B rm /data/seed.txt && $B rm -rf /home && $B mkdir -p /home/x \\
         && echo new > /home/x/new && $B ln /home/x/new /home/x/new2 \\
         && $B dd if=/dev/urandom of=/random.bin bs=1024 count=6144 2>/dev/null \\
         && $B touch -d @1000 /home/x
        """);
    ok("build", "--progress", "plain", "-t", tag, context.toString());
    Path next = Files.createDirectories(dir.resolve("next"));
    Files.writeString(next.resolve("Dockerfile"), "FROM " + tag + "\n"
        + "RUN echo more > /files/more.txt && cat /home/x/new2\n");
    ok("build", "--progress", "plain", "-t", "next:1", next.toString());
    assertEquals("new\n", ok("run", "--rm", tag, "cat", "/home/x/new").out());

    ImageStore store = new ImageStore(home);
    Descriptor manifest = store.resolve(tag).orElseThrow();
    List<Descriptor> layers = new ImageReader(store.blobs()).image(manifest, Platform.host())
        .manifest().layers();
    return layers.subList(1, layers.size());
  }

  private static void assertKeptAsSnapshots(HoistHome home, List<Descriptor> layers) {
    LayerRecipes recipes = new LayerRecipes(home);
    assertEquals(2, layers.size());
    for (Descriptor layer : layers) {
      assertFalse(Files.exists(home.blobs().resolve("sha256").resolve(layer.digest().hex())),
          "the compressed blob of " + layer.digest() + " is still on disk");
      assertTrue(Files.isRegularFile(recipes.path(layer.digest())), "no recipe for " + layer);
    }
  }

  private static Digest localManifest(String tag) throws Exception {
    return currentStore().resolve(tag).orElseThrow().digest();
  }

  /** The store of the home the last {@link #useHome} chose. */
  private static ImageStore currentStore() throws Exception {
    return new ImageStore(new HoistHome(Path.of(System.getProperty("hoist.home"))));
  }

  /** The image ID, as Docker shows it: the config's digest. */
  private static Digest imageId(String tag) throws Exception {
    ImageStore store = currentStore();
    return new ImageReader(store.blobs()).image(store.resolve(tag).orElseThrow(),
        Platform.host()).manifest().config().digest();
  }

  @Test
  void aBuiltImagePushedWithItsBlobsDroppedHasTheSameManifestDigestAndPullsBack()
      throws Exception {
    BusyboxImage.assumeUsable();
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      String tag = registry.host() + "/kept/app:1";
      HoistHome home = useHome("builder");
      List<Descriptor> layers = buildApp(home, tag);
      assertKeptAsSnapshots(home, layers);
      Digest local = localManifest(tag);

      CliRun pushed = ok("push", "--progress=quiet", tag);
      // the registry checked every uploaded layer against its digest; the manifest is the same
      assertTrue(pushed.out().contains(": digest: " + local + " "), pushed.out());

      useHome("puller");
      ok("pull", "--progress=quiet", tag);
      assertEquals(local, localManifest(tag));
      assertEquals("new\n", ok("run", "--rm", tag, "cat", "/home/x/new2").out());
    }
  }

  @Test
  void aBuiltImageSavedAndLoadedKeepsItsDigests() throws Exception {
    BusyboxImage.assumeUsable();
    HoistHome home = useHome("builder");
    assertKeptAsSnapshots(home, buildApp(home, "app:1"));
    Digest manifest = localManifest("app:1");
    Digest id = imageId("app:1");
    ok("save", "--format", "oci", "-o", dir.resolve("app-oci.tar").toString(), "app:1");
    ok("save", "-o", dir.resolve("app-docker.tar").toString(), "app:1");

    useHome("loaded-oci");
    ok("load", "-i", dir.resolve("app-oci.tar").toString());
    assertEquals(manifest, localManifest("app:1"));
    useHome("loaded-docker");
    ok("load", "-i", dir.resolve("app-docker.tar").toString());
    assertEquals(id, imageId("app:1"));
  }

  @Test
  void aDamagedSnapshotStopsThePushWithAClearErrorAndNoWrongBlob() throws Exception {
    BusyboxImage.assumeUsable();
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      String tag = registry.host() + "/kept/app:1";
      HoistHome home = useHome("builder");
      List<Descriptor> layers = buildApp(home, tag);
      assertKeptAsSnapshots(home, layers);
      Descriptor run = layers.get(1);
      Digest diffId = new ImageReader(new ImageStore(home).blobs())
          .image(new ImageStore(home).resolve(tag).orElseThrow(), Platform.host())
          .config().diffIds().get(2);
      Path random = home.snapshots().resolve(diffId.hex()).resolve("random.bin");
      FileTime mtime = Files.getLastModifiedTime(random);
      try (RandomAccessFile raf = new RandomAccessFile(random.toFile(), "rw")) {
        raf.seek(1 << 20);
        int b = raf.read();
        raf.seek(1 << 20);
        raf.write(b ^ 0xff); // one byte, same length: the (stored) blob keeps its size
      }
      Files.setLastModifiedTime(random, mtime);

      CliRun pushed = CliRun.run("push", "--progress=quiet", tag);
      assertNotEquals(0, pushed.code(), pushed.out());
      assertTrue(pushed.err().contains("layer " + run.digest() + " (" + run.size()
          + " bytes) cannot be made again byte for byte")
          && pushed.err().contains("files changed after the layer was built"), pushed.err());
      assertFalse(pushed.err().contains("\tat "), "a stack trace: " + pushed.err());
      assertTrue(pushed.err().startsWith("error: layer " + run.digest()),
          "taken for a broken connection (and retried): " + pushed.err());
      Path uploaded = registry.storageDir().resolve("docker/registry/v2/blobs/sha256")
          .resolve(run.digest().hex().substring(0, 2)).resolve(run.digest().hex());
      assertFalse(Files.exists(uploaded), "the registry holds the damaged layer");
    }
  }

  @Test
  void removingABuiltImageAndItsCacheRemovesRecipesWithTheirSnapshots() throws Exception {
    BusyboxImage.assumeUsable();
    HoistHome home = useHome("builder");
    List<Descriptor> layers = buildApp(home, "app:1");
    assertKeptAsSnapshots(home, layers);
    ok("rmi", "next:1", "app:1");
    ok("system", "prune", "-a", "-f");
    try (var recipes = Files.list(home.recipes().resolve("sha256"))) {
      assertEquals(List.of(), recipes.toList());
    }
    for (Descriptor layer : layers) {
      assertFalse(new ImageStore(home).blobs().contains(layer.digest()));
    }
    try (var snapshots = Files.list(home.snapshots())) {
      assertEquals(List.of(), snapshots.toList(), "snapshots were left after the prune");
    }
  }
}
