package dev.hoist.internal.build;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageConfig;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The image a stage has built so far: its config, its layer descriptors (one per diffID, base
 * first), and the time a config-only step is recorded with (the time of the last step that ran
 * a container, or the base image's). What later steps are keyed on is its content
 * ({@link ParentKey}), not the steps that made it.
 */
record ImageState(ImageConfig config, List<Descriptor> layers, Instant time) {

  ImageState {
    layers = List.copyOf(layers);
    if (layers.size() != config.diffIds().size()) {
      throw new IllegalStateException(layers.size() + " layers for "
          + config.diffIds().size() + " diff IDs");
    }
  }

  ImageState withConfig(ImageConfig next) {
    return new ImageState(next, layers, time);
  }

  ImageState plusLayer(Descriptor layer, ImageConfig next, Instant at) {
    List<Descriptor> more = new ArrayList<>(layers);
    more.add(layer);
    return new ImageState(next, more, at);
  }

  ImageState withTime(ImageConfig next, Instant at) {
    return new ImageState(next, layers, at);
  }

  /** An image config's or cache entry's {@code created} time; the epoch when absent or bad. */
  static Instant parseTime(String created) {
    if (created == null) {
      return Instant.EPOCH;
    }
    try {
      return OffsetDateTime.parse(created).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
