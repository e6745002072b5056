package dev.hoist.internal.cache.store;

import dev.hoist.cache.model.Digest;
import java.io.IOException;

/** Content that does not hash to the digest (or size) it was announced with. */
public final class DigestMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  public DigestMismatchException(String message) {
    super(message);
  }

  static DigestMismatchException of(Digest expected, Digest actual) {
    return new DigestMismatchException("content does not match its digest: expected " + expected
        + ", got " + actual + "; nothing was stored");
  }
}
