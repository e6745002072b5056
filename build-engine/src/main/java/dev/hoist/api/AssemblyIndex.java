package dev.hoist.api;

import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.Index;
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

/** The index of a multi-platform assembly: one assembled image per platform, held in memory. */
final class AssemblyIndex implements Index {
  private final Descriptor descriptor;
  private final byte[] bytes;
  private final Map<String, Image> children = new LinkedHashMap<>();

  AssemblyIndex(List<Image> images) throws IOException {
    boolean docker = MediaTypes.isDocker(images.get(0).descriptor().mediaType());
    String mediaType = docker ? MediaTypes.DOCKER_MANIFEST_LIST : MediaTypes.OCI_INDEX;
    List<Descriptor> manifests = new ArrayList<>();
    for (Image image : images) {
      Descriptor d = image.descriptor();
      manifests.add(Descriptor.of(d.mediaType(), d.digest(), d.size())
          .withPlatform(image.config().platform()));
      children.put(d.digest().toString(), image);
    }
    this.bytes = CanonicalJson.write(ImageIndex.of(mediaType, manifests));
    this.descriptor = Descriptor.ofContent(mediaType, bytes);
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
