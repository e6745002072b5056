package dev.hoist.cache.image;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.History;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Changed copies of images, as go-containerregistry's {@code mutate}: each returns a new immutable
 * {@link Image} whose config and manifest are written canonically and whose layers are the
 * source's {@link Layer}s (so writing it moves only blobs the target lacks). The source is not
 * changed.
 */
public final class Mutate {
  private Mutate() {}

  /**
   * {@code base} with {@code layers} on top, each with a history entry made by {@code history}
   * (from the layer's position among the new ones).
   *
   * @param base the image to build on
   * @param layers the new layers, bottom first
   * @param history the history entry each new layer gets
   * @return the new image
   * @throws IOException when the source cannot be read
   */
  public static Image appendLayers(Image base, List<Layer> layers, History history)
      throws IOException {
    ImageConfig config = base.config();
    List<Layer> all = new ArrayList<>(base.layers());
    for (Layer layer : layers) {
      config = config.plusLayer(layer.diffId(), history);
      all.add(layer);
    }
    return of(base.manifest().mediaType(), config, all);
  }

  /**
   * {@code image} with its config changed by {@code edit} (its layers and diff IDs kept).
   *
   * @param image the image
   * @param edit changes the config
   * @return the new image
   * @throws IOException when the source cannot be read
   */
  public static Image config(Image image, UnaryOperator<ImageConfig> edit) throws IOException {
    ImageConfig changed = edit.apply(image.config());
    if (!changed.diffIds().equals(image.config().diffIds())) {
      throw new IllegalArgumentException("a config edit cannot change the layers' diff IDs;"
          + " use appendLayers or rebase");
    }
    return of(image.manifest().mediaType(), changed, image.layers());
  }

  /**
   * {@code image} labelled for {@code platform} (architecture, os, os.version and variant).
   *
   * @param image the image
   * @param platform the platform
   * @return the new image
   * @throws IOException when the source cannot be read
   */
  public static Image platform(Image image, Platform platform) throws IOException {
    ImageConfig c = image.config();
    return config(image, old -> new ImageConfig(c.created(), c.author(), platform.architecture(),
        platform.os(), platform.osVersion(), platform.osFeatures(), platform.variant(), c.config(),
        c.rootfs(), c.history(), c.unknownFields()));
  }

  /**
   * {@code image}, built on {@code oldBase}, moved onto {@code newBase}: the new base's layers and
   * history, then the layers and history {@code image} added on top of the old base; the rest of
   * {@code image}'s config (entrypoint, env, labels…) is kept. {@code image}'s first layers must be
   * {@code oldBase}'s.
   *
   * @param image the image to move
   * @param oldBase the base it was built on
   * @param newBase the base to put it on
   * @return the new image
   * @throws IOException when an image cannot be read
   */
  public static Image rebase(Image image, Image oldBase, Image newBase) throws IOException {
    List<Layer> layers = image.layers();
    List<Layer> old = oldBase.layers();
    if (old.size() > layers.size()) {
      throw new IllegalArgumentException("the image has fewer layers than the old base");
    }
    for (int i = 0; i < old.size(); i++) {
      if (!old.get(i).digest().equals(layers.get(i).digest())) {
        throw new IllegalArgumentException("the image is not built on the old base: its layer "
            + i + " is " + layers.get(i).digest() + ", the base's " + old.get(i).digest());
      }
    }
    ImageConfig config = image.config();
    ImageConfig newBaseConfig = newBase.config();
    List<History> history = new ArrayList<>(newBaseConfig.history());
    List<History> own = config.history();
    history.addAll(own.subList(Math.min(oldBase.config().history().size(), own.size()), own.size()));
    List<Layer> rebased = new ArrayList<>(newBase.layers());
    rebased.addAll(layers.subList(old.size(), layers.size()));
    List<Digest> diffIds = new ArrayList<>();
    for (Layer layer : rebased) {
      diffIds.add(layer.diffId());
    }
    return of(image.manifest().mediaType(), config.withHistory(history).withDiffIds(diffIds), rebased);
  }

  /**
   * An index of {@code images} (one per platform, each entry with its config's platform): a
   * Docker manifest list when the first image is Docker's, else an OCI index.
   *
   * @param images the images, in the index's order
   * @return the index, held in memory
   * @throws IOException when an image's config cannot be read
   */
  public static Index index(List<Image> images) throws IOException {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("an index needs at least one image");
    }
    boolean docker = MediaTypes.isDocker(images.get(0).descriptor().mediaType());
    return new ImagesIndex(images, docker ? MediaTypes.DOCKER_MANIFEST_LIST
        : MediaTypes.OCI_INDEX);
  }

  /**
   * {@code index} as written (entries, platforms and annotations as edited: a manifest list's)
   * over {@code children}, the images or indexes its entries name (each entry must have one).
   *
   * @param index the index
   * @param children the manifests its entries name, in any order
   * @return the index, held in memory
   * @throws IOException when a child's descriptor cannot be read
   */
  public static Index index(ImageIndex index, List<? extends Artifact> children)
      throws IOException {
    return new ImagesIndex(index, List.copyOf(children));
  }

  /**
   * {@code image} with Docker's media types (manifest, config and layers; the same config and
   * layer bytes), as BuildKit's {@code oci-mediatypes=false} writes it: what a Docker manifest
   * list names. A Docker image is returned as it is.
   *
   * @param image the image
   * @return the image with Docker's media types
   * @throws IOException when the source cannot be read
   * @throws IllegalArgumentException for a layer Docker has no media type for (zstd)
   */
  public static Image dockerMediaTypes(Image image) throws IOException {
    if (MediaTypes.isDocker(image.descriptor().mediaType())) {
      return image;
    }
    List<Layer> layers = new ArrayList<>();
    for (Layer layer : image.layers()) {
      String type = switch (layer.mediaType()) {
        case MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
        case MediaTypes.OCI_LAYER, MediaTypes.DOCKER_LAYER -> MediaTypes.DOCKER_LAYER;
        default -> throw new IllegalArgumentException("a " + layer.mediaType() + " layer has no "
            + "Docker media type: keep OCI's media types (oci-mediatypes=true)");
      };
      Descriptor d = layer.descriptor();
      layers.add(new RetypedLayer(Descriptor.of(type, d.digest(), d.size()), layer));
    }
    return of(MediaTypes.DOCKER_MANIFEST, image.config(), layers);
  }

  /** A layer under another media type (the same bytes). */
  private record RetypedLayer(Descriptor descriptor, Layer layer) implements Layer {
    @Override
    public Digest diffId() throws IOException {
      return layer.diffId();
    }

    @Override
    public InputStream open(long offset) throws IOException {
      return layer.open(offset);
    }

    @Override
    public InputStream uncompressed() throws IOException {
      return layer.uncompressed();
    }

    @Override
    public List<String> repositoriesOn(String registry) throws IOException {
      return layer.repositoriesOn(registry);
    }
  }

  /**
   * An image made of a config and layers, its manifest of {@code mediaType}.
   *
   * @param mediaType the manifest's media type
   * @param config the config
   * @param layers the layers, base first
   * @return the image
   */
  public static Image of(String mediaType, ImageConfig config, List<Layer> layers) {
    byte[] configBytes = CanonicalJson.write(config);
    Descriptor configDescriptor = Descriptor.ofContent(MediaTypes.configFor(mediaType), configBytes);
    List<Descriptor> layerDescriptors = layers.stream().map(Layer::descriptor).toList();
    byte[] manifest = CanonicalJson.write(ImageManifest.of(mediaType, configDescriptor,
        layerDescriptors));
    return new Built(Descriptor.ofContent(mediaType, manifest), manifest,
        new BytesBlob(configDescriptor, configBytes), List.copyOf(layers));
  }

  /** An image whose manifest and config are held in memory. */
  private record Built(Descriptor descriptor, byte[] manifestBytes, Blob configBlob,
      List<Layer> layers) implements Image {
    @Override
    public byte[] rawManifest() {
      return manifestBytes.clone();
    }
  }

  /** A blob held in memory (a config made by a mutation). */
  private record BytesBlob(Descriptor descriptor, byte[] bytes) implements Blob {
    @Override
    public InputStream open(long offset) {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      in.skip(offset);
      return in;
    }
  }
}
