/** Internal, no compatibility promise (may change without notice): the layer cache: content store, layers, snapshots, the local image store and archives, in the packages below. */
package dev.hoist.internal.cache;
