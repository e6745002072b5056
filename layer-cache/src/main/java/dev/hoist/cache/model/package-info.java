/**
 * The OCI and Docker image documents as immutable records, part of hoist's Java API: {@link
 * dev.hoist.cache.model.ImageManifest}, {@link dev.hoist.cache.model.ImageIndex}, {@link
 * dev.hoist.cache.model.ImageConfig} (with its {@link dev.hoist.cache.model.ContainerConfig},
 * {@link dev.hoist.cache.model.RootFs}, {@link dev.hoist.cache.model.History} and {@link
 * dev.hoist.cache.model.Healthcheck}), the {@link dev.hoist.cache.model.Descriptor} that points
 * to a blob by {@link dev.hoist.cache.model.Digest}, the {@link dev.hoist.cache.model.Platform}
 * an image runs on (matched by {@link dev.hoist.cache.model.PlatformMatcher}) and the {@link
 * dev.hoist.cache.model.MediaTypes}. One model serves OCI and Docker schema 2; the media type
 * tells them apart.
 *
 * <ul>
 *   <li>The records are bound with Jackson. hoist writes them canonically (sorted keys, compact,
 *       UTF-8), so equal values have equal digests.
 *   <li>Every record ends with {@code Map<String, JsonNode> unknownFields}: the JSON members the
 *       model does not know (Docker's {@code container_config}, future OCI fields…), kept
 *       sorted and written back. Pass null for none.
 *   <li>Start from {@code ImageConfig.of(platform)}, {@code ImageManifest.of(mediaType, config,
 *       layers)}, {@code ImageIndex.of(mediaType, manifests)}, {@code Descriptor.ofContent(…)};
 *       change configs with {@code with…}/{@code plus…} and {@code ContainerConfig.toBuilder()}.
 *   <li>Pulled blobs are stored as their own bytes: canonical output differs from the upstream
 *       encoding (Go escapes {@code <>&}), so re-encoding would change digests.
 * </ul>
 *
 * <pre>{@code
 * ImageConfig config = ImageConfig.of(Platform.parse("linux/amd64"))
 *     .withConfig(ContainerConfig.builder()
 *         .entrypoint(List.of("java", "-jar", "/app/app.jar"))
 *         .envVar("JAVA_TOOL_OPTIONS", "-Xss512k")
 *         .label("org.opencontainers.image.source", "https://example.com/app")
 *         .build());
 * Descriptor layer = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.parse(digest), size);
 * }</pre>
 *
 * <p>See {@code docs/java-api.md}; packages under {@code dev.hoist.internal} are not API.
 */
package dev.hoist.cache.model;
