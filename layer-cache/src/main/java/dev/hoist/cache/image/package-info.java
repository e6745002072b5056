/**
 * Images as values, and the local images.
 *
 * <p>The model, in go-containerregistry's {@code pkg/v1} shape: an {@link
 * dev.hoist.cache.image.Artifact} is what a reference names, either an {@link
 * dev.hoist.cache.image.Image} (manifest, config, {@link dev.hoist.cache.image.Layer}s) or an
 * {@link dev.hoist.cache.image.Index} (its children); a {@link dev.hoist.cache.image.Blob} is a
 * config or layer whose bytes are read only when opened. Where images live are thin adapters:
 * {@link dev.hoist.internal.cache.images.StoreImages} (the local store, as a source and as a target),
 * the registry client's {@code RemoteImages} and {@code RegistryTarget}, and the archive
 * package's {@code ArchiveTarget}. {@link dev.hoist.cache.image.Mutate} makes changed copies
 * (layers appended, config edited, platform set, rebased). The one {@link
 * dev.hoist.cache.image.ImageWriter} copies any source to any {@link
 * dev.hoist.cache.image.ImageTarget}: pull, push, copy, save and build outputs are each one
 * {@code write}.
 *
 * <p>The local images: {@link dev.hoist.cache.image.ImageName} (the one image reference type),
 * {@link dev.hoist.internal.cache.images.ImageStore} (tags in the home's {@code index.json}), {@link
 * dev.hoist.internal.cache.images.ImageReader} and the {@link dev.hoist.internal.cache.images.GarbageCollector}.
 */
package dev.hoist.cache.image;
