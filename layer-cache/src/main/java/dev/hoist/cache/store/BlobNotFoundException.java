package dev.hoist.cache.store;

import dev.hoist.cache.model.Digest;
import java.io.IOException;

/** A blob that the store does not hold. */
public final class BlobNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Digest digest;

  public BlobNotFoundException(Digest digest) {
    super("blob " + digest + " is not in the local store");
    this.digest = digest;
  }

  public Digest digest() {
    return digest;
  }
}
