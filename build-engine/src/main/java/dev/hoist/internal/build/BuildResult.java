package dev.hoist.internal.build;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageConfig;
import java.util.Map;

/**
 * What a build made: the manifest (kept in the local store, tagged or untagged), the image ID
 * (the config's digest, as Docker shows it), the config, and for {@code --push} the manifest
 * digest each tag was pushed with (tag order).
 */
public record BuildResult(Descriptor manifest, Digest imageId, ImageConfig config,
    Map<String, Digest> pushed) {
  public BuildResult {
    pushed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pushed));
  }

  /**
   * What names the result for its user ({@code hoist build}'s output, the Engine API's
   * {@code aux} ID): the image ID, or for an index (a multi-platform build, which has no image
   * ID of its own) the index's digest.
   */
  public Digest id() {
    return dev.hoist.cache.model.MediaTypes.isIndex(manifest.mediaType()) ? manifest.digest()
        : imageId;
  }
}
