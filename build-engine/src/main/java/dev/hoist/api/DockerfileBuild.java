package dev.hoist.api;

import dev.hoist.cache.model.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to build from a Dockerfile, as {@code hoist build} takes it: a context directory, the
 * Dockerfile (by default {@code Dockerfile} in the context), build arguments, the target stage,
 * names to tag, labels, whether to use the build cache, the platform (only this machine's can
 * be built), the network of RUN steps. Immutable; made with {@link #builder(Path)}.
 *
 * @param context the context directory
 * @param dockerfile the Dockerfile, or null for {@code Dockerfile} in the context
 * @param tags names the image is tagged with, in order
 * @param buildArgs {@code --build-arg} values
 * @param target the stage to build, or null for the last
 * @param noCache build every step again, as {@code --no-cache}
 * @param alwaysPull check the registry for newer base images, as {@code --pull}
 * @param platform the platform, or null for this machine's
 * @param labels labels set on the image
 * @param network the network of RUN steps
 */
public record DockerfileBuild(Path context, Path dockerfile, List<String> tags,
    Map<String, String> buildArgs, String target, boolean noCache, boolean alwaysPull,
    Platform platform, Map<String, String> labels, RunNetwork network) {

  /**
   * Checks and copies the values.
   *
   * @param context the context directory
   * @param dockerfile the Dockerfile, or null for the context's
   * @param tags names to tag
   * @param buildArgs build arguments
   * @param target the stage to build, or null for the last
   * @param noCache whether to skip the build cache
   * @param alwaysPull whether to check for newer base images
   * @param platform the platform, or null for this machine's
   * @param labels labels of the image
   * @param network the network of RUN steps, null for the bridge
   * @throws NullPointerException when a required value, a list or a map is null
   */
  public DockerfileBuild {
    Objects.requireNonNull(context, "context");
    tags = List.copyOf(tags);
    buildArgs = Map.copyOf(buildArgs);
    labels = Map.copyOf(labels);
    network = network == null ? RunNetwork.BRIDGE : network;
  }

  /**
   * A build of {@code context}: its {@code Dockerfile}, no arguments, no tags, the cache used.
   *
   * @param context the context directory
   * @return a builder
   */
  public static Builder builder(Path context) {
    return new Builder(context);
  }

  /** Builds a {@link DockerfileBuild}; every setter returns the builder. */
  public static final class Builder {
    private final Path context;
    private Path dockerfile;
    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private String target;
    private boolean noCache;
    private boolean alwaysPull;
    private Platform platform;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private RunNetwork network = RunNetwork.BRIDGE;

    private Builder(Path context) {
      this.context = context;
    }

    /**
     * The Dockerfile, when not {@code Dockerfile} in the context.
     *
     * @param file the Dockerfile
     * @return this builder
     */
    public Builder dockerfile(Path file) {
      this.dockerfile = file;
      return this;
    }

    /**
     * Tags the image with {@code name} ({@code -t}); repeatable.
     *
     * @param name a name such as {@code registry:5000/team/app:1}
     * @return this builder
     */
    public Builder tag(String name) {
      tags.add(name);
      return this;
    }

    /**
     * A build argument ({@code --build-arg NAME=VALUE}).
     *
     * @param name its name
     * @param value its value
     * @return this builder
     */
    public Builder buildArg(String name, String value) {
      buildArgs.put(name, value);
      return this;
    }

    /**
     * Builds the stage {@code stage} ({@code --target}) instead of the last.
     *
     * @param stage the stage's name
     * @return this builder
     */
    public Builder target(String stage) {
      this.target = stage;
      return this;
    }

    /**
     * Runs every step again instead of using the build cache ({@code --no-cache}).
     *
     * @param noCache whether to skip the cache
     * @return this builder
     */
    public Builder noCache(boolean noCache) {
      this.noCache = noCache;
      return this;
    }

    /**
     * Checks the registry for a newer version of each base image ({@code --pull}); missing ones
     * are pulled anyway.
     *
     * @param alwaysPull whether to check
     * @return this builder
     */
    public Builder alwaysPull(boolean alwaysPull) {
      this.alwaysPull = alwaysPull;
      return this;
    }

    /**
     * The platform to build for ({@code --platform}): only this machine's
     * ({@link Platform#host()}) can be built.
     *
     * @param platform the platform
     * @return this builder
     */
    public Builder platform(Platform platform) {
      this.platform = platform;
      return this;
    }

    /**
     * A label on the image ({@code --label KEY=VALUE}).
     *
     * @param key the label's key
     * @param value its value
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /**
     * The network of RUN steps (default {@link RunNetwork#BRIDGE}, as {@code hoist
     * build}).
     *
     * @param network the network
     * @return this builder
     */
    public Builder network(RunNetwork network) {
      this.network = network;
      return this;
    }

    /**
     * The request.
     *
     * @return the build request
     */
    public DockerfileBuild build() {
      return new DockerfileBuild(context, dockerfile, tags, buildArgs, target, noCache,
          alwaysPull, platform, labels, network);
    }
  }
}
