package dev.hoist.internal.service;

import dev.hoist.cache.model.Descriptor;

/**
 * One line of {@link ImageService#list()}: a tag (or {@code <none>}/{@code <none>} for an
 * untagged image), its image ID ({@code sha256:…}, the config's digest), creation time as the
 * config gives it (null when it has none), compressed size, and the manifest or index it names.
 */
public record ImageSummary(String repository, String tag, String id, String created, long size,
    Descriptor manifest) {}
