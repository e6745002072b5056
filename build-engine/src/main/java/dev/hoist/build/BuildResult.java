package dev.hoist.build;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageConfig;

/**
 * What a build made: the manifest (kept in the local store, tagged or untagged), the image ID
 * (the config's digest, as Docker shows it) and the config.
 */
public record BuildResult(Descriptor manifest, Digest imageId, ImageConfig config) {}
