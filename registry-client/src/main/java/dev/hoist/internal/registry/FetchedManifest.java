package dev.hoist.internal.registry;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.MediaTypes;

/** A manifest or index as the registry sent it: its descriptor and its exact bytes. */
public record FetchedManifest(Descriptor descriptor, byte[] bytes) {
  public boolean isIndex() {
    return MediaTypes.isIndex(descriptor.mediaType());
  }
}
