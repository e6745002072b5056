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

  /**
   * Starts an assembly with no layers added, the base's container config, and the defaults:
   * gzip at level 6, 4 blobs at once, the epoch as creation time, the cache directory
   * {@code $XDG_CACHE_HOME/hoist/assembly} (or {@code ~/.cache/hoist/assembly}).
   *
   * @param base the image to start from, such as {@link AssemblyBase#scratch()}; it is not read
   *     until {@link #assemble}
   * @return a new builder
   * @throws NullPointerException when {@code base} is null
   */
  public static ImageAssembly from(AssemblyBase base) {
    return new ImageAssembly(base);
  }

  /**
   * Adds a layer on top of the base's layers and of the ones added before. Put what changes
   * least first (dependencies before classes): a layer whose inputs did not change is taken
   * from the cache.
   *
   * @param layer the layer; its name goes into the image's history
   * @return this builder
   * @throws NullPointerException when {@code layer} is null
   */
  public ImageAssembly layer(LayerSpec layer) {
    layers.add(Objects.requireNonNull(layer, "layer"));
    return this;
  }

  /**
   * Replaces the base's entrypoint; the base's command is dropped unless {@link #cmd} is set too
   * (as Docker does). Without a call, the base's entrypoint is kept.
   *
   * @param args the program and its first arguments, in exec form (no shell is added)
   * @return this builder
   * @throws NullPointerException when {@code args} or one of them is null
   */
  public ImageAssembly entrypoint(String... args) {
    this.entrypoint = List.of(args);
    return this;
  }

  /**
   * Replaces the base's command: the entrypoint's arguments, or the program to run when there
   * is no entrypoint. Without a call, the base's command is kept (unless {@link #entrypoint} is
   * set).
   *
   * @param args the command, in exec form (no shell is added)
   * @return this builder
   * @throws NullPointerException when {@code args} or one of them is null
   */
  public ImageAssembly cmd(String... args) {
    this.cmd = List.of(args);
    return this;
  }

  /**
   * Sets an environment variable of the container, replacing the base's variable of that name
   * and an earlier call's; the base's other variables are kept.
   *
   * @param name the variable's name, such as {@code JAVA_TOOL_OPTIONS}
   * @param value its value, taken literally (no {@code $} expansion); may be empty
   * @return this builder
   * @throws NullPointerException when {@code name} or {@code value} is null
   */
  public ImageAssembly env(String name, String value) {
    env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Sets a label of the image, replacing the base's label of that key and an earlier call's;
   * the base's other labels are kept.
   *
   * @param key the label's key, such as {@code org.opencontainers.image.source}
   * @param value its value; may be empty
   * @return this builder
   * @throws NullPointerException when {@code key} or {@code value} is null
   */
  public ImageAssembly label(String key, String value) {
    labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Exposes a port, in addition to the base's exposed ports. This only records it in the
   * image's config; nothing is published.
   *
   * @param port a port number of up to five digits with an optional protocol ({@code tcp},
   *     {@code udp} or {@code sctp}): {@code 8080} (meaning {@code 8080/tcp}),
   *     {@code 8080/tcp} or {@code 53/udp}
   * @return this builder
   * @throws NullPointerException when {@code port} is null
   * @throws IllegalArgumentException when {@code port} is not of that form
   */
  public ImageAssembly exposePort(String port) {
    String p = port.contains("/") ? port : port + "/tcp";
    if (!p.matches("[0-9]{1,5}/(tcp|udp|sctp)")) {
      throw new IllegalArgumentException("not a port: \"" + port + "\" (expected 8080 or 8080/tcp)");
    }
    exposedPorts.add(p);
    return this;
  }

  /**
   * Sets the working directory of the container's process, replacing the base's.
   *
   * @param dir the directory in the image, such as {@code /app}; null keeps the base's
   * @return this builder
   */
  public ImageAssembly workingDir(String dir) {
    this.workingDir = dir;
    return this;
  }

  /**
   * Sets the user the container's process runs as, replacing the base's.
   *
   * @param user a user as the image's config takes it: {@code 1000}, {@code 1000:1000} or a
   *     name from the image's {@code /etc/passwd} such as {@code app}; null keeps the base's
   * @return this builder
   */
  public ImageAssembly user(String user) {
    this.user = user;
    return this;
  }

  /**
   * The platforms to assemble for, each taken from the base's index; with two or more the
   * result is an index. None (the default): the base as it is, or the host's platform from an
   * index base. The same assembled layers go on top of each platform's image. A scratch base
   * gets an empty config for each platform.
   *
   * @param wanted the platforms, in the order of the result's index and
   *     {@link AssemblyResult#configs()}; none to go back to the default. A platform the base
   *     lacks makes {@link #assemble} fail with an {@link AssemblyException}
   * @return this builder
   * @throws NullPointerException when {@code wanted} or one of them is null
   */
  public ImageAssembly platforms(Platform... wanted) {
    platforms.clear();
    platforms.addAll(List.of(wanted));
    return this;
  }

  /**
   * Sets the image's creation time, also written in the history entries of the added layers.
   * The default, the epoch (1970-01-01T00:00:00Z), keeps the digest the same from run to run;
   * any other time makes the config's, and so the image's, digest depend on it.
   *
   * @param time the creation time, such as {@code Instant.now()}
   * @return this builder
   * @throws NullPointerException when {@code time} is null
   */
  public ImageAssembly creationTime(Instant time) {
    this.creationTime = Objects.requireNonNull(time, "time");
    return this;
  }

  /**
   * Sets where assembled layers are cached between runs (default
   * {@code $XDG_CACHE_HOME/hoist/assembly}, or {@code ~/.cache/hoist/assembly} when that variable
   * is unset). The directory is created when missing; it may be shared by several assemblies.
   *
   * @param dir the cache directory, such as a build directory's {@code hoist-cache}
   * @return this builder
   * @throws NullPointerException when {@code dir} is null
   */
  public ImageAssembly cacheDirectory(Path dir) {
    this.cacheDirectory = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /**
   * Compresses the assembled layers with gzip, the default compression, readable by every
   * runtime. The level is part of the layers' bytes, so changing it changes their digests.
   *
   * @param gzipLevel 0 (stored, fastest) to 9 (smallest), or -1 for the default, 6
   * @return this builder
   */
  public ImageAssembly gzip(int gzipLevel) {
    this.compression = "gzip";
    this.level = gzipLevel;
    return this;
  }

  /**
   * Compresses the assembled layers with zstd (OCI's zstd layer media type). That needs an OCI
   * base image or scratch: {@link #assemble} fails with an {@link AssemblyException} on a Docker
   * base. The level is part of the layers' bytes, so changing it changes their digests.
   *
   * @param zstdLevel 1 (fastest) to 22 (smallest), or -1 for the default, 3
   * @return this builder
   */
  public ImageAssembly zstd(int zstdLevel) {
    this.compression = "zstd";
    this.level = zstdLevel;
    return this;
  }

  /**
   * Sets how many blobs move to the target at once, and how many requests a registry gets at
   * once (default 4). It does not change the image's bytes.
   *
   * @param blobs the number of concurrent transfers, 1 or more
   * @return this builder
   * @throws IllegalArgumentException when {@code blobs} is less than 1
   */
  public ImageAssembly parallelism(int blobs) {
    if (blobs < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    this.parallelism = blobs;
    return this;
  }

  /**
   * Credentials for {@code registry} ({@code host[:port]}), for the base and the target. Without
   * them, Docker's config file ({@code ~/.docker/config.json}, or the one in
   * {@code $DOCKER_CONFIG}) is asked, else access is anonymous. A later call for the same
   * registry replaces an earlier one.
   *
   * @param registry the registry's host and port as in image references, such as
   *     {@code registry.example.com} or {@code 127.0.0.1:5000}
   * @param username the user name
   * @param secret the password or access token; kept in memory only
   * @return this builder
   */
  public ImageAssembly credentials(String registry, String username, String secret) {
    credentials.put(registry, new String[] {username, secret});
    return this;
  }

  /**
   * Allows plain HTTP (or unverified TLS) to {@code registry} ({@code host[:port]}); loopback
   * registries such as {@code 127.0.0.1:5000} are always allowed.
   *
   * @param registry the registry's host and port as in image references, such as
   *     {@code registry.internal:5000}
   * @return this builder
   */
  public ImageAssembly insecureRegistry(String registry) {
    insecureRegistries.add(registry);
    return this;
  }

  /**
   * Sets the listener told when each blob written to the target starts, advances and finishes
   * (default: none). It is called from several threads at once.
   *
   * @param progress the listener; must be thread-safe
   * @return this builder
   * @throws NullPointerException when {@code progress} is null
   */
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
   * {@link EmbeddedHoist}'s. The base is read and the layers are taken from the cache or written
   * at the same time. An archive is written under a temporary name and moved into place only
   * when complete; a registry gets the manifest only after every blob.
   *
   * @param target where to write the image
   * @return the digests written and how many layers were built or taken from the cache
   * @throws AssemblyException when a source is missing, unreadable or of another type than a
   *     file, directory or symlink; when a store base has no such image; when the base has no
   *     image for a platform asked for; when zstd is asked for on a Docker base
   * @throws HoistRegistryException when a registry refuses a request or answers with an error,
   *     with its code (such as {@code NOT_FOUND} for a missing base, {@code UNAUTHORIZED} for
   *     missing or wrong credentials)
   * @throws IllegalArgumentException when the base's or the target's reference is not a valid
   *     image reference
   * @throws HoistApiException when a file cannot be read or written, the network fails, or the
   *     thread is interrupted (its interrupt status set again)
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
