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

  /**
   * Copies the lists, so that the result is immutable.
   *
   * @param manifest the descriptor of the root written (manifest, or index for several platforms)
   * @param configs the config digests, one per image, in platform order
   * @param layers the assembled layers' compressed digests, one per {@link LayerSpec}, in order
   * @param layersBuilt the number of assembled layers tarred and compressed by this run
   * @param layersReused the number of assembled layers taken from the layer cache
   * @throws NullPointerException when a list is null or holds null
   */
  public AssemblyResult {
    configs = List.copyOf(configs);
    layers = List.copyOf(layers);
  }

  /**
   * The digest to refer to the result by, as in {@code repository@sha256:…}.
   *
   * @return the digest of the root written: the image manifest's, or the index's when several
   *     platforms were assembled
   */
  public Digest digest() {
    return manifest.digest();
  }
}
