package dev.hoist.api;

import dev.hoist.cache.model.Digest;

/**
 * An image pushed to a registry.
 *
 * @param reference where it was pushed, as given
 * @param digest the digest of its manifest (or index) in the registry
 * @param size the size of that manifest in bytes
 */
public record PushedImage(String reference, Digest digest, long size) {}
