package dev.hoist.internal.build;

import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.snapshot.SnapshotStore;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.Diagnostics;
import dev.hoist.internal.runtime.Runtime;
import dev.hoist.internal.runtime.Trace;
import dev.hoist.internal.runtime.ShimBinary;
import dev.hoist.internal.runtime.ShimRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the stages of one build share: the store, the cache, the runtime, the context, the
 * request, the progress sink, and the stages finished so far (with the reason a stage's last
 * step missed the cache, so later stages can say why they miss).
 */
final class BuildSession {
  /** A built stage: its image, and why it missed the cache (null: all hits). */
  record StageResult(ImageState image, String missCause) {}

  final HoistHome home;
  final ImageStore store;
  final ContentStore blobs;
  final SnapshotStore snapshots;
  final StepCache cache;
  /** The keys being computed, so a key is computed once by concurrent builds. */
  final InflightSteps inflight;
  final LayerWriter writer;
  final BuildRequest request;
  final BuildProgress progress;
  final SourceTree context;
  final BaseImages baseImages;
  final Path scratch;
  final Map<String, String> environment;
  final Map<Integer, String> writtenLines;
  final Map<Integer, StageResult> stages = new ConcurrentHashMap<>();
  final Map<Integer, String> stageNames = new ConcurrentHashMap<>();
  /** The result of every step that makes a layer, by key: what {@code --cache-to} exports. */
  final Map<String, StepCache.Entry> stepResults = new ConcurrentHashMap<>();
  /** The imported {@code --cache-from} caches, looked up in order after the local cache. */
  final List<RemoteCache> remoteCaches = new ArrayList<>();
  private final Map<String, LocalImage> images = new ConcurrentHashMap<>();
  private Runtime runtime;
  /** The proxy build args every RUN step gets (set by the engine before any stage builds). */
  ProxyEnvironment proxies = ProxyEnvironment.fromBuildArgs(Map.of());
  /** Where RUN steps' runtime tells what fails beside their work (set by the engine). */
  Diagnostics diagnostics = Diagnostics.logger();
  /** Whether a RUN step of a foreign platform can run, and the fix when it cannot. */
  dev.hoist.internal.runtime.Emulation emulation = dev.hoist.internal.runtime.Emulation.system();

  BuildSession(ImageStore store, BuildRequest request, BuildProgress progress,
      SourceTree context, BaseImages baseImages, Map<String, String> environment,
      Map<Integer, String> writtenLines, Path scratch, boolean keepLayerBlobs) {
    this.home = store.home();
    this.store = store;
    this.blobs = store.blobs();
    this.snapshots = new SnapshotStore(home, blobs).keepingLayerBlobs(keepLayerBlobs);
    this.cache = new StepCache(home);
    this.inflight = new InflightSteps(home);
    LayerWriter.Builder w = LayerWriter.builder().compression(request.compression());
    layerClamp(request).ifPresent(w::clampMtime);
    this.writer = w.build();
    this.request = request;
    this.progress = progress;
    this.context = context;
    this.baseImages = baseImages;
    this.environment = environment;
    this.writtenLines = writtenLines;
    this.scratch = scratch;
  }

  /**
   * The time every layer's timestamps are clamped to: {@code SOURCE_DATE_EPOCH} when set, else
   * the Unix epoch with {@code --rewrite-timestamp}, else none (the writer then follows
   * {@code SOURCE_DATE_EPOCH} in its environment). With a clamp, a layer's bytes depend only on
   * its files' content, so a step that runs again and changes the same files makes the same
   * layer.
   */
  static java.util.Optional<Instant> layerClamp(BuildRequest request) {
    if (request.sourceDateEpoch().isPresent()) {
      return request.sourceDateEpoch();
    }
    return request.rewriteTimestamp() ? java.util.Optional.of(Instant.EPOCH)
        : java.util.Optional.empty();
  }

  /**
   * What shapes every layer of this build (the timestamp clamp, the compression): builds with
   * other settings share no step.
   */
  String layerSettings() {
    return "clamp=" + layerClamp(request).map(e -> Long.toString(e.getEpochSecond()))
        .orElse(writer.clamp().map(e -> "env " + e.getEpochSecond()).orElse("none"))
        + " compression=" + request.compression();
  }

  /** hoist's shim binary, which also mounts the overlays {@link RootView} reads through. */
  Path shim() throws IOException {
    return ShimBinary.locate(home);
  }

  synchronized Runtime runtime() throws IOException {
    if (runtime == null) {
      // no RUN outlives a killed build
      runtime = ShimRuntime.forHome(home).reportingTo(diagnostics).dyingWithCaller();
    }
    return runtime;
  }

  LocalImage image(String reference) throws IOException {
    return image(reference, request.platform());
  }

  /** {@code reference}'s image for {@code platform} (a stage's {@code FROM --platform}). */
  LocalImage image(String reference, dev.hoist.cache.model.Platform platform)
      throws IOException {
    String key = platform.formatted() + " " + reference;
    LocalImage known = images.get(key);
    if (known != null) {
      return known;
    }
    LocalImage image = baseImages.resolve(reference, platform);
    images.put(key, image);
    return image;
  }

  /**
   * The platform {@code stage} is built for: its {@code FROM --platform} (expanded, so
   * {@code $BUILDPLATFORM} is this machine's), else the build's target platform.
   */
  static dev.hoist.cache.model.Platform platformOf(dev.hoist.dockerfile.stages.Stage stage,
      dev.hoist.cache.model.Platform target) {
    String p = stage.from().platform();
    if (p == null || p.isBlank()) {
      return target;
    }
    try {
      return dev.hoist.cache.model.Platform.parse(p);
    } catch (IllegalArgumentException e) {
      throw new BuildException("FROM --platform=" + p + " ("
          + stage.from().location().file() + ":" + stage.from().location().line() + "): "
          + e.getMessage());
    }
  }

  /** A remote cache's answer for {@code key}: the entry and the cache's name. */
  record RemoteHit(StepCache.Entry entry, String cache) {}

  java.util.Optional<RemoteHit> remoteLookup(String key) throws IOException {
    for (RemoteCache c : remoteCaches) {
      java.util.Optional<StepCache.Entry> e = c.lookup(key, blobs, progress);
      if (e.isPresent()) {
        return java.util.Optional.of(new RemoteHit(e.get(), c.name()));
      }
    }
    return java.util.Optional.empty();
  }

  /** The snapshot directories of an image's layers, top first, unpacking those not yet done. */
  List<Path> lowers(ImageState state) throws IOException {
    List<Path> out = new ArrayList<>();
    List<Digest> ids = state.config().diffIds();
    for (int i = ids.size() - 1; i >= 0; i--) {
      Descriptor layer = state.layers().get(i);
      boolean unpacked = !Trace.on() || snapshots.contains(ids.get(i));
      if (!unpacked) {
        Trace.mark("unpack " + ids.get(i));
      }
      out.add(snapshots.ensure(layer, ids.get(i)));
      if (!unpacked) {
        Trace.mark("unpack " + ids.get(i) + " done");
      }
    }
    return out;
  }

  /** A fresh directory for temporary work, on the same file system as the snapshots. */
  Path tempDir(String prefix) throws IOException {
    return Files.createTempDirectory(scratch, prefix);
  }

  /** The time new steps are recorded with when they run a container. */
  Instant now() {
    return request.sourceDateEpoch().orElse(Instant.now().truncatedTo(
        java.time.temporal.ChronoUnit.SECONDS));
  }

  /** An instruction as written in the Dockerfile (joined lines), for explaining misses. */
  String written(int line) {
    return writtenLines.getOrDefault(line, "");
  }
}
