package dev.hoist.cache.image;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An index over images held in memory (a multi-platform assembly's or build's: one image per
 * platform, each entry carrying its config's platform), or over an index edited entry by entry
 * and the manifests it names (a manifest list's); made by {@link Mutate#index}.
 */
final class ImagesIndex implements Index {
  private final Descriptor descriptor;
  private final byte[] bytes;
  private final Map<String, Artifact> children = new LinkedHashMap<>();

  ImagesIndex(List<Image> images, String mediaType) throws IOException {
    List<Descriptor> manifests = new ArrayList<>();
    for (Image image : images) {
      Descriptor d = image.descriptor();
      manifests.add(Descriptor.of(d.mediaType(), d.digest(), d.size())
          .withPlatform(image.config().declaredPlatform().orElse(null))); // none: no platform
      children.put(d.digest().toString(), image);
    }
    this.bytes = CanonicalJson.write(ImageIndex.of(mediaType, manifests));
    this.descriptor = Descriptor.ofContent(mediaType, bytes);
  }

  ImagesIndex(ImageIndex index, List<Artifact> artifacts) throws IOException {
    for (Artifact a : artifacts) {
      children.put(a.descriptor().digest().toString(), a);
    }
    for (Descriptor entry : index.manifests()) {
      if (!children.containsKey(entry.digest().toString())) {
        throw new IllegalArgumentException("no manifest given for the entry " + entry.digest());
      }
    }
    this.bytes = CanonicalJson.write(index);
    this.descriptor = Descriptor.ofContent(index.mediaType(), bytes);
  }

  @Override
  public Descriptor descriptor() {
    return descriptor;
  }

  @Override
  public byte[] rawManifest() {
    return bytes.clone();
  }

  @Override
  public Optional<Artifact> child(Descriptor child) {
    return Optional.ofNullable(children.get(child.digest().toString()));
  }
}
