package dev.hoist.internal.cache.store;

import java.io.IOException;

/**
 * A blob kept as a recipe that cannot be made again byte for byte (its source is missing or
 * damaged, or the compressor now writes other bytes): the message says which blob, why, and
 * what the user can do.
 */
public final class BlobRegenerationException extends IOException {
  private static final long serialVersionUID = 1L;

  public BlobRegenerationException(String message) {
    super(message);
  }

  public BlobRegenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
