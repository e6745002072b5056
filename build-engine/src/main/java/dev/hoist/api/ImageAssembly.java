package dev.hoist.api;

import dev.hoist.cache.image.ProgressListener;
import dev.hoist.cache.model.Platform;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Jib-style image assembly without a Dockerfile and without root: a base image, layers of host
 * files placed at chosen paths with chosen owners, modes and times, and the container's config;
 * then {@link #assemble} writes it to a registry, an archive or a hoist store.
 *
 * <pre>{@code
 * AssemblyResult pushed = ImageAssembly.from(AssemblyBase.registry("127.0.0.1:5000/base:1"))
 *     .layer(LayerSpec.named("dependencies").addDirectory(libs, "/app/libs"))
 *     .layer(LayerSpec.named("classes").addDirectory(classes, "/app/classes"))
 *     .entrypoint("java", "-cp", "/app/classes:/app/libs/*", "com.example.Main")
 *     .env("JAVA_TOOL_OPTIONS", "-Xss512k")
 *     .exposePort("8080/tcp")
 *     .cacheDirectory(buildDir.resolve("hoist-cache"))
 *     .assemble(AssemblyTarget.registry("127.0.0.1:5000/app:1"));
 * }</pre>
 *
 * <p><b>Reproducible by default.</b> The same inputs give the same digest on any machine: every
 * entry's time is {@link LayerSpec#DEFAULT_MODIFICATION_TIME} unless set, owners {@code 0:0}
 * unless set, modes the spec's (never the host's), entries sorted, the image's creation time
 * the epoch (as Jib), the gzip stream in one fixed format whatever the number of processors.
 *
 * <p><b>Layer cache.</b> Each layer is kept in {@link #cacheDirectory} under a selector of its
 * inputs (source paths and their modification times and sizes, paths in the image, modes,
 * owners, times, compression); a layer whose selector is there is not tarred or compressed
 * again. To a registry, blobs are checked (HEAD) before upload, base layers mounted from the
 * base's repository of the same registry, several blobs sent at once and the manifest last.
 *
 * <p>An instance is a mutable builder; {@link #assemble} may be called several times.
 */
public final class ImageAssembly {
  final AssemblyBase base;
  final List<LayerSpec> layers = new ArrayList<>();
  List<String> entrypoint;
  List<String> cmd;
  final Map<String, String> env = new LinkedHashMap<>();
  final Map<String, String> labels = new LinkedHashMap<>();
  final Set<String> exposedPorts = new HashSet<>();
  String workingDir;
  String user;
  final List<Platform> platforms = new ArrayList<>();
  Instant creationTime = Instant.EPOCH;
  Path cacheDirectory = defaultCacheDirectory();
  String compression = "gzip";
  int level = -1;
  int parallelism = 4;
  final Map<String, String[]> credentials = new LinkedHashMap<>();
  final Set<String> insecureRegistries = new HashSet<>();
  ProgressListener listener = ProgressListener.NONE;

  private ImageAssembly(AssemblyBase base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  /** An assembly on {@code base}. */
  public static ImageAssembly from(AssemblyBase base) {
    return new ImageAssembly(base);
  }

  /** Adds a layer on top of the ones added before. */
  public ImageAssembly layer(LayerSpec layer) {
    layers.add(Objects.requireNonNull(layer, "layer"));
    return this;
  }

  /** The entrypoint; the base's command is dropped unless {@link #cmd} is set too (as Docker). */
  public ImageAssembly entrypoint(String... args) {
    this.entrypoint = List.of(args);
    return this;
  }

  /** The command (the entrypoint's arguments). */
  public ImageAssembly cmd(String... args) {
    this.cmd = List.of(args);
    return this;
  }

  /** Sets an environment variable (replacing the base's of that name). */
  public ImageAssembly env(String name, String value) {
    env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Sets a label. */
  public ImageAssembly label(String key, String value) {
    labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Exposes a port: {@code 8080}, {@code 8080/tcp} or {@code 53/udp}. */
  public ImageAssembly exposePort(String port) {
    String p = port.contains("/") ? port : port + "/tcp";
    if (!p.matches("[0-9]{1,5}/(tcp|udp|sctp)")) {
      throw new IllegalArgumentException("not a port: \"" + port + "\" (expected 8080 or 8080/tcp)");
    }
    exposedPorts.add(p);
    return this;
  }

  /** The working directory of the container. */
  public ImageAssembly workingDir(String dir) {
    this.workingDir = dir;
    return this;
  }

  /** The user the container runs as ({@code 1000}, {@code 1000:1000}, {@code app}). */
  public ImageAssembly user(String user) {
    this.user = user;
    return this;
  }

  /**
   * The platforms to assemble for, each taken from the base's index; with two or more the
   * result is an index. None (the default): the base as it is, or the host's platform from an
   * index base.
   */
  public ImageAssembly platforms(Platform... wanted) {
    platforms.clear();
    platforms.addAll(List.of(wanted));
    return this;
  }

  /** The image's creation time (default: the epoch, so that the digest does not change). */
  public ImageAssembly creationTime(Instant time) {
    this.creationTime = Objects.requireNonNull(time, "time");
    return this;
  }

  /** Where assembled layers are cached between runs (default {@code ~/.cache/hoist/assembly}). */
  public ImageAssembly cacheDirectory(Path dir) {
    this.cacheDirectory = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /** Compresses layers with gzip at {@code gzipLevel} (0–9; -1, the default, is 6). */
  public ImageAssembly gzip(int gzipLevel) {
    this.compression = "gzip";
    this.level = gzipLevel;
    return this;
  }

  /** Compresses layers with zstd at {@code zstdLevel} (1–22; -1 is 3); the manifest is then OCI. */
  public ImageAssembly zstd(int zstdLevel) {
    this.compression = "zstd";
    this.level = zstdLevel;
    return this;
  }

  /** How many blobs move to the target at once (default 4). */
  public ImageAssembly parallelism(int blobs) {
    if (blobs < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    this.parallelism = blobs;
    return this;
  }

  /**
   * Credentials for {@code registry} ({@code host[:port]}), for the base and the target. Without
   * them, Docker's config file ({@code ~/.docker/config.json}) is asked, else access is anonymous.
   */
  public ImageAssembly credentials(String registry, String username, String secret) {
    credentials.put(registry, new String[] {username, secret});
    return this;
  }

  /**
   * Allows plain HTTP (or unverified TLS) to {@code registry} ({@code host[:port]}); loopback
   * registries such as {@code 127.0.0.1:5000} are always allowed.
   */
  public ImageAssembly insecureRegistry(String registry) {
    insecureRegistries.add(registry);
    return this;
  }

  /** Hears about every blob written to the target. */
  public ImageAssembly progress(ProgressListener progress) {
    this.listener = Objects.requireNonNull(progress, "progress");
    return this;
  }

  /**
   * Assembles the image and writes it to {@code target}. Fails with an
   * {@link AssemblyException} naming what is wrong when a source is missing or unreadable or the
   * base lacks what is asked, a {@link HoistRegistryException} with its code when a registry
   * refuses, and a
   * {@link HoistApiException} when a file or the network fails: the same unchecked failures as
   * {@link EmbeddedHoist}'s.
   */
  public AssemblyResult assemble(AssemblyTarget target) {
    return Failures.translate(() -> new AssemblyRun(this).write(target));
  }

  private static Path defaultCacheDirectory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return root.resolve("hoist").resolve("assembly");
  }
}
