package dev.hoist.api;

import dev.hoist.cache.model.Digest;
import java.util.Optional;

/**
 * One line of {@code hoist images}: a name of the store and the image it names, or an untagged
 * image.
 *
 * @param name the name ({@code registry/repository:tag}, Docker Hub's short), empty for an
 *     untagged image
 * @param imageId the image ID (the config's digest; the manifest's for an index without this
 *     machine's platform)
 * @param manifest the digest of the manifest (or index) the name points at
 */
public record ListedImage(Optional<String> name, String imageId, Digest manifest) {}
