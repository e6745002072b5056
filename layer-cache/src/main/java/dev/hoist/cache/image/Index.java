package dev.hoist.cache.image;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageIndex;
import java.io.IOException;
import java.util.Optional;

/**
 * A multi-platform image: an index of manifests (or of further indexes), as go-containerregistry's
 * {@code v1.ImageIndex}. Its children are read through {@link #child}.
 */
public interface Index extends Artifact {
  /**
   * The parsed index.
   *
   * @return the index
   * @throws IOException when the source cannot be read
   */
  default ImageIndex index() throws IOException {
    return CanonicalJson.read(rawManifest(), ImageIndex.class, "image index");
  }

  /**
   * The image or index that {@code child} (one of {@link #index()}'s manifests) names; empty when
   * the source does not hold it (a platform the local store never pulled).
   *
   * @param child a descriptor among the index's manifests
   * @return the child, or empty
   * @throws IOException when the source cannot be read
   */
  Optional<Artifact> child(Descriptor child) throws IOException;
}
