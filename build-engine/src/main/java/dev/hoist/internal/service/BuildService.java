package dev.hoist.internal.service;

import dev.hoist.internal.build.BuildContext;
import dev.hoist.internal.build.BuildEngine;
import dev.hoist.internal.build.BuildProgress;
import dev.hoist.internal.build.BuildRequest;
import dev.hoist.internal.build.BuildResult;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.internal.registry.ImageTransfers;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds from Dockerfiles: the build engine over the local store, base images found by the
 * {@link ImageService#resolve one resolver}, registries reached with the context's settings,
 * {@code SOURCE_DATE_EPOCH}, {@code --secret env=} and {@code --build-arg KEY} read from the
 * context's environment.
 */
public final class BuildService {
  private final HoistContext context;
  private final ImageService images;

  BuildService(HoistContext context, ImageService images) {
    this.context = context;
    this.images = images;
  }

  /**
   * A session for one build: its engine and registry client (kept for its pulls, pushes and
   * remote cache). Base images are pulled when missing, or always with {@code alwaysPull}
   * ({@code --pull}).
   */
  public Session open(RegistryOverrides registry, boolean alwaysPull) throws IOException {
    ImageStore store = images.store();
    ImageTransfers transfers = new ImageTransfers(store, images.registryOptions(registry));
    RegistryBaseImages bases = new RegistryBaseImages(store, images, transfers,
        alwaysPull ? PullPolicy.ALWAYS : PullPolicy.MISSING, BuildProgress.silent());
    return new Session(new BuildEngine(store, bases, context.environment(),
        context.diagnostics()).keepingLayerBlobs(context.keepLayerBlobs()), transfers);
  }

  /** The value of a {@code --build-arg KEY} given without one: the context's, if set. */
  public Optional<String> hostValue(String name) {
    return Optional.ofNullable(context.environment().get(name));
  }

  /**
   * The time layers are clamped to and the image dated: a {@code SOURCE_DATE_EPOCH} build arg,
   * else the context's {@code SOURCE_DATE_EPOCH}, else none.
   *
   * @throws IllegalArgumentException when the value is not a number of seconds
   */
  public Optional<Instant> sourceDateEpoch(Map<String, String> buildArgs) {
    String epoch = buildArgs.getOrDefault("SOURCE_DATE_EPOCH",
        context.environment().get("SOURCE_DATE_EPOCH"));
    return LayerWriter.sourceDateEpoch(epoch == null ? Map.of()
        : Map.of("SOURCE_DATE_EPOCH", epoch));
  }

  /** One build's engine and registry client; close it after the build. */
  public static final class Session implements Closeable {
    private final BuildEngine engine;
    private final ImageTransfers transfers;

    Session(BuildEngine engine, ImageTransfers transfers) {
      this.engine = engine;
      this.transfers = transfers;
    }

    /** The context {@code argument} names: see {@link BuildEngine#openContext}. */
    public BuildContext openContext(String argument, InputStream stdin, Consumer<String> log)
        throws IOException, InterruptedException {
      return engine.openContext(argument, stdin, log);
    }

    /** {@code -f -}: the Dockerfile of {@code context} read from {@code stdin}. */
    public void dockerfileFromStdin(BuildContext context, InputStream stdin) throws IOException {
      engine.dockerfileFromStdin(context, stdin);
    }

    public BuildResult build(BuildRequest request, BuildProgress progress)
        throws IOException, InterruptedException {
      return engine.build(request, progress);
    }

    @Override
    public void close() throws IOException {
      transfers.close();
    }
  }
}
