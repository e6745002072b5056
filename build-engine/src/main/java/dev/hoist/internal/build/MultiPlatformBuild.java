package dev.hoist.internal.build;

import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageWriter;
import dev.hoist.cache.image.Index;
import dev.hoist.cache.image.Mutate;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.archive.ArchiveFormat;
import dev.hoist.internal.cache.archive.ArchiveWriter;
import dev.hoist.internal.cache.concurrent.Parallel;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.internal.registry.ImageTransfers;
import dev.hoist.internal.runtime.Trace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * {@code hoist build --platform a,b}: one build per platform (each an untagged image in the
 * store, its RUN steps of a foreign CPU under emulation), then an OCI index of them, tagged,
 * pushed ({@code --push}) or written as an OCI layout ({@code -o type=oci}); {@code --cache-to}
 * exports every platform's steps as one cache.
 *
 * <p>The platforms build in parallel. The {@link SharedStages} ({@code $BUILDPLATFORM} stages
 * that do not depend on the target) are built once first, for the first platform: they are then
 * cache hits for every platform.
 */
final class MultiPlatformBuild {
  /** One platform's build. */
  interface OnePlatform {
    /**
     * {@code steps} receives the build's step results by cache key (for {@code --cache-to});
     * {@code sharedBuilt} is passed before the build runs its first step (what comes before,
     * parsing, bases, the plan, needs no shared stage).
     */
    BuildResult build(BuildRequest request, BuildProgress progress,
        Map<String, StepCache.Entry> steps, Gate sharedBuilt)
        throws IOException, InterruptedException;
  }

  /** What a platform's build waits for before its first step. */
  interface Gate {
    Gate OPEN = () -> { };

    void pass() throws IOException, InterruptedException;

    /** A gate that opens when {@code done} completes, failing as it failed. */
    static Gate of(CompletableFuture<?> done) {
      return () -> {
        try {
          done.get();
        } catch (ExecutionException e) {
          throw Parallel.rethrow(e.getCause());
        }
      };
    }
  }

  private final ImageStore store;
  private final OnePlatform one;
  private final BaseImages baseImages;
  private final ParsedDockerfiles parsed;

  MultiPlatformBuild(ImageStore store, OnePlatform one, BaseImages baseImages,
      ParsedDockerfiles parsed) {
    this.store = store;
    this.one = one;
    this.baseImages = baseImages;
    this.parsed = parsed;
  }

  BuildResult build(BuildRequest request, BuildProgress progress)
      throws IOException, InterruptedException {
    check(request);
    Trace.mark("build: platforms");
    ImageTransfers transfers = baseImages.reportingTo(progress).transfers().orElse(null);
    if (request.needsRegistry() && transfers == null) {
      throw new BuildException("--push, --cache-from and --cache-to need a registry client "
          + "(build with RegistryBaseImages)");
    }
    List<Platform> platforms = request.platforms();
    store.initialise();
    // held from before the first platform's image is written until the index names them all:
    // the platforms' images are not kept untagged meanwhile (four index.json writes fewer)
    try (StoreLock.Held gc = new StoreLock(store.home(), StoreLock.GC).shared()) {
      // the stages every platform shares, once (cache hits for all), then every platform at
      // once; every platform's step results: their keys include the platform, so one cache
      // holds all
      Map<String, StepCache.Entry> steps = new ConcurrentHashMap<>();
      // the shared stages are found (a parse) and built on a thread of their own while the
      // platforms parse, resolve their bases and plan: they wait for it before their first step
      CompletableFuture<Void> shared = new CompletableFuture<>();
      Thread sharedBuild = new Thread(() -> {
        try {
          for (String stage : SharedStages.of(request, parsed)) {
            one.build(request.forPlatform(platforms.get(0)).withTarget(stage),
                labelled(progress, platforms.get(0)), steps, Gate.OPEN);
          }
          Trace.mark("build: shared stages built");
          shared.complete(null);
        } catch (Throwable e) {
          shared.completeExceptionally(e);
        }
      }, "build-shared");
      sharedBuild.setDaemon(true);
      sharedBuild.start();
      List<Parallel.Call<BuildResult>> calls = new ArrayList<>();
      for (Platform p : platforms) {
        calls.add(() -> one.build(request.forPlatform(p), labelled(progress, p), steps,
            Gate.of(shared)));
      }
      List<BuildResult> built;
      try {
        built = new ArrayList<>(Parallel.map(calls.size(), "build-platform", calls));
      } finally {
        sharedBuild.join(); // nothing of this build is written once it returns
      }
      Trace.mark("build: every platform built");
      StoreImages local = new StoreImages(store);
      List<Image> images = new ArrayList<>();
      for (int i = 0; i < platforms.size(); i++) {
        Image image = local.image(built.get(i).manifest(), platforms.get(i));
        images.add(request.output().dockerMediaTypes() ? Mutate.dockerMediaTypes(image) : image);
      }
      Index index = Mutate.index(images);
      Descriptor descriptor = index.descriptor();
      ImageWriter writer = new ImageWriter(1, ProgressListener.NONE);
      if (request.tags().isEmpty()) {
        writer.write(index, local.target(null));
      }
      List<ArchiveWriter.Saved> saved = new ArrayList<>();
      for (String tag : request.tags()) {
        ImageName name = ImageName.parse(tag);
        writer.write(index, local.target(name));
        saved.add(new ArchiveWriter.Saved(name, descriptor));
      }
      if (request.tags().isEmpty()) {
        saved.add(new ArchiveWriter.Saved(null, descriptor));
      }
      if (request.output().type() == OutputSpec.Type.OCI) {
        AtomicFiles.writeOutput(request.output().dest(), out -> new ArchiveWriter(store)
            .write(saved, ArchiveFormat.OCI, request.platform(), out));
      }
      progress.note("index " + descriptor.digest() + ": " + platforms.size() + " platforms ("
          + String.join(", ", platforms.stream().map(Platform::formatted).toList()) + ")");
      Trace.mark("build: index written");
      BuildResult result = new BuildResult(descriptor,
          built.get(0).imageId(), built.get(0).config(), Map.of());
      if (request.push()) {
        result = BuildEngine.push(result, request, transfers, progress);
      }
      if (request.cacheTo() != null) {
        BuildEngine.exportCache(request, steps, store.blobs(), transfers, progress);
      }
      return result;
    }
  }

  /** {@code progress} with each step's stage named after its platform, as BuildKit shows it. */
  static BuildProgress labelled(BuildProgress progress, Platform platform) {
    String prefix = platform.formatted() + " ";
    return new BuildProgress() {
      private Step step(Step s) {
        return new Step(prefix + s.stage(), s.number(), s.count(), s.text());
      }

      @Override
      public void started(Step s) {
        progress.started(step(s));
      }

      @Override
      public void output(Step s, String line) {
        progress.output(step(s), line);
      }

      @Override
      public void finished(Step s, Outcome outcome) {
        progress.finished(step(s), outcome);
      }

      @Override
      public void warning(String message) {
        progress.warning(prefix + message);
      }

      @Override
      public void note(String line) {
        progress.note(prefix + line);
      }
    };
  }

  /** What a multi-platform build cannot make, refused before anything is built. */
  private static void check(BuildRequest request) {
    Set<String> seen = new HashSet<>();
    for (Platform p : request.platforms()) {
      if (!seen.add(p.formatted())) {
        throw new BuildException("--platform names " + p.formatted() + " twice");
      }
    }
    switch (request.output().type()) {
      case DOCKER -> throw new BuildException("-o type=docker holds one image: build one "
          + "platform, or write the index with -o type=oci");
      case LOCAL -> throw new BuildException("-o type=local with several platforms is not "
          + "supported: build one platform at a time");
      default -> { }
    }
    request.checkNames();
  }
}
