package dev.hoist.cache.image;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One blob of an image (a config or a layer) as its source holds it: its descriptor and its
 * bytes. Nothing is read until {@link #open} is called.
 */
public interface Blob {
  /**
   * Media type, digest and size, as the manifest names the blob.
   *
   * @return the descriptor
   */
  Descriptor descriptor();

  /**
   * The blob's digest.
   *
   * @return the digest
   */
  default Digest digest() {
    return descriptor().digest();
  }

  /**
   * The blob's size in bytes.
   *
   * @return the size
   */
  default long size() {
    return descriptor().size();
  }

  /**
   * The blob's media type.
   *
   * @return the media type
   */
  default String mediaType() {
    return descriptor().mediaType();
  }

  /**
   * The blob's bytes as stored (compressed, for a layer) from {@code offset} on.
   *
   * @param offset where to start, 0 for the whole blob
   * @return the stream, for the caller to close
   * @throws IOException when the source cannot be read
   */
  InputStream open(long offset) throws IOException;

  /**
   * Repositories of {@code registry} (its {@link ImageName#apiHost() API host}) that are known to hold this blob already (so a push there
   * can mount it instead of uploading it); empty when none is known.
   *
   * @param registry the registry's API host
   * @return the repositories, empty when none is known
   * @throws IOException when the source cannot be read
   */
  default List<String> repositoriesOn(String registry) throws IOException {
    return List.of();
  }
}
