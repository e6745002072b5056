package dev.hoist.internal.registry;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.Descriptor;

/**
 * What a pull, push or copy transferred: the reference, the root manifest or index (whose digest
 * is the one to print) and, for a pull, the platform's image manifest that was tagged locally.
 */
public record TransferResult(ImageName reference, Descriptor root, Descriptor image) {}
