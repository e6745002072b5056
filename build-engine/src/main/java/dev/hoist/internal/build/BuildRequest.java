package dev.hoist.internal.build;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.runtime.NetworkMode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one {@code hoist build} asks for: the context, the Dockerfile, and the options of
 * {@code docker build}. Make one with {@link #builder(Path)}.
 *
 * @param context the build context directory
 * @param dockerfile the Dockerfile (default {@code CONTEXT/Dockerfile})
 * @param tags names to tag the image with (none: the image is kept untagged)
 * @param buildArgs {@code --build-arg} values
 * @param target the stage to build (null: the last)
 * @param noCache never look steps up in the cache (results are still stored)
 * @param platform the target platform
 * @param secrets {@code --secret} sources by id
 * @param network the network RUN steps get unless they say otherwise: the bridge by default
 *     (a network namespace of the step's own with outbound NAT), as BuildKit's; the host's
 *     only with {@link Entitlement#NETWORK_HOST} in {@code allowed}
 * @param labels {@code --label} values, added to the final image
 * @param output where the result goes
 * @param sourceDateEpoch the time every timestamp is clamped to, when set
 * @param compression how new layers are compressed (gzip by default)
 * @param push push every tag to its registry after the build ({@code --push})
 * @param cacheFrom registry references of build caches to import ({@code --cache-from})
 * @param cacheTo where to export this build's cache ({@code --cache-to}; null: nowhere)
 * @param allowed the privileges the build asked for ({@code --allow})
 * @param rewriteTimestamp clamp every layer's timestamps to the Unix epoch when
 *     {@code sourceDateEpoch} is not set ({@code --rewrite-timestamp}), so a layer's bytes
 *     depend only on its files' content
 * @param platforms every platform to build ({@code --platform a,b}): more than one makes an
 *     index of one image per platform; {@code platform} is the first
 * @param runHost what every RUN step's container gets of {@code --add-host}, {@code --shm-size},
 *     {@code --ulimit} and the cgroup limits ({@code --memory}, …)
 */
public record BuildRequest(Path context, Path dockerfile, List<String> tags,
    Map<String, String> buildArgs, String target, boolean noCache, Platform platform,
    Map<String, SecretSource> secrets, NetworkMode network, Map<String, String> labels,
    OutputSpec output, Optional<Instant> sourceDateEpoch, Compression compression,
    boolean push, List<String> cacheFrom, String cacheTo, Set<Entitlement> allowed,
    boolean rewriteTimestamp, List<Platform> platforms, RunHostOptions runHost) {

  public BuildRequest {
    Objects.requireNonNull(context, "context");
    dockerfile = dockerfile == null ? context.resolve("Dockerfile") : dockerfile;
    tags = List.copyOf(tags);
    buildArgs = Map.copyOf(buildArgs);
    platforms = platforms == null || platforms.isEmpty()
        ? List.of(platform == null ? Platform.host() : platform) : List.copyOf(platforms);
    platform = platforms.get(0);
    secrets = Map.copyOf(secrets);
    network = network == null ? NetworkMode.BRIDGE : network;
    allowed = allowed == null ? Set.of() : Set.copyOf(allowed);
    if (network == NetworkMode.HOST && !allowed.contains(Entitlement.NETWORK_HOST)) {
      throw new IllegalArgumentException(NETWORK_HOST_REFUSED.formatted("--network host"));
    }
    labels = Map.copyOf(labels);
    output = output == null ? OutputSpec.IMAGE : output;
    sourceDateEpoch = sourceDateEpoch == null ? Optional.empty() : sourceDateEpoch;
    compression = compression == null ? Compression.GZIP : compression;
    cacheFrom = List.copyOf(cacheFrom);
    runHost = runHost == null ? RunHostOptions.NONE : runHost;
  }

  /** Why the host's network is refused: {@code %s} names what asked for it. */
  static final String NETWORK_HOST_REFUSED = "%s: network.host is not allowed; pass --allow "
      + "network.host to let RUN steps use the host's network (by default each RUN step has a "
      + "network namespace of its own on the bridge)";

  /** Whether this build makes an index of several platforms' images. */
  public boolean multiPlatform() {
    return platforms.size() > 1;
  }

  /**
   * One platform's build of a multi-platform one: that platform, untagged, kept in the store
   * (the index is what is tagged, pushed and written out), the caches imported as asked.
   */
  BuildRequest forPlatform(Platform p) {
    return new BuildRequest(context, dockerfile, List.of(), buildArgs, target, noCache, p,
        secrets, network, labels, OutputSpec.IMAGE, sourceDateEpoch, compression, false,
        cacheFrom, null, allowed, rewriteTimestamp, List.of(p), runHost);
  }

  /** This request building only the stage {@code stage} ({@code --target}). */
  BuildRequest withTarget(String stage) {
    return new BuildRequest(context, dockerfile, tags, buildArgs, stage, noCache, platform,
        secrets, network, labels, output, sourceDateEpoch, compression, push, cacheFrom, cacheTo,
        allowed, rewriteTimestamp, platforms, runHost);
  }

  /** Whether the build needs a registry (push or a remote cache). */
  public boolean needsRegistry() {
    return push || !cacheFrom.isEmpty() || cacheTo != null;
  }

  /**
   * Checks every name before anything is built: each tag is an image name, and with
   * {@code --push} a registry reference, and so is each cache reference. Returns this request.
   *
   * @throws BuildException naming the option and value that is wrong
   */
  public BuildRequest checkNames() {
    for (String tag : tags) {
      try {
        ImageName.parse(tag);
      } catch (IllegalArgumentException e) {
        throw new BuildException("-t " + tag + ": " + e.getMessage());
      }
    }
    if (push && tags.isEmpty()) {
      throw new BuildException("--push needs a name to push to: add -t REGISTRY/REPO:TAG");
    }
    List<String> references = new ArrayList<>();
    if (push) {
      tags.forEach(t -> references.add("-t " + t));
    }
    cacheFrom.forEach(r -> references.add("--cache-from " + r));
    if (cacheTo != null) {
      references.add("--cache-to " + cacheTo);
    }
    for (String option : references) {
      try {
        ImageName.parse(option.substring(option.indexOf(' ') + 1));
      } catch (IllegalArgumentException e) {
        throw new BuildException(option + ": " + e.getMessage());
      }
    }
    return this;
  }

  public static Builder builder(Path context) {
    return new Builder(context);
  }

  /** Collects the options of a build; every one has Docker's default. */
  public static final class Builder {
    private final Path context;
    private Path dockerfile;
    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private String target;
    private boolean noCache;
    private Platform platform;
    private List<Platform> platforms = List.of();
    private final Map<String, SecretSource> secrets = new LinkedHashMap<>();
    private NetworkMode network;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private OutputSpec output;
    private Optional<Instant> sourceDateEpoch = Optional.empty();
    private Compression compression;
    private boolean rewriteTimestamp;
    private boolean push;
    private final List<String> cacheFrom = new ArrayList<>();
    private String cacheTo;
    private final Set<Entitlement> allowed = EnumSet.noneOf(Entitlement.class);
    private RunHostOptions runHost;

    private Builder(Path context) {
      this.context = context;
    }

    public Builder dockerfile(Path file) {
      this.dockerfile = file;
      return this;
    }

    public Builder tag(String tag) {
      tags.add(tag);
      return this;
    }

    public Builder buildArg(String name, String value) {
      buildArgs.put(name, value);
      return this;
    }

    public Builder target(String stage) {
      this.target = stage;
      return this;
    }

    public Builder noCache(boolean noCache) {
      this.noCache = noCache;
      return this;
    }

    public Builder platform(Platform platform) {
      this.platform = platform;
      return this;
    }

    /** Several platforms ({@code --platform a,b}): the result is an index. */
    public Builder platforms(List<Platform> platforms) {
      this.platforms = List.copyOf(platforms);
      this.platform = platforms.isEmpty() ? platform : platforms.get(0);
      return this;
    }

    public Builder secret(SecretSource secret) {
      secrets.put(secret.id(), secret);
      return this;
    }

    public Builder network(NetworkMode network) {
      this.network = network;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder output(OutputSpec output) {
      this.output = output;
      return this;
    }

    public Builder sourceDateEpoch(Optional<Instant> epoch) {
      this.sourceDateEpoch = epoch;
      return this;
    }

    public Builder compression(Compression compression) {
      this.compression = compression;
      return this;
    }

    public Builder push(boolean push) {
      this.push = push;
      return this;
    }

    public Builder cacheFrom(String reference) {
      cacheFrom.add(reference);
      return this;
    }

    public Builder cacheTo(String reference) {
      this.cacheTo = reference;
      return this;
    }

    /** {@code --rewrite-timestamp}: layers' timestamps clamped even without an epoch. */
    public Builder rewriteTimestamp(boolean rewrite) {
      this.rewriteTimestamp = rewrite;
      return this;
    }

    /** Grants a privilege ({@code --allow network.host}). */
    public Builder allow(Entitlement entitlement) {
      allowed.add(entitlement);
      return this;
    }

    /** What every RUN step gets of {@code --add-host}, {@code --shm-size}, {@code --ulimit}, …. */
    public Builder runHost(RunHostOptions options) {
      this.runHost = options;
      return this;
    }

    /**
     * @throws IllegalArgumentException for {@code --network host} without {@code --allow
     *     network.host} (a message for the user)
     */
    public BuildRequest build() {
      return new BuildRequest(context, dockerfile, tags, buildArgs, target, noCache, platform,
          secrets, network, labels, output, sourceDateEpoch, compression, push, cacheFrom,
          cacheTo, allowed, rewriteTimestamp, platforms, runHost);
    }
  }
}
