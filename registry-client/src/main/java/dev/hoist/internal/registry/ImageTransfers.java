package dev.hoist.internal.registry;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.Artifact;
import dev.hoist.internal.cache.images.Artifacts;
import dev.hoist.cache.image.Image;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.image.ImageTarget;
import dev.hoist.cache.image.ImageWriter;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.cache.model.PlatformMatcher;
import dev.hoist.internal.cache.store.StoreLock;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pull, push and copy, each one {@link ImageWriter#write}: {@link #pull} writes a registry's image
 * (for the configured platform, chosen from an index) to the local store and tags it; {@link
 * #push} writes a local image or index to a registry; {@link #copy} writes a registry's image or
 * index to another repository or registry, never through the local store. Blobs move {@link
 * RegistryOptions#parallelism()} at a time. One {@link RegistryClient} is kept per registry until
 * {@link #close()}.
 */
public final class ImageTransfers implements Closeable {
  private final ImageStore store;
  private final RegistryOptions options;
  private final Map<String, RegistryClient> clients = new ConcurrentHashMap<>();

  public ImageTransfers(ImageStore store, RegistryOptions options) {
    this.store = store;
    this.options = options;
  }

  /** The client for a registry, opened on first use and kept until {@link #close()}. */
  public synchronized RegistryClient client(String registry) throws IOException {
    RegistryClient c = clients.get(registry);
    if (c == null) {
      c = RegistryClient.connect(registry, options);
      clients.put(registry, c);
    }
    return c;
  }

  private RemoteImages remote(String registry) throws IOException {
    return new RemoteImages(client(registry), options.limits());
  }

  /**
   * The image or index {@code reference} names on its registry (its manifest fetched now,
   * everything else when read): what a manifest list takes from a registry.
   */
  public Artifact remote(ImageName reference) throws IOException {
    return remote(reference.registry()).get(reference);
  }

  /** Writes {@code source} (an image or index) to {@code target}, blobs moved in parallel. */
  public void write(Artifact source, ImageTarget target,
      TransferListener listener) throws IOException {
    writer(listener).write(source, target);
  }

  private ImageWriter writer(TransferListener listener) {
    return new ImageWriter(options.parallelism(), listener);
  }

  /**
   * Pulls {@code reference}: the manifest (from an index, the one for the configured platform),
   * its config and layers into the content store, then tags it locally under the reference. The
   * indexes passed on the way are kept in the store too.
   */
  public TransferResult pull(ImageName reference, TransferListener listener) throws IOException {
    return pull(reference, listener, false);
  }

  /**
   * As {@link #pull(ImageName, TransferListener)}; with {@code platformAsked} (the user named
   * the platform: {@code pull --platform}) an image that is no index must be for that platform
   * too, as Docker refuses it, else only an index's entries are chosen by platform and a single
   * image is taken whatever its platform.
   */
  public TransferResult pull(ImageName reference, TransferListener listener,
      boolean platformAsked) throws IOException {
    return pull(reference, options.platform(), listener, platformAsked, true);
  }

  /**
   * {@code platform}'s image of {@code reference} (a multi-platform build's base of another
   * platform), kept in the store untagged: the local tag stays what it named.
   */
  public TransferResult pullUntagged(ImageName reference, Platform platform,
      TransferListener listener) throws IOException {
    return pull(reference, platform, listener, true, false);
  }

  private TransferResult pull(ImageName reference, Platform platform, TransferListener listener,
      boolean platformAsked, boolean tag) throws IOException {
    StoreImages local = new StoreImages(store);
    try (StoreLock.Held gc = new StoreLock(store.home(), StoreLock.GC).shared()) {
      Artifact root = remote(reference.registry()).get(reference);
      Image image = Artifacts.forPlatform(root, platform, index -> new RegistryException(
              RegistryException.Kind.NOT_FOUND, reference + " has no image for " + platform
                  + " (it offers " + index.platforms().stream().map(Object::toString).distinct().toList() + ")"),
          index -> local.keep(index.descriptor(), index.rawManifest()));
      if (platformAsked && image == root) {
        Platform actual = image.config().declaredPlatform().orElse(null);
        if (actual != null && PlatformMatcher.rank(platform, actual) < 0) {
          throw new RegistryException(RegistryException.Kind.NOT_FOUND, reference
              + " was found but does not match the platform asked for: wanted "
              + platform + ", actual: " + actual);
        }
      }
      writer(listener).write(image, local.target(tag ? reference : null));
      return new TransferResult(reference, root.descriptor(), image.descriptor());
    }
  }


  /**
   * Pushes the local image {@code localReference} (a name or ID) to {@code target}: blobs the
   * registry lacks are mounted from another repository of the registry that the image is also
   * tagged for, or uploaded; then the manifest (and for an index, every manifest it names).
   */
  public TransferResult push(String localReference, ImageName target, TransferListener listener)
      throws IOException {
    Descriptor root = store.resolve(localReference).orElseThrow(() -> new RegistryException(
        RegistryException.Kind.NOT_FOUND, "no such local image: " + localReference));
    Descriptor plain = Descriptor.of(root.mediaType(), root.digest(), root.size());
    Artifact source = new StoreImages(store).artifact(plain, localReference);
    writer(listener).write(source, new RegistryTarget(client(target.registry()), target));
    return new TransferResult(target, plain, plain);
  }

  /**
   * Writes any image or index ({@code source}: from the store, a registry, or made by {@code
   * Mutate}) to {@code target}, also trying {@code mountFrom} (repositories of the target's
   * registry) for blobs the registry lacks.
   */
  public TransferResult push(Artifact source, ImageName target, List<String> mountFrom,
      TransferListener listener) throws IOException {
    writer(listener).write(source, new RegistryTarget(client(target.registry()), target, mountFrom));
    return new TransferResult(target, source.descriptor(), source.descriptor());
  }

  /**
   * Copies {@code source} to {@code target} between registries without storing anything locally:
   * an index is copied whole with every manifest it names; blobs are mounted when both are on
   * the same registry, else streamed from one to the other.
   */
  public TransferResult copy(ImageName source, ImageName target, TransferListener listener)
      throws IOException {
    RegistryTarget to = new RegistryTarget(client(target.registry()), target);
    Artifact root = remote(source.registry()).get(source);
    writer(listener).write(root, to);
    return new TransferResult(target, root.descriptor(), root.descriptor());
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (RegistryClient c : clients.values()) {
      try {
        c.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    clients.clear();
    if (first != null) {
      throw first;
    }
  }
}
