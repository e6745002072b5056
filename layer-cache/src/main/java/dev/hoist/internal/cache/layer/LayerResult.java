package dev.hoist.internal.cache.layer;

import dev.hoist.cache.model.Digest;

/**
 * What {@link LayerWriter} wrote: {@code digest} and {@code size} describe the bytes given to
 * the caller's stream (the blob, compressed or not — the manifest's layer descriptor);
 * {@code diffId} and {@code uncompressedSize} the uncompressed tar (the image config's
 * {@code rootfs.diff_ids}). For an uncompressed layer both pairs are equal. {@code settings}
 * are the writer's when it made the tar itself from entries (the same entries through a writer
 * with these settings give these bytes again), null when it compressed a tar from elsewhere.
 */
public record LayerResult(Digest digest, Digest diffId, long size, long uncompressedSize,
    String mediaType, LayerWriter.Settings settings) {
  /** A layer whose bytes no settings make again. */
  public LayerResult(Digest digest, Digest diffId, long size, long uncompressedSize,
      String mediaType) {
    this(digest, diffId, size, uncompressedSize, mediaType, null);
  }
}
