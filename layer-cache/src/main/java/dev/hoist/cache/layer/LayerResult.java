package dev.hoist.cache.layer;

import dev.hoist.cache.model.Digest;

/**
 * What {@link LayerWriter} wrote: {@code digest} and {@code size} describe the bytes given to
 * the caller's stream (the blob, compressed or not — the manifest's layer descriptor);
 * {@code diffId} and {@code uncompressedSize} the uncompressed tar (the image config's
 * {@code rootfs.diff_ids}). For an uncompressed layer both pairs are equal.
 */
public record LayerResult(
    Digest digest, Digest diffId, long size, long uncompressedSize, String mediaType) {}
