package dev.hoist.cache.image;

import dev.hoist.cache.model.Descriptor;
import java.io.IOException;

/**
 * What a reference names: an {@link Image} (one manifest) or an {@link Index} (a list of them).
 * Implementations are immutable values; an adapter over a registry reads nothing until asked.
 */
public interface Artifact {
  /**
   * Media type, digest and size of the manifest or index itself.
   *
   * @return the descriptor
   * @throws IOException when the source cannot be read
   */
  Descriptor descriptor() throws IOException;

  /**
   * The exact bytes of the manifest or index (their sha256 is the digest).
   *
   * @return the bytes
   * @throws IOException when the source cannot be read
   */
  byte[] rawManifest() throws IOException;
}
