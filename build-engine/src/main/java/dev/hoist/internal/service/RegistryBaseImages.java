package dev.hoist.internal.service;

import dev.hoist.internal.build.BaseImages;
import dev.hoist.internal.build.BuildException;
import dev.hoist.internal.build.BuildProgress;
import dev.hoist.internal.build.TransferNotes;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.registry.ImageTransfers;
import dev.hoist.internal.registry.RegistryException;
import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.registry.TransferResult;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A build's base images, found by {@link ImageService#resolve} (the resolver {@code run} uses
 * too): from the local store, pulled from their registry when missing there, or always pulled
 * again with {@code alwaysPull} ({@code hoist build --pull}, Docker's meaning: the tag is checked
 * on the registry, and only the blobs the store lacks are downloaded). Each reference is pulled
 * at most once per build ({@link #reportingTo} starts a build's instance, whose pulls are told on
 * the build's progress). A name that is neither local nor on its registry is one
 * {@link BuildException} naming the image.
 */
public final class RegistryBaseImages implements BaseImages {
  private final ImageStore store;
  private final ImageService images;
  private final ImageTransfers transfers;
  private final PullPolicy policy;
  private final BuildProgress progress;
  private final Map<String, Descriptor> found = new ConcurrentHashMap<>();

  /** Base images of {@code store}, pulled through {@code transfers}. */
  public RegistryBaseImages(ImageStore store, ImageTransfers transfers, boolean alwaysPull) {
    this(store, new ImageService(HoistContext.builder(store.home()).build()), transfers,
        alwaysPull ? PullPolicy.ALWAYS : PullPolicy.MISSING, BuildProgress.silent());
  }

  RegistryBaseImages(ImageStore store, ImageService images, ImageTransfers transfers,
      PullPolicy policy, BuildProgress progress) {
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
  public RegistryBaseImages reportingTo(BuildProgress progress) {
    return new RegistryBaseImages(store, images, transfers, policy, progress);
  }

  @Override
  public LocalImage resolve(String reference, Platform platform) throws IOException {
    Descriptor d = found.get(reference);
    if (d == null) {
      d = resolveOnce(reference);
    }
    return new ImageReader(store.blobs()).image(d, platform);
  }

  /** Found once per build: stages that name the same image wait for the first pull. */
  private synchronized Descriptor resolveOnce(String reference) throws IOException {
    Descriptor done = found.get(reference);
    if (done != null) {
      return done;
    }
    Descriptor d;
    try {
      d = images.resolve(reference, policy, transfers, new Notes(reference));
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
