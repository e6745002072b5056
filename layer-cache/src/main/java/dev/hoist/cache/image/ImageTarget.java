package dev.hoist.cache.image;

import dev.hoist.cache.model.Descriptor;
import java.io.IOException;

/**
 * Where an {@link ImageWriter} puts an image or index: hoist has targets for the local store, a
 * registry repository and an archive, and an embedder may write its own. The writer calls {@link #hasBlob} and {@link #writeBlob} for every
 * config and layer (several at once when {@link #parallel()} allows), then {@link #writeManifest}
 * for each manifest, children before the index that names them.
 */
public interface ImageTarget {
  /**
   * Whether blobs may be written by several threads at once (false for a tar stream).
   *
   * @return true when blobs may be written at once
   */
  default boolean parallel() {
    return true;
  }

  /**
   * Whether the target holds {@code blob} already, so that the writer skips it.
   *
   * @param blob the blob's descriptor
   * @return whether the target has it
   * @throws IOException when the target cannot be asked
   */
  boolean hasBlob(Descriptor blob) throws IOException;

  /**
   * The outcome reported for a blob skipped because the target has it.
   *
   * @return the outcome, such as "Already exists"
   */
  String alreadyThere();

  /**
   * Writes one blob (the image's config, or one of its {@link Layer}s), reporting to
   * {@code listener}; returns the outcome to report ("Pushed", "Mounted from REPO", …).
   *
   * @param blob the blob
   * @param listener hears the transfer's progress
   * @return the outcome
   * @throws IOException when the blob cannot be read or written
   */
  String writeBlob(Blob blob, ProgressListener listener) throws IOException;

  /**
   * Writes a manifest or index after everything it names: {@code root} is the artifact the
   * write was asked for (a tag's target), otherwise it is a child of an index (written by digest).
   *
   * @param artifact the manifest or index
   * @param root whether it is the artifact the write was asked for
   * @throws IOException when it cannot be written
   */
  void writeManifest(Artifact artifact, boolean root) throws IOException;

  /**
   * An index names {@code child}, which its source does not hold. By default the write fails;
   * a target that can hold part of an index (an archive) may skip it.
   *
   * @param index the index's descriptor
   * @param child the child it names
   * @throws IOException unless the target skips the child
   */
  default void missingChild(Descriptor index, Descriptor child) throws IOException {
    throw new IOException("the image index " + index.digest() + " names " + child.digest()
        + (child.platform() == null ? "" : " (" + child.platform() + ")")
        + ", which is not in the local store: pull or build every platform first");
  }
}
