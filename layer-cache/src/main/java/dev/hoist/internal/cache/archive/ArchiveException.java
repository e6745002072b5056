package dev.hoist.internal.cache.archive;

import java.io.IOException;

/** An image archive that cannot be read: not an archive, incomplete, or inconsistent. */
public final class ArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  public ArchiveException(String message) {
    super(message);
  }
}
