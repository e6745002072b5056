package dev.hoist.internal.registry;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Blob;
import dev.hoist.cache.image.ImageTarget;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.cache.model.Descriptor;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

/**
 * A repository of a registry as the target of an {@link dev.hoist.cache.image.ImageWriter}: blobs
 * the repository has are skipped (HEAD), others are mounted from a repository of the same
 * registry that holds them ({@link Blob#repositoriesOn}, at most 3 tried) or uploaded; the root
 * manifest goes under the reference's tag (or digest), an index's children under their digests.
 */
public final class RegistryTarget implements ImageTarget {
  private static final int MOUNT_CANDIDATES = 3;

  private final RegistryClient client;
  private final ImageName target;
  private final List<String> mountFrom;

  /** The repository of {@code target} on {@code client}'s registry. */
  public RegistryTarget(RegistryClient client, ImageName target) {
    this(client, target, List.of());
  }

  /**
   * The same, trying {@code mountFrom} (repositories of the same registry) too when a blob's
   * source knows no repository that holds it.
   */
  public RegistryTarget(RegistryClient client, ImageName target, List<String> mountFrom) {
    this.client = client;
    this.target = target;
    this.mountFrom = List.copyOf(mountFrom);
    client.preparePush(target.repository());
  }

  @Override
  public boolean hasBlob(Descriptor blob) throws IOException {
    return client.hasBlob(target.repository(), blob.digest());
  }

  @Override
  public String alreadyThere() {
    return "Layer already exists";
  }

  @Override
  public String writeBlob(Blob blob, ProgressListener listener) throws IOException {
    List<String> candidates = Stream.concat(blob.repositoriesOn(client.registry()).stream(),
            mountFrom.stream())
        .filter(repository -> !repository.equals(target.repository())).distinct()
        .limit(MOUNT_CANDIDATES).toList();
    return client.uploadBlob(target.repository(), blob.descriptor(),
        (digest, offset) -> blob.open(offset), candidates, listener);
  }

  @Override
  public void writeManifest(Artifact artifact, boolean root) throws IOException {
    Descriptor d = artifact.descriptor();
    byte[] bytes = artifact.rawManifest();
    String mediaType = d.mediaType() != null ? d.mediaType() : RegistryClient.mediaTypeOf(null, bytes);
    client.putManifest(target.repository(), root ? target.manifestReference() : d.digest().toString(),
        mediaType, bytes);
  }
}
