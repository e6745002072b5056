package dev.hoist.internal.cache.store;

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

  /** A blob missing, in the words of {@code message} (which says whose blob it is). */
  public BlobNotFoundException(Digest digest, String message) {
    super(message);
    this.digest = digest;
  }

  public Digest digest() {
    return digest;
  }
}
