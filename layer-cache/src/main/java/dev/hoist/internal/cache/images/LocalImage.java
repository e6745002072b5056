package dev.hoist.internal.cache.images;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageManifest;

/**
 * One single-platform image read from the store: the descriptor of its manifest, the manifest
 * and its config.
 */
public record LocalImage(Descriptor manifestDescriptor, ImageManifest manifest,
    ImageConfig config) {

  /** The image ID as Docker shows it: the config's digest. */
  public String id() {
    return manifest.config().digest().toString();
  }

  /** The compressed size of config and layers. */
  public long size() {
    return manifest.config().size()
        + manifest.layers().stream().mapToLong(Descriptor::size).sum();
  }
}
