package dev.hoist.internal.service;

import dev.hoist.internal.cache.images.LocalImage;
import java.util.List;

/**
 * What {@link ImageService#inspect} finds: the image (for this machine's platform: manifest,
 * config, the descriptor of its manifest) and the tags that point to it, familiar spelling.
 */
public record ImageDetails(LocalImage image, List<String> repoTags) {
  public ImageDetails {
    repoTags = List.copyOf(repoTags);
  }
}
