package dev.hoist.cache.image;

import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.cache.model.Digest;
import java.io.IOException;
import java.io.InputStream;

/**
 * A layer of an image: a {@link Blob} (the compressed tar, as the manifest names it) that also
 * knows its diff ID (the digest of the uncompressed tar, from the image's config) and gives its
 * uncompressed stream.
 */
public interface Layer extends Blob {
  /**
   * The sha256 of the uncompressed tar, as the image's config lists it.
   *
   * @return the diff ID
   * @throws IOException when the source cannot be read
   */
  Digest diffId() throws IOException;

  /**
   * The uncompressed tar.
   *
   * @return the stream, for the caller to close
   * @throws IOException when the source cannot be read
   */
  default InputStream uncompressed() throws IOException {
    return Compression.decompressed(open(0));
  }
}
