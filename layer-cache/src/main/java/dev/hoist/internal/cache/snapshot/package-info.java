/** Internal, no compatibility promise (may change without notice): unpacked layer snapshots and the recipes that make built layers' blobs again. */
package dev.hoist.internal.cache.snapshot;
