package dev.hoist.cache.image;

import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.cache.model.Descriptor;
import java.io.IOException;

/**
 * Where an {@link ImageWriter} puts an image or index: the local store ({@link StoreImages#target}),
 * a registry repository (the registry client's {@code RegistryTarget}) or an archive
 * ({@code ArchiveTarget}). The writer calls {@link #hasBlob} and {@link #writeBlob} for every
 * config and layer (several at once when {@link #parallel()} allows), then {@link #writeManifest}
 * for each manifest, children before the index that names them.
 */
public interface ImageTarget {
  /** Whether blobs may be written by several threads at once (false for a tar stream). */
  default boolean parallel() {
    return true;
  }

  /** Whether the target holds {@code blob} already, so that the writer skips it. */
  boolean hasBlob(Descriptor blob) throws IOException;

  /** The outcome reported for a blob skipped because the target has it. */
  String alreadyThere();

  /**
   * Writes one blob (the image's config, or one of its {@link Layer}s), reporting to
   * {@code listener}; returns the outcome to report ("Pushed", "Mounted from REPO", …).
   */
  String writeBlob(Blob blob, ProgressListener listener) throws IOException;

  /**
   * Writes a manifest or index after everything it names: {@code root} is the artifact the
   * write was asked for (a tag's target), otherwise it is a child of an index (written by digest).
   */
  void writeManifest(Artifact artifact, boolean root) throws IOException;

  /**
   * An index names {@code child}, which its source does not hold. By default the write fails;
   * a target that can hold part of an index (an archive) may skip it.
   */
  default void missingChild(Descriptor index, Descriptor child) throws IOException {
    throw new IOException("the image index " + index.digest() + " names " + child.digest()
        + (child.platform() == null ? "" : " (" + child.platform() + ")")
        + ", which is not in the local store: pull or build every platform first");
  }
}
