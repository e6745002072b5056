package dev.hoist.cli;

import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.Platform;
import dev.hoist.runtime.ContainerStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The dangling (untagged) images {@code hoist system prune} removes: all but those a container
 * was created from. {@code system df} counts what they hold as reclaimable.
 */
final class DanglingImages {
  private DanglingImages() {}

  static List<Descriptor> prunable(ImageStore store) throws IOException {
    Set<Digest> inUse = new ContainerStore(store.home()).imagesInUse();
    ImageReader reader = new ImageReader(store.blobs());
    List<Descriptor> prunable = new ArrayList<>();
    for (Descriptor image : store.untagged()) {
      if (Collections.disjoint(reader.closure(image).configs(), inUse)) {
        prunable.add(image);
      }
    }
    return prunable;
  }

  /**
   * The image ID ({@code sha256:} and the config's digest) hoist images shows for it; the
   * manifest's digest for an index without this machine's platform.
   */
  static String id(ImageReader reader, Descriptor image) {
    try {
      return reader.imageId(image, Platform.host()).toString();
    } catch (IOException | RuntimeException e) {
      return image.digest().toString();
    }
  }
}
