/** Internal, no compatibility promise (may change without notice): deterministic layer writing, safe layer extraction, compression and overlay diffs. */
package dev.hoist.internal.cache.layer;
