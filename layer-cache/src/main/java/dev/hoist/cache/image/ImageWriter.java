package dev.hoist.cache.image;

import dev.hoist.internal.cache.concurrent.Parallel;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one copier of images: writes an {@link Image} or an {@link Index} (with every child its
 * source holds) to an {@link ImageTarget}. Blobs the target has are skipped; the others move
 * {@code parallelism} at a time when the target allows it; each manifest goes after the blobs and
 * children it names. Pull, push, save and copy are each one {@link #write}.
 */
public final class ImageWriter {
  private static final int MAX_DEPTH = 8;

  private final int parallelism;
  private final ProgressListener listener;

  /**
   * A writer moving up to {@code parallelism} blobs at once, reporting to {@code listener}.
   *
   * @param parallelism how many blobs may move at once
   * @param listener hears each blob's progress
   */
  public ImageWriter(int parallelism, ProgressListener listener) {
    this.parallelism = Math.max(1, parallelism);
    this.listener = listener;
  }

  /**
   * Writes {@code source} (and, for an index, its children) to {@code target}.
   *
   * @param source the image or index
   * @param target where it goes
   * @throws IOException when a blob or manifest cannot be read or written
   */
  public void write(Artifact source, ImageTarget target) throws IOException {
    write(source, target, true, 0);
  }

  private void write(Artifact source, ImageTarget target, boolean root, int depth)
      throws IOException {
    if (depth >= MAX_DEPTH) {
      throw new IOException("image indexes nested too deeply");
    }
    if (source instanceof Index index) {
      Descriptor self = index.descriptor();
      for (Descriptor child : index.index().manifests()) {
        Optional<Artifact> found = index.child(child);
        if (found.isEmpty()) {
          target.missingChild(self, child);
          continue;
        }
        write(found.get(), target, false, depth + 1);
      }
    } else if (source instanceof Image image) {
      writeBlobs(image, target);
    } else {
      throw new IllegalArgumentException("neither an image nor an index: " + source);
    }
    target.writeManifest(source, root);
  }

  private void writeBlobs(Image image, ImageTarget target) throws IOException {
    Map<Digest, Blob> unique = new LinkedHashMap<>();
    Blob config = image.configBlob();
    unique.put(config.digest(), config);
    for (Layer layer : image.layers()) {
      unique.putIfAbsent(layer.digest(), layer);
    }
    List<Parallel.Task> tasks = new ArrayList<>();
    for (Blob blob : unique.values()) {
      tasks.add(() -> {
        if (target.hasBlob(blob.descriptor())) {
          listener.finished(blob.descriptor(), target.alreadyThere());
          return;
        }
        listener.finished(blob.descriptor(), target.writeBlob(blob, listener));
      });
    }
    Parallel.run(target.parallel() ? parallelism : 1, "hoist-transfer", tasks);
  }
}
