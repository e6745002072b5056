package dev.hoist.internal.cache.images;

import dev.hoist.cache.image.Blob;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.Layer;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The layers of an image whose blobs come from one source: each layer is that source's {@link
 * Blob} with its diff ID taken from the image's config, which is read once, when a diff ID is
 * first asked for (a push never reads it).
 */
public final class ConfigLayers {
  private final Image image;
  private volatile List<Digest> diffIds;

  private ConfigLayers(Image image) {
    this.image = image;
  }

  /** The layers of {@code image}'s manifest, base first, each blob made by {@code blob}. */
  public static List<Layer> of(Image image, Function<Descriptor, Blob> blob) throws IOException {
    ConfigLayers ids = new ConfigLayers(image);
    List<Descriptor> layers = image.manifest().layers();
    List<Layer> result = new ArrayList<>(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      result.add(new PositionedLayer(blob.apply(layers.get(i)), ids, i));
    }
    return result;
  }

  private Digest diffId(int position) throws IOException {
    List<Digest> ids = diffIds;
    if (ids == null) {
      ids = image.config().diffIds();
      int layers = image.manifest().layers().size();
      if (ids.size() != layers) {
        throw new IOException("image " + image.descriptor().digest() + " has " + layers
            + " layers but its config lists " + ids.size() + " diff IDs");
      }
      diffIds = ids;
    }
    return ids.get(position);
  }

  /** A blob at a position of the manifest's layers. */
  private static final class PositionedLayer extends BlobLayer {
    private final ConfigLayers ids;
    private final int position;

    PositionedLayer(Blob blob, ConfigLayers ids, int position) {
      super(blob);
      this.ids = ids;
      this.position = position;
    }

    @Override
    public Digest diffId() throws IOException {
      return ids.diffId(position);
    }
  }
}
