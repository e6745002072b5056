package dev.hoist.internal.registry;

import dev.hoist.cache.model.Digest;
import java.io.IOException;
import java.io.InputStream;

/** Where the bytes of a blob being uploaded come from: the local store or another registry. */
@FunctionalInterface
public interface BlobSource {
  /** The blob's bytes from {@code offset} on (opened again after a failed request). */
  InputStream open(Digest digest, long offset) throws IOException;
}
