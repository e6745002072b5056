package dev.hoist.internal.service;

import dev.hoist.internal.build.BaseImages;
import dev.hoist.internal.build.BuildException;
import dev.hoist.internal.build.BuildProgress;
import dev.hoist.internal.build.TransferNotes;
import dev.hoist.internal.cache.concurrent.Parallel;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.cache.model.PlatformMatcher;
import dev.hoist.internal.registry.ImageTransfers;
import dev.hoist.internal.registry.RegistryException;
import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.runtime.Trace;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A build's base images, found by {@link ImageService#resolve} (the resolver {@code run} uses
 * too): from the local store, pulled from their registry when missing there, or always pulled
 * again with {@code alwaysPull} ({@code hoist build --pull}, Docker's meaning: the tag is checked
 * on the registry, and only the blobs the store lacks are downloaded). Each reference is pulled
 * at most once per build ({@link #forOneBuild} starts a build's instance; the {@link
 * #reportingTo} instances made from it, whose pulls are told on a progress, share what it
 * found: the platforms of a multi-platform build wait for one pull of a base they share). A name that is neither local nor on its registry is one
 * {@link BuildException} naming the image.
 */
public final class RegistryBaseImages implements BaseImages {
  /** Annotations of a base kept for another platform: the name it was pulled by. */
  static final String BASE_NAME = "dev.hoist.base.name";
  /** ... the platform it was pulled for. */
  static final String BASE_PLATFORM = "dev.hoist.base.platform";
  /** ... and the manifest the local tag of that name named then. */
  static final String BASE_BESIDE = "dev.hoist.base.beside";
  private final ImageStore store;
  private final ImageService images;
  private final ImageTransfers transfers;
  private final PullPolicy policy;
  private final BuildProgress progress;
  /**
   * What this build found, by reference (and by platform and reference for another platform's
   * image), shared by the instances {@link #reportingTo} makes.
   */
  private final Found found;

  /** The images found, and a lock per key that its one pull holds. */
  private static final class Found {
    private final Map<String, Descriptor> images = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    Descriptor get(String key) {
      return images.get(key);
    }

    void put(String key, Descriptor d) {
      images.put(key, d);
    }

    Object lock(String key) {
      return locks.computeIfAbsent(key, k -> new Object());
    }
  }

  /** Base images of {@code store}, pulled through {@code transfers}. */
  public RegistryBaseImages(ImageStore store, ImageTransfers transfers, boolean alwaysPull) {
    this(store, new ImageService(HoistContext.builder(store.home()).build()), transfers,
        alwaysPull ? PullPolicy.ALWAYS : PullPolicy.MISSING, BuildProgress.silent(),
        new Found());
  }

  RegistryBaseImages(ImageStore store, ImageService images, ImageTransfers transfers,
      PullPolicy policy, BuildProgress progress) {
    this(store, images, transfers, policy, progress, new Found());
  }

  private RegistryBaseImages(ImageStore store, ImageService images, ImageTransfers transfers,
      PullPolicy policy, BuildProgress progress, Found found) {
    this.found = found;
    this.store = store;
    this.images = images;
    this.transfers = transfers;
    this.policy = policy;
    this.progress = progress;
  }

  @Override
  public Optional<ImageTransfers> transfers() {
    return Optional.of(transfers);
  }

  @Override
  public RegistryBaseImages forOneBuild() {
    return new RegistryBaseImages(store, images, transfers, policy, progress, new Found());
  }

  @Override
  public RegistryBaseImages reportingTo(BuildProgress progress) {
    return new RegistryBaseImages(store, images, transfers, policy, progress, found);
  }

  @Override
  public LocalImage resolve(String reference, Platform platform) throws IOException {
    Descriptor d = found.get(reference);
    if (d == null) {
      d = tagPullNamesAnother(reference, platform) ? resolveBeside(reference, platform)
          : resolveOnce(reference);
    }
    ImageReader reader = new ImageReader(store.blobs());
    LocalImage image;
    try {
      image = reader.image(d, platform);
    } catch (IOException e) {
      // an index the store holds without this platform's image (pulled for another)
      return reader.image(resolveForPlatform(reference, d, platform, e.getMessage()), platform);
    }
    Optional<Platform> actual = BaseImages.otherPlatform(image, platform);
    if (actual.isPresent()) {
      // a single image of another platform (a pull tags the host's): the registry's index
      return reader.image(resolveForPlatform(reference, d, platform, reference + " is for "
          + actual.get().formatted()), platform);
    }
    return image;
  }

  /**
   * Whether resolving {@code reference} pulls its tag (absent here, or {@code --pull}) and that
   * pull, which takes the host's image, cannot serve {@code platform} (another CPU): the
   * platform's image is then pulled too.
   */
  private boolean tagPullNamesAnother(String reference, Platform platform) throws IOException {
    if (PlatformMatcher.rank(platform.normalized(), Platform.host()) >= 0) {
      return false;
    }
    try {
      return policy == PullPolicy.ALWAYS || store.resolve(reference).isEmpty();
    } catch (IllegalArgumentException e) {
      return false; // resolveOnce names the bad reference
    }
  }

  /**
   * The tag, resolved (pulled) while {@code platform}'s image is pulled, each on a thread of
   * its own, so a multi-platform build's foreign platform waits for one round of pulls, not two
   * in a row (the trace of a cross-compile's cold build: 0.2 to 0.45 s more for its arm64
   * platform). The platform's image is kept noted beside the tag as {@link #resolveForPlatform}
   * keeps it; a failed early pull is left to that path, which names the failure.
   */
  private Descriptor resolveBeside(String reference, Platform platform) throws IOException {
    String key = platform.formatted() + " " + reference;
    synchronized (found.lock(key)) {
      boolean wanted = found.get(key) == null;
      List<Parallel.Call<Descriptor>> both = List.of(() -> resolveOnce(reference),
          () -> wanted ? pullBeside(reference, platform) : null);
      List<Descriptor> pulled;
      try {
        pulled = Parallel.map(2, "pull-base", both);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while pulling " + reference);
      }
      Descriptor local = pulled.get(0);
      if (pulled.get(1) != null) {
        store.keepUntagged(pulled.get(1), note(reference, platform, local));
        found.put(key, pulled.get(1));
      }
      return local;
    }
  }

  /** {@code platform}'s image of {@code reference}, untagged; null when that fails. */
  private Descriptor pullBeside(String reference, Platform platform) throws IOException {
    try {
      ImageName name = ImageName.parse(reference);
      progress.note("pull " + reference + " for " + platform.formatted()
          + " (beside its tag, which names this machine's image)");
      Trace.mark("pull " + reference + " " + platform.formatted() + " beside its tag");
      Descriptor d = transfers.pullUntagged(name, platform, new TransferNotes(progress,
          "pull " + reference + " " + platform.formatted())).image();
      Trace.mark("pull " + reference + " " + platform.formatted() + " done");
      return d;
    } catch (IllegalArgumentException | RegistryException e) {
      return null; // resolve's usual path asks again and names what fails
    }
  }

  private static Map<String, String> note(String reference, Platform platform,
      Descriptor local) {
    return Map.of(BASE_NAME, reference, BASE_PLATFORM, platform.formatted(),
        BASE_BESIDE, local.digest().toString());
  }

  /**
   * {@code platform}'s image of {@code reference} pulled from its registry, untagged (once per
   * build and platform); {@code why}: why the local one would not do. The store keeps it noted
   * with the name, the platform and the manifest the local tag named ({@code local}): while the
   * tag names the same, later builds take it from the store without asking the registry (as the
   * tag itself; {@code --pull} asks again).
   */
  private Descriptor resolveForPlatform(String reference, Descriptor local,
      Platform platform, String why) throws IOException {
    synchronized (found.lock(platform.formatted() + " " + reference)) {
      return resolveForPlatformLocked(reference, local, platform, why);
    }
  }

  private Descriptor resolveForPlatformLocked(String reference, Descriptor local,
      Platform platform, String why) throws IOException {
    String key = platform.formatted() + " " + reference;
    Descriptor done = found.get(key);
    if (done != null) {
      return done;
    }
    Map<String, String> note = note(reference, platform, local);
    Optional<Descriptor> kept = policy == PullPolicy.ALWAYS ? Optional.empty()
        : store.untaggedWith(note);
    if (kept.isPresent()) {
      found.put(key, kept.get());
      return kept.get();
    }
    Descriptor d;
    try {
      ImageName name = ImageName.parse(reference);
      progress.note("pull " + reference + " for " + platform.formatted() + " (" + why + ")");
      Trace.mark("pull " + reference + " " + platform.formatted());
      d = transfers.pullUntagged(name, platform, new TransferNotes(progress,
          "pull " + reference + " " + platform.formatted())).image();
    } catch (IllegalArgumentException | RegistryException e) {
      throw new BuildException("base image " + reference + " has no image for "
          + platform.formatted() + " here (" + why + ") nor on its registry: " + e.getMessage());
    }
    Trace.mark("pull " + reference + " " + platform.formatted() + " done");
    store.keepUntagged(d, note);
    found.put(key, d);
    return d;
  }

  /** Found once per build: stages that name the same image wait for the first pull. */
  private Descriptor resolveOnce(String reference) throws IOException {
    synchronized (found.lock(reference)) {
      return resolveOnceLocked(reference);
    }
  }

  private Descriptor resolveOnceLocked(String reference) throws IOException {
    Descriptor done = found.get(reference);
    if (done != null) {
      return done;
    }
    Descriptor d;
    try {
      Trace.mark("resolve " + reference);
      d = images.resolve(reference, policy, transfers, new Notes(reference));
      Trace.mark("resolve " + reference + " done");
    } catch (IllegalArgumentException e) {
      throw new BuildException("base image " + reference + ": " + e.getMessage());
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.NOT_FOUND) {
        throw new BuildException("base image " + reference + " is neither in the local store nor "
            + "on its registry: " + e.getMessage());
      }
      throw new BuildException("base image " + reference + ": " + e.getMessage());
    }
    found.put(reference, d);
    return d;
  }

  /** A pull told on the build's progress, as {@code docker build} shows it. */
  private final class Notes implements PullListener {
    private final TransferNotes blobs;

    Notes(String reference) {
      this.blobs = new TransferNotes(progress, "pull " + reference);
    }

    @Override
    public TransferListener blobs() {
      return blobs;
    }

    @Override
    public void pulling(String reference, String registry) {
      progress.note("pull " + reference + ": from " + registry);
    }

    @Override
    public void pulled(String reference, TransferResult result) {
      progress.note("pull " + reference + ": digest: " + result.root().digest());
    }
  }
}
