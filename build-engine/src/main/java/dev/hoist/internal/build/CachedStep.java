package dev.hoist.internal.build;

import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.History;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.internal.runtime.Trace;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Runs one step through the build cache: computes its key from what it reads (the image below
 * it by content, {@link ParentKey}, and its own {@link CacheInputs}), looks it up locally and in
 * the {@code --cache-from} caches (unless {@code --no-cache}), runs its body on a miss, records
 * the result and its inputs, and applies the config change and the layer (if any) to the image.
 * A step that makes a layer is computed once per key by concurrent builds ({@link
 * InflightSteps}): a build that finds its key being computed waits, and takes the result as a
 * hit ("as a concurrent build (waited 1.2s for it)").
 * Each step tells the progress sink why it hit or missed; a step that re-ran and produced what
 * its last build produced says so, and does not count as a change for the steps after it.
 */
final class CachedStep {
  /** What the progress says when a re-run step produced the same image as its last build. */
  static final String SAME_OUTPUT = "re-ran, same output as before: later steps kept";

  static final String FIRST_BUILD = "first build of this step";

  private static final String NEW = "no earlier build of this instruction on the same parent";

  /** The work of a step that changes files. */
  interface Body {
    Produced run(Instant created) throws IOException, InterruptedException;
  }

  /** What a body made: the cache entry, and a line about it for the progress (or null). */
  record Produced(StepCache.Entry entry, String detail) {
    static Produced of(StepCache.Entry entry) {
      return new Produced(entry, null);
    }
  }

  /**
   * What the layer of a step that does not depend on the image below it ({@code COPY --link})
   * is keyed on instead of that image: its own context (destination directory, owner), and the
   * time of the directories it creates. The layer is placed on the new image as it is.
   */
  record Independent(String key, Instant time) {}

  /**
   * One step to run.
   *
   * @param progress how the progress names it
   * @param history its history text
   * @param line its line in the Dockerfile (what {@code --explain} compares builds by)
   * @param body its work, or null for a step that only changes the config
   * @param change what it does to the config
   * @param runsContainer whether its body runs a container (its time is then now)
   * @param independent for {@code --link}: what its layer is keyed on instead, or null
   */
  record Spec(BuildProgress.Step progress, String history, int line, CacheInputs inputs,
      Body body, UnaryOperator<ImageConfig> change, boolean runsContainer,
      Independent independent) {}

  /**
   * The image after a step, and the first change in the stage so far that made a step miss
   * (null while everything hit or re-ran to the same result).
   */
  record Result(ImageState state, String missCause) {}

  private final BuildSession session;

  CachedStep(BuildSession session) {
    this.session = session;
  }

  Result run(Spec spec, ImageState state, String missCause)
      throws IOException, InterruptedException {
    BuildProgress.Step step = spec.progress();
    long start = System.nanoTime();
    session.progress.started(step);
    if (Trace.on()) {
      Trace.mark("step " + session.request.platform().formatted() + " " + step.label());
    }
    String parentKey = ParentKey.of(state.config(), session.layerSettings());
    String layerParent = spec.independent() == null ? parentKey : spec.independent().key();
    CacheInputs inputs = spec.inputs();
    String key = inputs.key(layerParent);
    String shape = StepCache.shape(layerParent, session.written(spec.line()) + forTarget(state));
    boolean noCache = session.request.noCache();
    Optional<StepCache.Entry> cached = noCache ? Optional.empty() : cached(key);
    String reason;
    StepCache.Entry entry;
    String detail = null;
    boolean ran = false;
    // one computation per key: a build computing this key now (in this JVM or in another
    // process on this home) is waited for, and what it stored is a hit
    boolean computedOnce = cached.isEmpty() && spec.body() != null && !noCache;
    try (InflightSteps.Claim claim = computedOnce
        ? session.inflight.claim(key, () -> cached(key)) : InflightSteps.Claim.NONE) {
      if (claim.found().isPresent()) {
        cached = claim.found();
      }
      Optional<BuildSession.RemoteHit> remote = cached.isEmpty() && computedOnce
          ? session.remoteLookup(key) : Optional.empty();
      if (remote.isPresent()) {
        entry = remote.get().entry();
        session.cache.store(key, entry);
        reason = "from cache " + remote.get().cache();
      } else if (cached.isPresent()) {
        entry = cached.get();
        reason = StepCache.hitReason(inputs, claim.waited().map(w -> String.format(Locale.ROOT,
            "a concurrent build (waited %.1fs for it)", w.toMillis() / 1000.0))
            .orElse("a previous build"));
      } else {
        reason = missReason(shape, layerParent, inputs, missCause);
        Instant created = spec.runsContainer() ? session.now()
            : spec.independent() != null ? spec.independent().time() : state.time();
        Produced produced = spec.body() == null
            ? Produced.of(new StepCache.Entry(null, null, created.toString()))
            : spec.body().run(created);
        entry = produced.entry();
        detail = produced.detail();
        session.cache.store(key, entry);
        ran = true;
      }
    }
    session.cache.recordInputs(shape, layerParent, inputs);
    if (spec.body() != null) {
      session.stepResults.put(key, entry);
    }
    ImageState next = apply(spec, state, entry);
    String resultKey = ParentKey.of(next.config(), session.layerSettings());
    String cause = missCause;
    if (ran) {
      boolean sameAsBefore = !noCache && spec.body() != null
          && session.cache.previousResult(shape).filter(resultKey::equals).isPresent();
      if (sameAsBefore) {
        reason = reason + "; " + SAME_OUTPUT; // the steps after it are keyed on this result
      } else if (cause == null) {
        cause = reason.equals(FIRST_BUILD) ? FIRST_BUILD
            : step.label() + (reason.startsWith(NEW) ? " is new or edited" : ": " + reason);
      }
    }
    session.cache.recordResult(shape, resultKey);
    boolean layerStep = spec.body() != null;
    if (Trace.on()) {
      Trace.mark("step " + session.request.platform().formatted() + " " + step.label() + " done"
          + (ran ? " (ran)" : ""));
    }
    session.progress.finished(step, new BuildProgress.Outcome(layerStep && !ran,
        layerStep ? reason : null, Duration.ofNanos(System.nanoTime() - start), detail));
    return new Result(next, cause);
  }

  /**
   * For a step of a stage built for another platform than the build's target (a
   * {@code $BUILDPLATFORM} stage of a cross-compile), the target: each target's build of the
   * step is remembered apart (its inputs differ by {@code TARGETARCH}), or a multi-platform
   * build's platforms overwrote each other's record on every build, cached or not, and
   * explained a miss by the other platform's inputs. Empty otherwise, so a native build's
   * records stay as they were.
   */
  private String forTarget(ImageState state) {
    String target = session.request.platform().normalized().formatted();
    boolean native_ = state.config().declaredPlatform()
        .map(p -> p.normalized().formatted().equals(target)).orElse(true);
    return native_ ? "" : "\ntarget " + target;
  }

  /** The local cache's entry for {@code key}, unless its layer was pruned. */
  private Optional<StepCache.Entry> cached(String key) throws IOException {
    Optional<StepCache.Entry> cached = session.cache.lookup(key);
    if (cached.isPresent() && cached.get().layer() != null
        && !session.blobs.contains(cached.get().layer().digest())) {
      return Optional.empty(); // the layer was pruned
    }
    return cached;
  }

  /** The image with the step's config change, and its layer or an empty-layer history entry. */
  private static ImageState apply(Spec spec, ImageState state, StepCache.Entry entry) {
    Instant created = ImageState.parseTime(entry.created());
    ImageConfig next = spec.change().apply(state.config());
    if (entry.layer() != null) {
      next = next.plusLayer(Digest.parse(entry.diffId()),
          History.layer(created.toString(), spec.history()));
      return state.plusLayer(entry.layer(), next,
          spec.runsContainer() ? created : state.time());
    }
    next = next.plusHistory(History.emptyLayer(created.toString(), spec.history()));
    return spec.runsContainer() ? state.withTime(next, created) : state.withConfig(next);
  }

  private String missReason(String shape, String parentKey, CacheInputs inputs,
      String missCause) throws IOException {
    if (session.request.noCache()) {
      return "--no-cache";
    }
    if (FIRST_BUILD.equals(missCause)) {
      return FIRST_BUILD;
    }
    if (missCause != null) {
      return "an earlier step changed: " + missCause;
    }
    Optional<CacheInputs> previous = session.cache.previousInputs(shape);
    if (previous.isPresent()) {
      return StepCache.difference(previous.get(), inputs);
    }
    // nothing was ever built on this parent (an empty cache, a new base image): every step
    // from here on is built for the first time, not "changed"
    return session.cache.builtOn(parentKey) ? NEW
        + " (new or edited instruction, or another base image)" : FIRST_BUILD;
  }
}
