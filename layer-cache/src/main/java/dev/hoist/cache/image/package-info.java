/**
 * Images as values: hoist's Java API for reading, changing and writing OCI and Docker images.
 *
 * <p>The model has go-containerregistry's {@code pkg/v1} shape. An {@link
 * dev.hoist.cache.image.Artifact} is what a reference names: an {@link
 * dev.hoist.cache.image.Image} (manifest, config, {@link dev.hoist.cache.image.Layer}s, base
 * first) or an {@link dev.hoist.cache.image.Index} (one image per platform). A {@link
 * dev.hoist.cache.image.Blob} is a config or layer whose bytes are read only when opened.
 * {@link dev.hoist.cache.image.Mutate} makes changed copies (layers appended, config edited,
 * platform set, rebased). The one {@link dev.hoist.cache.image.ImageWriter} copies any image or
 * index to any {@link dev.hoist.cache.image.ImageTarget}, several blobs at once, skipping those
 * the target holds and reporting to a {@link dev.hoist.cache.image.ProgressListener}: hoist's
 * pull, push, copy, save and build outputs are each one {@code write}. {@link
 * dev.hoist.cache.image.ImageName} is the one image reference type.
 *
 * <p>Entry points: images come from the {@code dev.hoist.api} facade (the local store, a
 * registry, an archive) or from an implementation of these interfaces; change them with {@link
 * dev.hoist.cache.image.Mutate}; write them with {@link dev.hoist.cache.image.ImageWriter}.
 *
 * <pre>{@code
 * Image app = Mutate.config(base, config -> config.withConfig(
 *     config.config().toBuilder().envVar("MODE", "production").build()));
 * Image forArm = Mutate.platform(app, Platform.parse("linux/arm64"));
 * new ImageWriter(4, ProgressListener.NONE).write(forArm, target);
 * }</pre>
 *
 * <p>The values are immutable. This package is part of hoist's API (see {@code docs/java-api.md});
 * packages under {@code dev.hoist.internal} are not.
 */
package dev.hoist.cache.image;
