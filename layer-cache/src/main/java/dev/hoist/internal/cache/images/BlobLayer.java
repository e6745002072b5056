package dev.hoist.internal.cache.images;

import dev.hoist.cache.image.Blob;
import dev.hoist.cache.image.Layer;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.internal.cache.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A layer that is a source's {@link Blob} and a diff ID found elsewhere (its image's config);
 * stored into the content store as the blob stores itself (a registry's resumes).
 */
abstract class BlobLayer implements Layer, ResumableBlob {
  private final Blob blob;

  BlobLayer(Blob blob) {
    this.blob = blob;
  }

  @Override
  public Descriptor descriptor() {
    return blob.descriptor();
  }

  @Override
  public InputStream open(long offset) throws IOException {
    return blob.open(offset);
  }

  @Override
  public void storeInto(ContentStore store, ProgressListener listener) throws IOException {
    ResumableBlob.store(blob, store, listener);
  }

  @Override
  public List<String> repositoriesOn(String registry) throws IOException {
    return blob.repositoriesOn(registry);
  }
}
