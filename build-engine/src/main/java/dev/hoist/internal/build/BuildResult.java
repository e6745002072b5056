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
}
