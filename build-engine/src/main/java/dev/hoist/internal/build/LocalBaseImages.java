package dev.hoist.internal.build;

import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import java.io.IOException;

/**
 * Base images from the local store only (no registry): a missing one is a clear error, and so is
 * a single image of another platform than the stage's (as buildx refuses it: never used for the
 * wrong CPU silently).
 */
public final class LocalBaseImages implements BaseImages {
  private final ImageStore store;

  public LocalBaseImages(ImageStore store) {
    this.store = store;
  }

  @Override
  public LocalImage resolve(String reference, Platform platform) throws IOException {
    Descriptor d;
    try {
      d = store.resolve(reference).orElseThrow(() -> new BuildException("base image " + reference
          +  " is not in the local store (pull it, or build "
          + "with RegistryBaseImages)"));
    } catch (IllegalArgumentException e) {
      throw new BuildException("base image " + reference + ": " + e.getMessage());
    }
    LocalImage image = new ImageReader(store.blobs()).image(d, platform);
    BaseImages.otherPlatform(image, platform).ifPresent(actual -> {
      throw new BuildException("base image " + reference + " is for " + actual.formatted()
          + ", not " + platform.formatted() + " which this stage is built for: pull it for "
          + platform.formatted() + " (hoist pull --platform " + platform.formatted() + " "
          + reference + "), or build for " + actual.formatted() + " (--platform)");
    });
    return image;
  }
}
