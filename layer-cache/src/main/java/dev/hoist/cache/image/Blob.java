package dev.hoist.cache.image;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One blob of an image (a config or a layer) as its source holds it: its descriptor and its
 * bytes. Nothing is read until {@link #open} (or {@link #storeInto}) is called.
 */
public interface Blob {
  /** Media type, digest and size, as the manifest names the blob. */
  Descriptor descriptor();

  default Digest digest() {
    return descriptor().digest();
  }

  default long size() {
    return descriptor().size();
  }

  default String mediaType() {
    return descriptor().mediaType();
  }

  /** The blob's bytes as stored (compressed, for a layer) from {@code offset} on. */
  InputStream open(long offset) throws IOException;

  /**
   * Copies the blob into {@code store}, verified against its digest and size. A source that can
   * resume a broken download (a registry) does so.
   */
  default void storeInto(ContentStore store, ProgressListener listener) throws IOException {
    try (InputStream in = open(0)) {
      store.put(in, digest(), size());
    }
    listener.progress(descriptor(), size());
  }

  /**
   * Repositories of {@code registry} (its {@link ImageName#apiHost() API host}) that are known to hold this blob already (so a push there
   * can mount it instead of uploading it); empty when none is known.
   */
  default List<String> repositoriesOn(String registry) throws IOException {
    return List.of();
  }
}
