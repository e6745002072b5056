package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An image's layers as overlay lower directories: its snapshots, unpacked when missing. */
public final class ImageLayers {
  private ImageLayers() {}

  /** The snapshot directories of {@code image}'s layers, top layer first (as overlayfs takes them). */
  public static List<Path> lowerDirs(SnapshotStore snapshots, LocalImage image)
      throws IOException {
    List<Descriptor> layers = image.manifest().layers();
    List<Digest> diffIds = image.config().diffIds();
    if (layers.size() != diffIds.size()) {
      throw new IOException("image " + image.id() + " has " + layers.size()
          + " layers but its config lists " + diffIds.size() + " diff IDs");
    }
    List<Path> lowers = new ArrayList<>();
    for (int i = layers.size() - 1; i >= 0; i--) {
      lowers.add(snapshots.ensure(layers.get(i), diffIds.get(i)));
    }
    return lowers;
  }
}
