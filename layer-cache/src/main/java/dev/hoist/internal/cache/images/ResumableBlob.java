package dev.hoist.internal.cache.images;

import dev.hoist.cache.image.Blob;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.internal.cache.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob that copies itself into the content store in its own way: a registry's blob resumes a
 * broken download. {@link #store} copies any blob, through this when the blob is one.
 */
public interface ResumableBlob extends Blob {

  /** Copies the blob into {@code store}, verified against its digest and size. */
  void storeInto(ContentStore store, ProgressListener listener) throws IOException;

  /**
   * Copies {@code blob} into {@code store}, verified against its digest and size: by the blob
   * itself when it is a {@link ResumableBlob}, else read from its start.
   */
  static void store(Blob blob, ContentStore store, ProgressListener listener) throws IOException {
    if (blob instanceof ResumableBlob resumable) {
      resumable.storeInto(store, listener);
      return;
    }
    try (InputStream in = blob.open(0)) {
      store.put(in, blob.digest(), blob.size());
    }
    listener.progress(blob.descriptor(), blob.size());
  }
}
