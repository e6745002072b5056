package dev.hoist.internal.cache.archive;

import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.image.ImageWriter;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code hoist save}: each image of the store written by the {@link ImageWriter} to an {@link
 * ArchiveTarget}: an OCI image layout tar (an index whole, with the platforms the store holds) or
 * Docker's {@code docker save} layout (the manifest for {@code platform} chosen from an index).
 */
public final class ArchiveWriter {
  private final StoreImages images;

  public ArchiveWriter(ImageStore store) {
    this.images = new StoreImages(store);
  }

  /** One image to save: the name it is saved under (null: none) and its manifest or index. */
  public record Saved(ImageName name, Descriptor manifest) {}

  public void write(List<Saved> saved, ArchiveFormat format, Platform platform,
      OutputStream out) throws IOException {
    ArchiveTarget archive = ArchiveTarget.open(format, out);
    ImageWriter writer = new ImageWriter(1, ProgressListener.NONE);
    for (Saved image : saved) {
      String label = image.name() == null ? image.manifest().digest().toString()
          : image.name().familiar();
      Artifact source = format == ArchiveFormat.OCI ? images.artifact(image.manifest(), label)
          : images.image(image.manifest(), platform);
      writer.write(source, archive.image(image.name()));
    }
    archive.close();
  }
}
