package dev.hoist.internal.cache.images;

import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Blob;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageTarget;
import dev.hoist.cache.image.Index;
import dev.hoist.cache.image.Layer;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.BlobNotFoundException;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.cache.store.StoreFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local store as images: {@link #artifact} reads a manifest or index of the content store as
 * an {@link Image} or {@link Index} (blobs opened only when read), and {@link #target} writes
 * images into the store and tags them. Blobs of an image know the repositories that local tags
 * on a registry point to, so a push can mount them ({@link Blob#repositoriesOn}).
 */
public final class StoreImages {
  private final ImageStore store;
  private final ContentStore blobs;
  private Map<String, Map<Digest, List<String>>> repositories;

  public StoreImages(ImageStore store) {
    this(store, store.blobs());
  }

  private StoreImages(ImageStore store, ContentStore blobs) {
    this.store = store;
    this.blobs = blobs;
  }

  /** Images read from a content store alone: no {@link #target}, no mount hints. */
  public static StoreImages reading(ContentStore blobs) {
    return new StoreImages(null, blobs);
  }

  /**
   * The image or index {@code descriptor} names, with that descriptor ({@code label}, what the user called it, goes into
   * messages about missing blobs).
   */
  public Artifact artifact(Descriptor descriptor, String label) {
    return MediaTypes.isIndex(descriptor.mediaType()) ? new StoreIndex(descriptor, label)
        : new StoreImage(descriptor, label);
  }

  /** The image for {@code platform}: {@code descriptor}'s manifest, or chosen from its indexes. */
  public Image image(Descriptor descriptor, Platform platform) throws IOException {
    return Artifacts.forPlatform(artifact(descriptor, descriptor.digest().toString()), platform,
        index -> noVariant(index, platform));
  }

  /** The error for an index without an entry for {@code platform}, naming those it offers. */
  public static IOException noVariant(ImageIndex index, Platform platform) {
    return new IOException("the image has no variant for " + platform + " (it offers "
        + index.manifests().stream().filter(m -> m.platform() != null)
            .map(m -> m.platform().toString()).distinct().toList() + ")");
  }

  /**
   * Blobs of the store as the layers of an image being made (a build's): {@code layers} with
   * the diff IDs {@code diffIds} gives them, in the same order.
   */
  public List<Layer> layers(List<Descriptor> layers, List<Digest> diffIds) {
    if (layers.size() != diffIds.size()) {
      throw new IllegalArgumentException(layers.size() + " layers but " + diffIds.size()
          + " diff IDs");
    }
    List<Layer> result = new ArrayList<>(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      result.add(new StoreLayer(new StoreBlob(layers.get(i), layers.get(i).digest().toString()),
          diffIds.get(i)));
    }
    return result;
  }

  /** A blob of the store whose diff ID is known. */
  private static final class StoreLayer extends BlobLayer {
    private final Digest diffId;

    StoreLayer(Blob blob, Digest diffId) {
      super(blob);
      this.diffId = diffId;
    }

    @Override
    public Digest diffId() {
      return diffId;
    }
  }

  /**
   * A target that stores what is written and points {@code name} at the root (kept untagged when
   * null). Blobs are reported as "Downloading" then "Pull complete", or "Already exists".
   */
  public ImageTarget target(ImageName name) {
    return target(name, true);
  }

  /**
   * A target that stores what is written and names nothing, not even as an untagged image: for
   * the images of an index the caller writes next, holding the store's {@code gc} lock shared
   * from before the first of them is written (a multi-platform build's platforms), so nothing is
   * recorded in index.json only to be removed again.
   */
  public ImageTarget unnamed() {
    return target(null, false);
  }

  private ImageTarget target(ImageName name, boolean record) {
    if (store == null) {
      throw new IllegalStateException("images read from a content store alone cannot be written");
    }
    return new ImageTarget() {
      @Override
      public boolean hasBlob(Descriptor blob) {
        return blobs.contains(blob.digest());
      }

      @Override
      public String alreadyThere() {
        return "Already exists";
      }

      @Override
      public String writeBlob(Blob blob, ProgressListener listener) throws IOException {
        listener.started(blob.descriptor(), "Downloading");
        ResumableBlob.store(blob, blobs, listener);
        return "Pull complete";
      }

      @Override
      public void writeManifest(Artifact artifact, boolean root) throws IOException {
        Descriptor d = artifact.descriptor();
        keep(d, artifact.rawManifest());
        if (root && name != null) {
          store.tag(name, d);
        } else if (root && record) {
          store.keepUntagged(d);
        }
      }
    };
  }

  /** Puts a manifest's exact bytes into the content store (a no-op when there already). */
  public void keep(Descriptor d, byte[] bytes) throws IOException {
    if (!blobs.contains(d.digest())) {
      try {
        blobs.put(new java.io.ByteArrayInputStream(bytes), d.digest(), bytes.length);
      } catch (IOException e) {
        throw StoreFailure.of(e, blobs, "the manifest " + d.digest());
      }
    }
  }

  /** For each blob of the images tagged on {@code registry}: the repositories whose image has it. */
  private synchronized Map<Digest, List<String>> repositories(String registry) throws IOException {
    if (store == null) {
      return Map.of();
    }
    if (repositories == null) {
      repositories = new HashMap<>();
    }
    Map<Digest, List<String>> known = repositories.get(registry);
    if (known == null) {
      known = new HashMap<>();
      ImageReader reader = new ImageReader(blobs);
      for (TaggedImage t : store.list()) {
        if (!t.name().apiHost().equals(registry)) {
          continue;
        }
        for (Digest blob : reader.closure(t.manifest()).blobs()) {
          List<String> repos = known.computeIfAbsent(blob, d -> new ArrayList<>());
          if (!repos.contains(t.name().repository())) {
            repos.add(t.name().repository());
          }
        }
      }
      repositories.put(registry, known);
    }
    return known;
  }

  private static IOException missing(Digest digest, String label) {
    return new BlobNotFoundException(digest, "blob " + digest + " of " + label
        + " is missing from the local store");
  }

  /** A manifest or index of the content store, its bytes read once, when first asked for. */
  private abstract class StoreArtifact implements Artifact {
    final Descriptor descriptor;
    final String label;
    private volatile byte[] manifest;

    StoreArtifact(Descriptor descriptor, String label) {
      this.descriptor = descriptor;
      this.label = label;
    }

    @Override
    public Descriptor descriptor() {
      return descriptor;
    }

    @Override
    public byte[] rawManifest() throws IOException {
      byte[] m = manifest;
      if (m == null) {
        manifest = m = blobs.read(descriptor.digest());
      }
      return m.clone();
    }
  }

  private final class StoreImage extends StoreArtifact implements Image {
    StoreImage(Descriptor descriptor, String label) {
      super(descriptor, label);
    }

    @Override
    public Blob configBlob() throws IOException {
      return new StoreBlob(manifest().config(), label);
    }

    @Override
    public List<Layer> layers() throws IOException {
      return ConfigLayers.of(this, d -> new StoreBlob(d, label));
    }
  }

  private final class StoreBlob implements Blob {
    private final Descriptor descriptor;
    private final String label;

    StoreBlob(Descriptor descriptor, String label) {
      this.descriptor = descriptor;
      this.label = label;
    }

    @Override
    public Descriptor descriptor() {
      return descriptor;
    }

    @Override
    public InputStream open(long offset) throws IOException {
      try {
        return blobs.open(digest(), offset); // a built layer's recipe is made again here
      } catch (NoSuchFileException | BlobNotFoundException e) {
        throw missing(digest(), label);
      }
    }

    @Override
    public List<String> repositoriesOn(String registry) throws IOException {
      return repositories(registry).getOrDefault(digest(), List.of());
    }
  }

  private final class StoreIndex extends StoreArtifact implements Index {
    StoreIndex(Descriptor descriptor, String label) {
      super(descriptor, label);
    }

    @Override
    public Optional<Artifact> child(Descriptor child) {
      if (!blobs.contains(child.digest())) {
        return Optional.empty();
      }
      return Optional.of(artifact(child, label));
    }
  }
}
