/**
 * The OCI / Docker image model: {@link dev.hoist.cache.model.ImageManifest}, {@link
 * dev.hoist.cache.model.ImageIndex}, {@link dev.hoist.cache.model.ImageConfig} and their parts,
 * as immutable records bound with Jackson. One model serves OCI and Docker schema 2; the media
 * type tells them apart.
 *
 * <ul>
 *   <li>Read and write only through {@link dev.hoist.internal.cache.json.CanonicalJson}: its output is
 *       canonical (sorted keys, compact, UTF-8), so equal values have equal digests; its errors
 *       are IllegalArgumentExceptions naming the document and the JSON path.
 *   <li>Every record ends with {@code Map<String, JsonNode> unknownFields}: the JSON properties
 *       the model does not know (Docker's {@code container_config}, future OCI fields…), kept
 *       sorted and written back. Pass null for none.
 *   <li>Start from {@code ImageConfig.of(platform)}, {@code ImageManifest.of(mediaType, config,
 *       layers)}, {@code ImageIndex.of(mediaType, manifests)}, {@code Descriptor.ofContent(…)};
 *       change configs with {@code with…}/{@code plus…} and {@code ContainerConfig.toBuilder()}.
 *   <li>Pulled blobs should be stored as their own bytes: canonical output differs from the
 *       upstream encoding (Go escapes {@code <>&}), so re-encoding would change digests.
 * </ul>
 */
package dev.hoist.cache.model;
