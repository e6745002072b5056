/**
 * OCI image model, content-addressed blob store, deterministic layer writer, safe layer
 * extractor, unpacked snapshots and the local image store. Arrives with the layer-cache issue.
 */
package dev.hoist.internal.cache;
