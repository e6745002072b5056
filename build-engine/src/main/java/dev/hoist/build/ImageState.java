package dev.hoist.build;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The image a stage has built so far: its config, its layer descriptors (one per diffID, base
 * first), the cache key of the last step, and the time a config-only step is recorded with
 * (the time of the last step that ran a container, or the base image's).
 */
record ImageState(ImageConfig config, List<Descriptor> layers, String cacheKey, Instant time,
    boolean ranContainer) {

  ImageState {
    layers = List.copyOf(layers);
    if (layers.size() != config.diffIds().size()) {
      throw new IllegalStateException(layers.size() + " layers for "
          + config.diffIds().size() + " diff IDs");
    }
  }

  ImageState withConfig(ImageConfig next, String key) {
    return new ImageState(next, layers, key, time, ranContainer);
  }

  ImageState plusLayer(Descriptor layer, ImageConfig next, String key, Instant at,
      boolean ran) {
    List<Descriptor> more = new ArrayList<>(layers);
    more.add(layer);
    return new ImageState(next, more, key, at, ranContainer || ran);
  }

  ImageState withTime(ImageConfig next, String key, Instant at, boolean ran) {
    return new ImageState(next, layers, key, at, ranContainer || ran);
  }
}
