package dev.hoist.internal.cache.images;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.Descriptor;

/** A tag of the local store: a name and the manifest (or index) it points to. */
public record TaggedImage(ImageName name, Descriptor manifest) {}
