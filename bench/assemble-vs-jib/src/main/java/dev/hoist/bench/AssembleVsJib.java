package dev.hoist.bench;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.hoist.api.AssemblyBase;
import dev.hoist.api.AssemblyResult;
import dev.hoist.api.AssemblyTarget;
import dev.hoist.api.ImageAssembly;
import dev.hoist.api.LayerSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Spring-Boot-sized app image (a dependency directory of jars, a classes directory) assembled
 * on a base in a local registry and pushed to it, by hoist's {@link ImageAssembly} and by Jib
 * core, in this one JVM, interleaved. Each tool has its own caches and repositories. Cold: a
 * fresh cache and a fresh repository (after one untimed warm-up push per tool, so that class
 * loading is not counted). Warm: one class file changed before each pair of runs.
 *
 * <p>Arguments: REGISTRY (host:port) WORK_DIR WARM_RUNS COLD_RUNS DEPS_MB CLASSES_KB
 * [COMPRESSION: {@code gzip-N} or {@code zstd-N}, hoist alone with that compression].
 * Prints one line per timed run: {@code tool phase millis digest}.
 */
public final class AssembleVsJib {
  private static final String ENTRYPOINT_CLASS = "com.example.Application";

  private final String registry;
  private final Path work;
  private final Path libs;
  private final Path classes;
  private final String base;

  private AssembleVsJib(String registry, Path work) {
    this.registry = registry;
    this.work = work;
    this.libs = work.resolve("app/BOOT-INF/lib");
    this.classes = work.resolve("app/BOOT-INF/classes");
    this.base = registry + "/base/busybox:1";
  }

  public static void main(String[] args) throws Exception {
    AssembleVsJib bench = new AssembleVsJib(args[0], Path.of(args[1]));
    int warmRuns = Integer.parseInt(args[2]);
    int coldRuns = Integer.parseInt(args[3]);
    bench.generate(Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    bench.pushBase();
    bench.run(warmRuns, coldRuns, args.length > 6 ? args[6] : "");
  }

  /** Jars of random bytes in deflated zip entries (as incompressible as real jars), and classes. */
  private void generate(int depsMb, int classesKb) throws IOException {
    Random random = new Random(42);
    Files.createDirectories(libs);
    long total = depsMb * 1_000_000L;
    int jar = 0;
    for (long written = 0; written < total; jar++) {
      int size = 200_000 + random.nextInt(1_200_000);
      try (OutputStream file = Files.newOutputStream(libs.resolve(String.format("lib-%03d.jar", jar)));
           ZipOutputStream zip = new ZipOutputStream(file)) {
        for (int left = size, entry = 0; left > 0; entry++) {
          int n = Math.min(left, 2_000 + random.nextInt(30_000));
          byte[] bytes = new byte[n];
          random.nextBytes(bytes);
          zip.putNextEntry(new ZipEntry("org/lib" + jar + "/C" + entry + ".class"));
          zip.write(bytes);
          zip.closeEntry();
          left -= n;
        }
      }
      written += Files.size(libs.resolve(String.format("lib-%03d.jar", jar)));
    }
    Path pkg = Files.createDirectories(classes.resolve("com/example"));
    for (int i = 0; i < classesKb / 2; i++) {
      Files.writeString(pkg.resolve("C" + i + ".class"), ("class C" + i + " {} ").repeat(150));
    }
    System.err.println("generated " + jar + " jars (" + depsMb + " MB) and " + classesKb / 2
        + " class files");
  }

  /** The base: a static busybox pushed by hoist from scratch. */
  private void pushBase() throws IOException {
    Path root = Files.createDirectories(work.resolve("base/bin"));
    Files.copy(Path.of("/bin/busybox"), root.resolve("busybox"));
    ImageAssembly.from(AssemblyBase.scratch())
        .layer(LayerSpec.named("busybox").addDirectory(root, "/bin").withFileMode(0755))
        .cacheDirectory(work.resolve("cache-base"))
        .assemble(AssemblyTarget.registry(base));
  }

  private void run(int warmRuns, int coldRuns, String extra) throws Exception {
    boolean withJib = extra.isEmpty();
    hoist(work.resolve("cache-hoist-warmup"), "warmup/hoist:1", extra);
    if (withJib) {
      jib(work.resolve("cache-jib-warmup"), "warmup/jib:1");
    }
    for (int round = 0; round < coldRuns; round++) {
      int i = round;
      boolean hoistFirst = i % 2 == 0;
      for (int k = 0; k < 2; k++) {
        if (hoistFirst == (k == 0)) {
          time("hoist", "cold", () -> hoist(work.resolve("cache-hoist-cold-" + i),
              "cold" + i + "/hoist:1", extra));
        } else if (withJib) {
          time("jib", "cold", () -> jib(work.resolve("cache-jib-cold-" + i), "cold" + i + "/jib:1"));
        }
      }
    }
    Path hoistCache = work.resolve("cache-hoist");
    Path jibCache = work.resolve("cache-jib");
    hoist(hoistCache, "app/hoist:1", extra);
    if (withJib) {
      jib(jibCache, "app/jib:1");
    }
    Path changed = classes.resolve("com/example/C0.class");
    for (int i = 0; i < warmRuns; i++) {
      Files.writeString(changed, "class C0 { int version = " + i + "; } ".repeat(100));
      boolean hoistFirst = i % 2 == 0;
      for (int k = 0; k < 2; k++) {
        if (hoistFirst == (k == 0)) {
          time("hoist", "warm", () -> hoist(hoistCache, "app/hoist:1", extra));
        } else if (withJib) {
          time("jib", "warm", () -> jib(jibCache, "app/jib:1"));
        }
      }
    }
  }

  private interface Push {
    String run() throws Exception;
  }

  private static void time(String tool, String phase, Push push) throws Exception {
    long start = System.nanoTime();
    String digest = push.run();
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println(tool + " " + phase + " " + millis + " " + digest);
  }

  private String hoist(Path cache, String repository, String compression) throws IOException {
    ImageAssembly assembly = ImageAssembly.from(AssemblyBase.registry(base))
        .layer(LayerSpec.named("dependencies").addDirectory(libs, "/app/libs"))
        .layer(LayerSpec.named("classes").addDirectory(classes, "/app/classes"))
        .entrypoint("java", "-cp", "/app/classes:/app/libs/*", ENTRYPOINT_CLASS)
        .cacheDirectory(cache);
    if (compression.startsWith("gzip-")) {
      assembly.gzip(Integer.parseInt(compression.substring(5)));
    } else if (compression.startsWith("zstd-")) {
      assembly.zstd(Integer.parseInt(compression.substring(5)));
    }
    AssemblyResult result = assembly.assemble(AssemblyTarget.registry(registry + "/" + repository));
    return result.digest().toString();
  }

  private String jib(Path cache, String repository) throws Exception {
    JibContainer container = Jib.from(RegistryImage.named(base))
        .addFileEntriesLayer(FileEntriesLayer.builder().setName("dependencies")
            .addEntryRecursive(libs, AbsoluteUnixPath.get("/app/libs")).build())
        .addFileEntriesLayer(FileEntriesLayer.builder().setName("classes")
            .addEntryRecursive(classes, AbsoluteUnixPath.get("/app/classes")).build())
        .setEntrypoint(List.of("java", "-cp", "/app/classes:/app/libs/*", ENTRYPOINT_CLASS))
        .containerize(Containerizer.to(RegistryImage.named(registry + "/" + repository))
            .setAllowInsecureRegistries(true)
            .setApplicationLayersCache(cache.resolve("app"))
            .setBaseImageLayersCache(cache.resolve("base"))
            .setToolName("assemble-vs-jib"));
    return container.getDigest().toString();
  }
}
