package dev.hoist.api;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import java.util.List;

/**
 * What a build made: an image in the hoist home's store.
 *
 * @param imageId the image ID, as {@code hoist build} prints it (the config's digest)
 * @param manifest the image's manifest (its digest is what a registry stores it under)
 * @param tags the names it was tagged with
 */
public record BuiltImage(Digest imageId, Descriptor manifest, List<String> tags) {
  /**
   * Checks and copies the values.
   *
   * @param imageId the image ID
   * @param manifest the manifest
   * @param tags the names it was tagged with
   * @throws NullPointerException when a required value, a list or a map is null
   */
  public BuiltImage {
    tags = List.copyOf(tags);
  }
}
