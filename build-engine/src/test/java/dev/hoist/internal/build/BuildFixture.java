package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.internal.cache.archive.RootfsImporter;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.fixtures.BusyboxRootfs;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.internal.cache.layer.ExtractOptions;
import dev.hoist.internal.cache.layer.LayerExtractor;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** A store with the busybox base, a context directory, and helpers to build and look inside. */
final class BuildFixture {
  /** The base image of the tests, made by {@link #withBusybox}. */
  static final String BUSYBOX = "hoist-test/busybox:latest";

  final Path work;
  final ImageStore store;
  final Path context;
  final BuildEngine engine;

  BuildFixture(Path work, String homeName) throws IOException {
    this(work, homeName, LocalBaseImages::new);
  }

  /** A fixture whose engine gets base images from {@code bases} (e.g. a registry's). */
  BuildFixture(Path work, String homeName,
      java.util.function.Function<ImageStore, BaseImages> bases) throws IOException {
    this.work = work;
    this.store = new ImageStore(new HoistHome(work.resolve(homeName)));
    store.initialise();
    this.context = Files.createDirectories(work.resolve("context"));
    this.engine = new BuildEngine(store, bases.apply(store),
        Map.of("TOKEN_VAR", "s3cr3t-from-env"));
  }

  /**
   * Skips the calling test unless it can run builds: root, the host's static busybox (the base
   * image) and getfattr.
   */
  static void assumeUsable() {
    BusyboxRootfs.assumeUsable("build-engine RUN tests", "namespaces, overlayfs");
    assumeTrue(ExternalTools.available("getfattr"), "build-engine tests need getfattr "
        + "(apt-get install attr): skipped");
  }

  /** Imports {@link BusyboxRootfs} into the store as {@value #BUSYBOX}, the same image each time. */
  BuildFixture withBusybox() throws IOException {
    Path tar = BusyboxRootfs.tar(Files.createDirectories(work.resolve("bb-" + System.nanoTime())));
    try (InputStream in = Files.newInputStream(tar)) {
      new RootfsImporter(store, LayerWriter.builder().build()).importTar(in,
          ImageName.parse(BUSYBOX), Platform.host(), BusyboxRootfs.TIME);
    }
    return this;
  }

  void file(String path, String content) throws IOException {
    Path p = context.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  void dockerfile(String text) throws IOException {
    file("Dockerfile", text);
  }

  /** Progress as a list of events, with their times, for assertions. */
  static final class Recording implements BuildProgress {
    record Finished(Step step, Outcome outcome, long startNanos, long endNanos) {}

    final List<Finished> finished = Collections.synchronizedList(new ArrayList<>());
    final List<String> output = Collections.synchronizedList(new ArrayList<>());
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> starts = Collections.synchronizedMap(new LinkedHashMap<>());

    @Override
    public void started(Step step) {
      starts.put(step.label(), System.nanoTime());
    }

    @Override
    public void output(Step step, String line) {
      output.add(line);
    }

    @Override
    public void finished(Step step, Outcome outcome) {
      finished.add(new Finished(step, outcome, starts.getOrDefault(step.label(), 0L),
          System.nanoTime()));
    }

    @Override
    public void warning(String message) {
      warnings.add(message);
    }

    @Override
    public void note(String line) {
      notes.add(line);
    }

    Finished step(String textStart) {
      synchronized (finished) {
        return finished.stream().filter(f -> f.step().text().startsWith(textStart)).findFirst()
            .orElseThrow(() -> new AssertionError("no step " + textStart + " in " + finished));
      }
    }

    boolean cached(String textStart) {
      return step(textStart).outcome().cached();
    }

    String reason(String textStart) {
      return step(textStart).outcome().reason();
    }

    Duration duration(String textStart) {
      return step(textStart).outcome().duration();
    }
  }

  record Built(BuildResult result, Recording progress) {}

  Built build(Consumer<BuildRequest.Builder> options) throws Exception {
    BuildRequest.Builder b = BuildRequest.builder(context);
    options.accept(b);
    Recording progress = new Recording();
    BuildResult result = engine.build(b.build(), progress);
    return new Built(result, progress);
  }

  Built build() throws Exception {
    return build(b -> { });
  }

  LocalImage image(BuildResult result) throws IOException {
    return new ImageReader(store.blobs()).image(result.manifest(), Platform.host());
  }

  /** The image's filesystem, its layers applied in order into a fresh directory. */
  Path rootfs(BuildResult result) throws IOException {
    Path dir = Files.createTempDirectory(work, "rootfs-");
    for (Descriptor layer : image(result).manifest().layers()) {
      try (InputStream in = store.blobs().open(layer.digest())) {
        new LayerExtractor(ExtractOptions.forCurrentUser()).extract(in, dir);
      }
    }
    return dir;
  }

  String read(BuildResult result, String path) throws IOException {
    return Files.readString(rootfs(result).resolve(path), StandardCharsets.UTF_8);
  }

  /** The entry names of each layer, top layer last. */
  /** A gzipped tar holding {@code pkg/inside.txt} ("packed"): an archive for ADD to meet. */
  static byte[] tarGz() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            new java.util.zip.GZIPOutputStream(bytes))) {
      byte[] content = "packed".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry("pkg/inside.txt");
      e.setSize(content.length);
      tar.putArchiveEntry(e);
      tar.write(content);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  /** The entries of all layers by name (no trailing {@code /}), the top layer's winning. */
  Map<String, TarArchiveEntry> entriesByName(BuildResult result) throws IOException {
    Map<String, TarArchiveEntry> out = new java.util.HashMap<>();
    for (Descriptor layer : image(result).manifest().layers()) {
      try (InputStream raw = store.blobs().open(layer.digest());
          TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompressed(raw))) {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          String name = e.getName();
          out.put(name.endsWith("/") ? name.substring(0, name.length() - 1) : name, e);
        }
      }
    }
    return out;
  }

  List<List<String>> layerEntries(BuildResult result) throws IOException {
    List<List<String>> out = new ArrayList<>();
    for (Descriptor layer : image(result).manifest().layers()) {
      List<String> names = new ArrayList<>();
      try (InputStream raw = store.blobs().open(layer.digest());
          TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompressed(raw))) {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          names.add(e.getName());
        }
      }
      out.add(names);
    }
    return out;
  }

  /** Every byte of every layer (uncompressed) and the config, as one string. */
  String everything(BuildResult result) throws IOException {
    StringBuilder all = new StringBuilder();
    LocalImage image = image(result);
    all.append(new String(store.blobs().read(image.manifest().config().digest()),
        StandardCharsets.ISO_8859_1));
    for (Descriptor layer : image.manifest().layers()) {
      try (InputStream raw = store.blobs().open(layer.digest())) {
        all.append(new String(Compression.decompressed(raw).readAllBytes(),
            StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }
}
