package dev.hoist.internal.registry;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Blob;
import dev.hoist.internal.cache.images.ConfigLayers;
import dev.hoist.internal.cache.images.ResumableBlob;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.Index;
import dev.hoist.cache.image.Layer;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.internal.cache.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A registry's images as {@link Image}s and {@link Index}es. {@link #get} fetches the manifest a
 * tag or digest names (to learn whether it is an image or an index); everything else is fetched
 * when read: an index's children, configs, layers. Blobs downloaded into a store are verified and
 * resumed ({@link RegistryClient#fetchBlob}); blobs read as streams come straight from the registry.
 */
public final class RemoteImages {
  private final RegistryClient client;
  private final RegistryLimits limits;

  public RemoteImages(RegistryClient client, RegistryLimits limits) {
    this.client = client;
    this.limits = limits;
  }

  /** The image or index {@code reference} names, its manifest fetched (and verified). */
  public Artifact get(ImageName reference) throws IOException {
    FetchedManifest fetched = client.getManifest(reference.repository(), reference.manifestReference());
    return artifact(reference.repository(), fetched.descriptor(), fetched.bytes(), reference.toString());
  }

  private Artifact artifact(String repository, Descriptor d, byte[] bytes, String label) {
    return MediaTypes.isIndex(d.mediaType()) ? new RemoteIndex(repository, d, bytes, label)
        : new RemoteImage(repository, d, bytes, label);
  }

  /** A manifest fetched once, when first read. */
  private abstract class RemoteArtifact implements Artifact {
    final String repository;
    final Descriptor descriptor;
    final String label;
    private volatile byte[] bytes;

    RemoteArtifact(String repository, Descriptor descriptor, byte[] bytes, String label) {
      this.repository = repository;
      this.descriptor = descriptor;
      this.bytes = bytes;
      this.label = label;
    }

    @Override
    public Descriptor descriptor() {
      return descriptor;
    }

    @Override
    public byte[] rawManifest() throws IOException {
      byte[] b = bytes;
      if (b == null) {
        bytes = b = client.getManifest(repository, descriptor.digest().toString()).bytes();
      }
      return b.clone();
    }
  }

  private final class RemoteIndex extends RemoteArtifact implements Index {
    RemoteIndex(String repository, Descriptor descriptor, byte[] bytes, String label) {
      super(repository, descriptor, bytes, label);
    }

    @Override
    public Optional<Artifact> child(Descriptor child) {
      return Optional.of(artifact(repository, child, null, label));
    }
  }

  private final class RemoteImage extends RemoteArtifact implements Image {
    private volatile ImageManifest manifest;

    RemoteImage(String repository, Descriptor descriptor, byte[] bytes, String label) {
      super(repository, descriptor, bytes, label);
    }

    @Override
    public ImageManifest manifest() throws IOException {
      ImageManifest m = manifest;
      if (m == null) {
        manifest = m = Image.super.manifest();
      }
      return m;
    }

    @Override
    public Blob configBlob() throws IOException {
      Descriptor config = manifest().config();
      long max = limits.maxConfigSize();
      if (config.size() > max) {
        throw new RegistryException(RegistryException.Kind.UNSUPPORTED, "the config of " + label
            + " is " + config.size() + " bytes, more than the limit of " + max + " ("
            + RegistryLimits.hint(RegistryLimits.MAX_CONFIG_SIZE) + ")");
      }
      return new RemoteBlob(repository, config);
    }

    @Override
    public List<Layer> layers() throws IOException {
      return ConfigLayers.of(this, d -> new RemoteBlob(repository, d));
    }
  }

  private final class RemoteBlob implements ResumableBlob {
    private final String repository;
    private final Descriptor descriptor;

    RemoteBlob(String repository, Descriptor descriptor) {
      this.repository = repository;
      this.descriptor = descriptor;
    }

    @Override
    public Descriptor descriptor() {
      return descriptor;
    }

    @Override
    public InputStream open(long offset) throws IOException {
      return client.openBlob(repository, descriptor.digest(), offset);
    }

    @Override
    public void storeInto(ContentStore store, ProgressListener listener) throws IOException {
      client.fetchBlob(repository, descriptor, store, listener);
    }

    @Override
    public List<String> repositoriesOn(String registry) {
      return registry.equals(client.registry()) ? List.of(repository) : List.of();
    }
  }
}
