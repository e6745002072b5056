package dev.hoist.api;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import java.util.List;

/**
 * What an {@link ImageAssembly#assemble} wrote.
 *
 * @param manifest the root written: the image manifest, or the index when several platforms
 *     were asked for (its digest is the image's digest)
 * @param configs the config digest of each image, in platform order
 * @param layers the assembled layers' digests (compressed blobs), in the order of the specs
 * @param layersBuilt how many assembled layers were written (tarred and compressed) by this run
 * @param layersReused how many were taken from the layer cache without being written again
 */
public record AssemblyResult(Descriptor manifest, List<Digest> configs, List<Digest> layers,
    int layersBuilt, int layersReused) {

  /** Copies the lists. */
  public AssemblyResult {
    configs = List.copyOf(configs);
    layers = List.copyOf(layers);
  }

  /** The digest of what was written (the image's, or the index's for several platforms). */
  public Digest digest() {
    return manifest.digest();
  }
}
