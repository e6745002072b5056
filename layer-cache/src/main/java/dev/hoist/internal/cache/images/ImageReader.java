package dev.hoist.internal.cache.images;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.ContentStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads manifests, indexes and configs out of the content store. */
public final class ImageReader {
  private final ContentStore blobs;

  public ImageReader(ContentStore blobs) {
    this.blobs = blobs;
  }

  public ImageManifest manifest(Digest digest) throws IOException {
    return CanonicalJson.read(blobs.read(digest), ImageManifest.class);
  }

  public ImageIndex index(Digest digest) throws IOException {
    return CanonicalJson.read(blobs.read(digest), ImageIndex.class);
  }

  public ImageConfig config(Digest digest) throws IOException {
    return CanonicalJson.read(blobs.read(digest), ImageConfig.class);
  }

  /**
   * The image for a platform: the manifest itself, or from an index the entry for
   * {@code platform} (through nested indexes).
   */
  public LocalImage image(Descriptor descriptor, Platform platform) throws IOException {
    Descriptor chosen = platformManifest(descriptor, platform);
    ImageManifest manifest = manifest(chosen.digest());
    return new LocalImage(chosen, manifest, config(manifest.config().digest()));
  }

  /**
   * The image's ID as Docker shows it (its config's digest, {@link LocalImage#id}), read from
   * the manifest without the config.
   */
  public Digest imageId(Descriptor descriptor, Platform platform) throws IOException {
    return manifest(platformManifest(descriptor, platform).digest()).config().digest();
  }

  /** The image manifest for {@code platform}: the descriptor itself, or chosen from indexes. */
  private Descriptor platformManifest(Descriptor descriptor, Platform platform)
      throws IOException {
    return StoreImages.reading(blobs).image(descriptor, platform).descriptor();
  }

  /** The blobs an image needs (itself included), and which of them are configs. */
  public record Closure(List<Digest> blobs, List<Digest> configs) {}

  /**
   * Every blob a manifest or index needs, itself included: nested manifests, configs and
   * layers. Blobs an index names but the store does not hold (platforms not pulled) are skipped.
   */
  public Closure closure(Descriptor root) throws IOException {
    Closure closure = new Closure(new ArrayList<>(), new ArrayList<>());
    collect(root, closure, 0);
    return closure;
  }

  private void collect(Descriptor d, Closure out, int depth) throws IOException {
    if (depth > 8 || !blobs.contains(d.digest())) {
      return;
    }
    out.blobs().add(d.digest());
    if (MediaTypes.isIndex(d.mediaType())) {
      for (Descriptor child : index(d.digest()).manifests()) {
        collect(child, out, depth + 1);
      }
    } else if (MediaTypes.isManifest(d.mediaType())) {
      ImageManifest manifest = manifest(d.digest());
      out.blobs().add(manifest.config().digest());
      out.configs().add(manifest.config().digest());
      for (Descriptor layer : manifest.layers()) {
        out.blobs().add(layer.digest());
      }
    }
  }
}
