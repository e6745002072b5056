/** Internal, no compatibility promise (may change without notice): the local images: tags ({@code ImageStore}), the store as an image source and target ({@code StoreImages}), reading manifests and configs, garbage collection. */
package dev.hoist.internal.cache.images;
