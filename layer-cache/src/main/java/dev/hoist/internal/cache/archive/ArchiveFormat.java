package dev.hoist.internal.cache.archive;

import java.util.Locale;

/** The image archive formats of {@code hoist save} and {@code hoist load}. */
public enum ArchiveFormat {
  /** Docker's {@code docker save} layout: manifest.json, configs, uncompressed layer tars. */
  DOCKER,
  /** An OCI image layout in a tar: oci-layout, index.json, blobs/. */
  OCI;

  public static ArchiveFormat parse(String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown archive format \"" + text
          + "\": expected docker or oci");
    }
  }
}
