package dev.hoist.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.BusyboxRootfs;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.Privileges;
import dev.hoist.fixtures.RegistryProcess;
import dev.hoist.internal.registry.RegistryClient;
import dev.hoist.internal.registry.RegistryOptions;
import dev.hoist.internal.registry.RemoteImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageAssembly} on real files, a real docker-registry process and real stores: the
 * layers' bytes, reproducibility, the layer cache, pushes read back, archives and errors.
 */
class ImageAssemblyTest {
  private static RegistryProcess registry;

  @TempDir Path work;

  @BeforeAll
  static void startRegistry() throws IOException {
    if (ExternalTools.available(ExternalTools.DOCKER_REGISTRY)) {
      registry = RegistryProcess.start();
    }
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  private static String ref(String repositoryAndTag) {
    return registry.host() + "/" + repositoryAndTag;
  }

  /** The documentation's example (docs/java-api-assembly.md): assemble an app and push it. */
  static AssemblyResult pushApp(String base, Path libs, Path classes, Path cache, String target)
      throws IOException {
    return ImageAssembly.from(AssemblyBase.registry(base))
        .layer(LayerSpec.named("dependencies").addDirectory(libs, "/app/libs"))
        .layer(LayerSpec.named("classes").addDirectory(classes, "/app/classes")
            .withOwner(1000, 1000))
        .entrypoint("java", "-cp", "/app/classes:/app/libs/*", "com.example.Main")
        .env("JAVA_TOOL_OPTIONS", "-Xss512k")
        .label("org.opencontainers.image.title", "app")
        .exposePort("8080/tcp")
        .workingDir("/app")
        .user("1000:1000")
        .cacheDirectory(cache)
        .assemble(AssemblyTarget.registry(target));
  }

  private Path appFiles(String name, int jars) throws IOException {
    Path libs = Files.createDirectories(work.resolve(name + "/libs"));
    for (int i = 0; i < jars; i++) {
      Files.write(libs.resolve("lib-" + i + ".jar"), ("jar " + i + " ").repeat(1000).getBytes());
    }
    Path classes = Files.createDirectories(work.resolve(name + "/classes/com/example"));
    Files.writeString(classes.resolve("Main.class"), "class bytes v1");
    return work.resolve(name);
  }

  private static Map<String, TarArchiveEntry> entries(Path gzipLayer) throws IOException {
    Map<String, TarArchiveEntry> entries = new TreeMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new GZIPInputStream(Files.newInputStream(gzipLayer)))) {
      for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
        entries.put(e.getName(), e);
      }
    }
    return entries;
  }

  private static Path cachedBlob(Path cache, AssemblyResult result, int layer) {
    return cache.resolve("blobs/sha256").resolve(result.layers().get(layer).hex());
  }

  @Test
  void layerHoldsTheAskedOwnersModesAndTimesNeverTheHosts() throws IOException {
    Path app = appFiles("app", 2);
    Path script = Files.writeString(work.resolve("run.sh"), "#!/bin/sh\n");
    if (Privileges.isRoot()) {
      Files.setAttribute(script, "unix:uid", 1234);
      Files.setAttribute(script, "unix:gid", 1234);
    }
    int hostUid = (Integer) Files.getAttribute(script, "unix:uid");
    assertNotEquals(4242, hostUid);
    Instant when = Instant.parse("2020-02-02T02:02:02Z");
    Path cache = work.resolve("cache");
    AssemblyResult result = ImageAssembly.from(AssemblyBase.scratch())
        .layer(LayerSpec.named("app").addDirectory(app.resolve("libs"), "/app/libs")
            .add(FileEntry.of(script, "/usr/local/bin/run.sh").withMode(0750)
                .withOwner(4242, 4343).withModificationTime(when)))
        .cacheDirectory(cache)
        .assemble(AssemblyTarget.ociArchive(work.resolve("app.tar"), "app:1"));

    Map<String, TarArchiveEntry> entries = entries(cachedBlob(cache, result, 0));
    assertEquals(List.of("app/", "app/libs/", "app/libs/lib-0.jar", "app/libs/lib-1.jar", "usr/",
        "usr/local/", "usr/local/bin/", "usr/local/bin/run.sh"), List.copyOf(entries.keySet()));
    TarArchiveEntry run = entries.get("usr/local/bin/run.sh");
    assertEquals(4242, run.getLongUserId());
    assertEquals(4343, run.getLongGroupId());
    assertEquals(0750, run.getMode() & 07777);
    assertEquals(when, run.getModTime().toInstant());
    TarArchiveEntry jar = entries.get("app/libs/lib-0.jar");
    assertEquals(0, jar.getLongUserId());
    assertEquals(0644, jar.getMode() & 07777);
    assertEquals(LayerSpec.DEFAULT_MODIFICATION_TIME, jar.getModTime().toInstant());
    assertEquals(0755, entries.get("usr/").getMode() & 07777);
    assertEquals("", run.getUserName());
  }

  @Test
  void sameInputsGiveTheSameDigestWhateverTheHostTimesAndCaches() throws IOException {
    Path app = appFiles("app", 3);
    ImageAssembly assembly = ImageAssembly.from(AssemblyBase.scratch())
        .layer(LayerSpec.named("libs").addDirectory(app.resolve("libs"), "/app/libs"))
        .layer(LayerSpec.named("classes").addDirectory(app.resolve("classes"), "/app/classes"))
        .entrypoint("/app/run").platforms(Platform.parse("linux/amd64"));
    AssemblyResult first = assembly.cacheDirectory(work.resolve("cache-1"))
        .assemble(AssemblyTarget.ociArchive(work.resolve("1.tar"), "app:1"));
    try (var files = Files.walk(app)) {
      for (Path p : files.toList()) {
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2031-01-01T00:00:00Z")));
      }
    }
    AssemblyResult second = assembly.cacheDirectory(work.resolve("cache-2"))
        .assemble(AssemblyTarget.ociArchive(work.resolve("2.tar"), "app:1"));
    assertEquals(2, second.layersBuilt(), "a fresh cache writes every layer");
    assertEquals(first.digest(), second.digest());
    assertEquals(Files.readAllBytes(work.resolve("1.tar")).length,
        Files.readAllBytes(work.resolve("2.tar")).length);
  }

  @Test
  void secondAssemblyTakesTheUnchangedLayerFromTheCache() throws IOException, InterruptedException {
    Path app = appFiles("app", 3);
    Path cache = work.resolve("cache");
    ImageAssembly assembly = ImageAssembly.from(AssemblyBase.scratch())
        .layer(LayerSpec.named("libs").addDirectory(app.resolve("libs"), "/app/libs"))
        .layer(LayerSpec.named("classes").addDirectory(app.resolve("classes"), "/app/classes"))
        .cacheDirectory(cache);
    AssemblyResult first = assembly.assemble(AssemblyTarget.ociArchive(work.resolve("1.tar"), "a"));
    assertEquals(2, first.layersBuilt());
    FileTime libsWritten = Files.getLastModifiedTime(cachedBlob(cache, first, 0));

    Files.writeString(app.resolve("classes/com/example/Main.class"), "class bytes v2");
    Thread.sleep(20);
    AssemblyResult second = assembly.assemble(AssemblyTarget.ociArchive(work.resolve("2.tar"), "a"));
    assertEquals(1, second.layersBuilt(), "only the changed classes layer is written");
    assertEquals(1, second.layersReused());
    assertEquals(first.layers().get(0), second.layers().get(0));
    assertNotEquals(first.layers().get(1), second.layers().get(1));
    assertEquals(libsWritten, Files.getLastModifiedTime(cachedBlob(cache, second, 0)),
        "the libs layer's blob was not written again");
  }

  @Test
  void truncatedOrUnreadableCacheEntryIsWrittenAgain() throws IOException {
    Path app = appFiles("app", 2);
    Path cache = work.resolve("cache");
    ImageAssembly assembly = ImageAssembly.from(AssemblyBase.scratch())
        .layer(LayerSpec.named("libs").addDirectory(app.resolve("libs"), "/app/libs"))
        .cacheDirectory(cache);
    AssemblyResult first = assembly.assemble(AssemblyTarget.ociArchive(work.resolve("1.tar"), "a"));
    Path blob = cachedBlob(cache, first, 0);
    try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    AssemblyResult truncated = assembly.assemble(AssemblyTarget.ociArchive(work.resolve("2.tar"), "a"));
    assertEquals(1, truncated.layersBuilt(), "a truncated blob is not used");
    assertEquals(first.digest(), truncated.digest());

    try (var records = Files.list(cache.resolve("selectors"))) {
      for (Path record : records.toList()) {
        Files.writeString(record, "digest=sha256:zz\n");
      }
    }
    AssemblyResult garbled = assembly.assemble(AssemblyTarget.ociArchive(work.resolve("3.tar"), "a"));
    assertEquals(1, garbled.layersBuilt(), "an unreadable record is not used");
    assertEquals(first.digest(), garbled.digest());
    assertEquals(0, assembly.assemble(AssemblyTarget.ociArchive(work.resolve("4.tar"), "a"))
        .layersBuilt(), "the rewritten entry is used again");
  }

  @Test
  void blobChangedInPlaceWithItsTimeKeptFailsWhenReadAndIsRemoved() throws IOException {
    Path app = appFiles("app", 2);
    Path cache = work.resolve("cache");
    ImageAssembly assembly = ImageAssembly.from(AssemblyBase.scratch())
        .layer(LayerSpec.named("libs").addDirectory(app.resolve("libs"), "/app/libs"))
        .cacheDirectory(cache);
    AssemblyResult first = assembly.assemble(AssemblyTarget.ociArchive(work.resolve("1.tar"), "a"));
    Path blob = cachedBlob(cache, first, 0);
    FileTime time = Files.getLastModifiedTime(blob);
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(blob, bytes);
    Files.setLastModifiedTime(blob, time);

    AssemblyException e = assertThrows(AssemblyException.class,
        () -> assembly.assemble(AssemblyTarget.ociArchive(work.resolve("2.tar"), "a")));
    assertTrue(e.getMessage().contains(blob.toString()) && e.getMessage().contains("removed"),
        e.getMessage());
    AssemblyResult again = assembly.assemble(AssemblyTarget.ociArchive(work.resolve("3.tar"), "a"));
    assertEquals(1, again.layersBuilt());
    assertEquals(first.digest(), again.digest());
  }

  @Test
  void missingSourceFileIsOneClearError() throws IOException {
    Path missing = work.resolve("target/app.jar");
    AssemblyException e = assertThrows(AssemblyException.class, () ->
        ImageAssembly.from(AssemblyBase.scratch())
            .layer(LayerSpec.named("jars").addJar(missing, "/app"))
            .cacheDirectory(work.resolve("cache"))
            .assemble(AssemblyTarget.ociArchive(work.resolve("x.tar"), "x")));
    assertEquals("layer \"jars\": the source " + missing + " (for /app/app.jar) does not exist",
        e.getMessage());
    assertTrue(Files.notExists(work.resolve("x.tar")));
  }

  @Test
  void pushedImageReadBackHasTheAskedConfigAndTheBaseLayersAreNeverUploaded() throws IOException {
    assumeTrue(registry != null, "needs docker-registry (apt-get install docker-registry): skipped");
    Path rootfs = BusyboxRootfs.create(work.resolve("rootfs"));
    String base = ref("base/busybox:1");
    ImageAssembly.from(AssemblyBase.scratch())
        .layer(LayerSpec.named("busybox").addDirectory(rootfs, "/")
            .add(FileEntry.of(rootfs.resolve("bin/busybox"), "/bin/busybox").withMode(0755)))
        .cacheDirectory(work.resolve("base-cache"))
        .assemble(AssemblyTarget.registry(base));
    Path app = appFiles("app", 3);
    Map<String, String> outcomes = new ConcurrentHashMap<>();
    AssemblyResult pushed = ImageAssembly.from(AssemblyBase.registry(base))
        .layer(LayerSpec.named("dependencies").addDirectory(app.resolve("libs"), "/app/libs"))
        .layer(LayerSpec.named("classes").addDirectory(app.resolve("classes"), "/app/classes"))
        .entrypoint("java", "-cp", "/app/classes:/app/libs/*", "com.example.Main")
        .env("JAVA_TOOL_OPTIONS", "-Xss512k").label("team", "blue").exposePort("8080")
        .workingDir("/app").user("1000:1000")
        .cacheDirectory(work.resolve("cache"))
        .progress(new ProgressListener() {
          @Override
          public void finished(Descriptor blob, String outcome) {
            outcomes.put(blob.digest().toString(), outcome);
          }
        })
        .assemble(AssemblyTarget.registry(ref("apps/app:1")));

    try (RegistryClient client = RegistryClient.connect(registry.host(),
        RegistryOptions.defaults())) {
      Image image = (Image) new RemoteImages(client, RegistryOptions.defaults().limits())
          .get(ImageName.parse(ref("apps/app:1")));
      assertEquals(pushed.digest(), image.descriptor().digest());
      ImageConfig config = image.config();
      ContainerConfig c = config.config();
      assertEquals(List.of("java", "-cp", "/app/classes:/app/libs/*", "com.example.Main"),
          c.entrypoint());
      assertTrue(c.env().contains("JAVA_TOOL_OPTIONS=-Xss512k"), c.env().toString());
      assertEquals("blue", c.labels().get("team"));
      assertTrue(c.exposedPorts().contains("8080/tcp"));
      assertEquals("/app", c.workingDir());
      assertEquals("1000:1000", c.user());
      assertEquals("1970-01-01T00:00:00Z", config.created());
      assertEquals(3, image.layers().size());
      assertEquals(pushed.layers(), image.manifest().layers().subList(1, 3).stream()
          .map(Descriptor::digest).toList());
      String baseLayer = image.manifest().layers().get(0).digest().toString();
      assertEquals("Mounted from base/busybox", outcomes.get(baseLayer));
      assertEquals("Pushed", outcomes.get(pushed.layers().get(0).toString()));
    }

    // the documentation's example, from a fresh cache: the same dependency layer (reproducible),
    // another classes layer (owned by 1000:1000)
    AssemblyResult example = pushApp(base, app.resolve("libs"), app.resolve("classes"),
        work.resolve("cache-doc"), ref("apps/app:2"));
    assertEquals(2, example.layersBuilt());
    assertEquals(pushed.layers().get(0), example.layers().get(0));
    assertNotEquals(pushed.layers().get(1), example.layers().get(1));
  }

  @Test
  void pushToARegistryThatNeedsCredentialsUsesTheGivenOnes() throws IOException {
    assumeTrue(registry != null, "needs docker-registry (apt-get install docker-registry): skipped");
    ExternalTools.assumeHtpasswd();
    Path app = appFiles("app", 1);
    try (RegistryProcess locked = RegistryProcess.startWithBasicAuth(Map.of("alice", "s3cret"))) {
      ImageAssembly assembly = ImageAssembly.from(AssemblyBase.scratch())
          .layer(LayerSpec.named("libs").addDirectory(app.resolve("libs"), "/app/libs"))
          .cacheDirectory(work.resolve("cache"));
      AssemblyTarget target = AssemblyTarget.registry(locked.host() + "/private/app:1");
      HoistRegistryException refused = assertThrows(HoistRegistryException.class,
          () -> assembly.assemble(target));
      assertEquals(HoistRegistryException.Code.UNAUTHORIZED, refused.code(), refused.getMessage());
      assertTrue(refused.getMessage().contains("requires authentication"), refused.getMessage());
      AssemblyResult pushed = assembly.credentials(locked.host(), "alice", "s3cret").assemble(target);
      try (RegistryClient client = RegistryClient.connect(locked.host(), RegistryOptions.defaults()
          .withCredentials(dev.hoist.internal.registry.CredentialSource.ANONYMOUS.with(locked.host(),
              new dev.hoist.internal.registry.Credentials("alice", "s3cret"))))) {
        assertEquals(pushed.digest(), client.headManifest("private/app", "1").orElseThrow().digest());
      }
    }
  }

  @Test
  void cachedLayerPushedToAnotherRepositoryIsMountedNotUploaded() throws IOException {
    assumeTrue(registry != null, "needs docker-registry (apt-get install docker-registry): skipped");
    Path app = appFiles("app", 2);
    Map<String, String> outcomes = new ConcurrentHashMap<>();
    ImageAssembly assembly = ImageAssembly.from(AssemblyBase.scratch())
        .layer(LayerSpec.named("libs").addDirectory(app.resolve("libs"), "/app/libs"))
        .cacheDirectory(work.resolve("cache"))
        .progress(new ProgressListener() {
          @Override
          public void finished(Descriptor blob, String outcome) {
            outcomes.put(blob.digest().toString(), outcome);
          }
        });
    AssemblyResult first = assembly.assemble(AssemblyTarget.registry(ref("team-a/app:1")));
    String libs = first.layers().get(0).toString();
    assertEquals("Pushed", outcomes.get(libs));
    assembly.assemble(AssemblyTarget.registry(ref("team-b/app:1")));
    assertEquals("Mounted from team-a/app", outcomes.get(libs));
  }

  @Test
  void severalPlatformsMakeAnIndexStoredAndTagged() throws IOException {
    Path app = appFiles("app", 1);
    Path home = work.resolve("home");
    AssemblyResult result = ImageAssembly.from(AssemblyBase.scratch())
        .layer(LayerSpec.named("libs").addDirectory(app.resolve("libs"), "/app/libs"))
        .platforms(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"))
        .cacheDirectory(work.resolve("cache"))
        .assemble(AssemblyTarget.store(home, "example.com/app:multi"));
    assertEquals(MediaTypes.OCI_INDEX, result.manifest().mediaType());
    assertEquals(2, result.configs().size());
    assertEquals(1, result.layersBuilt(), "one layer serves both platforms");
    ImageStore store = new ImageStore(new HoistHome(home));
    assertEquals(result.digest(), store.get(ImageName.parse("example.com/app:multi"))
        .orElseThrow().digest());

    AssemblyResult onStore = ImageAssembly.from(AssemblyBase.store(home, "example.com/app:multi"))
        .platforms(Platform.parse("linux/arm64")).cmd("/app/run")
        .cacheDirectory(work.resolve("cache"))
        .assemble(AssemblyTarget.dockerArchive(work.resolve("arm.tar"), "app:arm"));
    assertEquals(MediaTypes.OCI_MANIFEST, onStore.manifest().mediaType());
    if (ExternalTools.available("skopeo")) {
      String inspected = ExternalTools.output("skopeo", "inspect", "--config",
          "docker-archive:" + work.resolve("arm.tar"));
      assertTrue(inspected.contains("\"architecture\":\"arm64\"")
          || inspected.contains("\"architecture\": \"arm64\""), inspected);
      assertTrue(inspected.contains("/app/run"), inspected);
    }
  }
}
