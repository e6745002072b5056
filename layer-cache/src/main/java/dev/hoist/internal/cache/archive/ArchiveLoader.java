package dev.hoist.internal.cache.archive;

import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Blob;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.image.ImageTarget;
import dev.hoist.cache.image.ImageWriter;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.cache.store.StoreLock;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code hoist load}: each image of an archive ({@link ArchiveImages}: a {@code docker save}
 * tar or an OCI layout tar, plain, gzip or zstd) written by the {@link ImageWriter} to the store
 * and tagged, as a pull writes a registry's image. The archive's blobs are streamed into the
 * content store as the tar is read, each verified against its digest; every image is checked
 * against what arrived before any is written. Nothing the archive brought but does not use is
 * kept.
 */
public final class ArchiveLoader {
  private final ImageStore store;
  private final ContentStore blobs;
  private final StoreImages images;

  public ArchiveLoader(ImageStore store) {
    this.store = store;
    this.blobs = store.blobs();
    this.images = new StoreImages(store);
  }

  /** What was loaded: the tags written and the manifests kept without a name. */
  public record Loaded(List<ImageName> tags, List<Descriptor> untagged) {}

  public Loaded load(InputStream archive) throws IOException {
    store.initialise();
    try (StoreLock.Held gc = new StoreLock(store.home(), StoreLock.GC).shared()) {
      ArchiveImages staged = ArchiveImages.stage(archive, blobs);
      List<ImageName> tags = new ArrayList<>();
      List<Descriptor> untagged = new ArrayList<>();
      ImageWriter writer = new ImageWriter(1, ProgressListener.NONE);
      for (ArchiveImages.Entry entry : staged.entries()) {
        Descriptor root = entry.artifact().descriptor();
        if (entry.names().isEmpty()) {
          writer.write(entry.artifact(), broughtBy(root, images.target(null)));
          untagged.add(root);
        }
        for (ImageName name : entry.names()) {
          writer.write(entry.artifact(), broughtBy(root, images.target(name)));
          tags.add(name);
        }
      }
      removeUnused(staged.staged());
      return new Loaded(tags, untagged);
    }
  }

  /** What the archive brought but no image uses goes; anything any image uses stays. */
  private void removeUnused(Set<Digest> brought) throws IOException {
    ImageReader reader = new ImageReader(blobs);
    Set<Digest> used = new HashSet<>();
    for (Descriptor root : store.readIndex().manifests()) {
      used.addAll(reader.closure(root).blobs());
    }
    for (Digest digest : brought) {
      if (!used.contains(digest)) {
        blobs.delete(digest);
      }
    }
  }

  /**
   * {@code store} as the target of an image whose blobs the archive should have brought: one it
   * did not is an error naming it; platforms an index names but the archive leaves out are fine.
   */
  private static ImageTarget broughtBy(Descriptor entry, ImageTarget store) {
    return new ImageTarget() {
      @Override
      public boolean hasBlob(Descriptor blob) throws IOException {
        return store.hasBlob(blob);
      }

      @Override
      public String alreadyThere() {
        return store.alreadyThere();
      }

      @Override
      public String writeBlob(Blob blob, ProgressListener listener) throws ArchiveException {
        throw new ArchiveException("the archive lacks blob " + blob.digest() + " of " + entry.digest());
      }

      @Override
      public void writeManifest(Artifact artifact, boolean root) throws IOException {
        store.writeManifest(artifact, root);
      }

      @Override
      public void missingChild(Descriptor index, Descriptor child) {
        // a platform the archive leaves out
      }
    };
  }
}
