package dev.hoist.build;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.LocalImage;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.registry.ImageTransfers;
import dev.hoist.registry.RegistryException;
import dev.hoist.registry.TransferResult;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base images from the local store, pulled from their registry when missing there, or always
 * pulled again with {@code alwaysPull} ({@code hoist build --pull}, Docker's meaning: the tag is
 * checked on the registry, and only the blobs the store lacks are downloaded). Each reference is
 * pulled at most once per build ({@link #reportingTo} starts a build's instance, whose pulls are
 * told on the build's progress). A name that is neither local nor on its registry is one
 * {@link BuildException} naming the image.
 */
public final class RegistryBaseImages implements BaseImages {
  private final ImageStore store;
  private final ImageTransfers transfers;
  private final boolean alwaysPull;
  private final BuildProgress progress;
  private final Map<String, Descriptor> pulled = new ConcurrentHashMap<>();

  public RegistryBaseImages(ImageStore store, ImageTransfers transfers, boolean alwaysPull) {
    this(store, transfers, alwaysPull, BuildProgress.silent());
  }

  private RegistryBaseImages(ImageStore store, ImageTransfers transfers, boolean alwaysPull,
      BuildProgress progress) {
    this.store = store;
    this.transfers = transfers;
    this.alwaysPull = alwaysPull;
    this.progress = progress;
  }

  /** The transfers this pulls through (shared with {@code --push} and the remote cache). */
  public ImageTransfers transfers() {
    return transfers;
  }

  /** An instance for one build: its pulls are told on {@code progress}. */
  public RegistryBaseImages reportingTo(BuildProgress progress) {
    return new RegistryBaseImages(store, transfers, alwaysPull, progress);
  }

  @Override
  public LocalImage resolve(String reference, Platform platform) throws IOException {
    Descriptor d = pulled.get(reference);
    if (d == null) {
      Optional<Descriptor> local = alwaysPull ? Optional.empty() : local(reference);
      d = local.isPresent() ? local.get() : pull(reference);
    }
    return new ImageReader(store.blobs()).image(d, platform);
  }

  private Optional<Descriptor> local(String reference) throws IOException {
    try {
      return store.resolve(reference);
    } catch (IllegalArgumentException e) {
      throw new BuildException("base image " + reference + ": " + e.getMessage());
    }
  }

  private synchronized Descriptor pull(String reference) throws IOException {
    Descriptor done = pulled.get(reference);
    if (done != null) {
      return done;
    }
    ImageName remote;
    try {
      remote = ImageName.parse(reference);
    } catch (IllegalArgumentException e) {
      throw new BuildException("base image " + reference + ": " + e.getMessage());
    }
    progress.note("pull " + reference + ": from " + remote.apiHost());
    TransferResult result;
    try {
      result = transfers.pull(remote, new TransferNotes(progress, "pull " + reference));
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.NOT_FOUND) {
        throw new BuildException("base image " + reference + " is neither in the local store nor "
            + "on its registry: " + e.getMessage());
      }
      throw new BuildException("base image " + reference + ": " + e.getMessage());
    }
    progress.note("pull " + reference + ": digest: " + result.root().digest());
    pulled.put(reference, result.image());
    return result.image();
  }
}
