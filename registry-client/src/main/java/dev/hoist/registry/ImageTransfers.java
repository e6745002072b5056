package dev.hoist.registry;

import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.TaggedImage;
import dev.hoist.cache.model.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.store.BlobNotFoundException;
import dev.hoist.cache.store.ContentStore;
import dev.hoist.cache.store.StoreLock;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves images between registries and the local store: {@link #pull} (platform chosen from an
 * index, blobs verified into the content store, then tagged), {@link #push} (blobs the registry
 * lacks uploaded or mounted, then the manifests) and {@link #copy} between registries (mounted
 * on the same registry, streamed through otherwise, never stored locally). Blobs move {@link
 * RegistryOptions#parallelism()} at a time. One {@link RegistryClient} is kept per registry until
 * {@link #close()}.
 */
public final class ImageTransfers implements Closeable {
  private static final int MAX_DEPTH = 8;

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

  // ---- pull ----

  /**
   * Pulls {@code reference}: the manifest (from an index, the one for the configured platform),
   * its config and layers into the content store, then tags it locally under the reference.
   */
  public TransferResult pull(RegistryReference reference, TransferListener listener) throws IOException {
    RegistryClient client = client(reference.registry());
    String repo = reference.repository();
    ContentStore blobs = store.blobs();
    try (StoreLock.Held gc = new StoreLock(store.home(), StoreLock.GC).shared()) {
      FetchedManifest current = client.getManifest(repo, reference.manifestReference());
      Descriptor root = current.descriptor();
      keep(blobs, current);
      for (int depth = 0; current.isIndex(); depth++) {
        if (depth >= MAX_DEPTH) {
          throw new RegistryException(RegistryException.Kind.UNSUPPORTED, "image indexes nested too deeply in " + reference);
        }
        ImageIndex index = CanonicalJson.read(current.bytes(), ImageIndex.class, "image index");
        Descriptor chosen = index.manifestFor(options.platform()).orElseThrow(() -> new RegistryException(
            RegistryException.Kind.NOT_FOUND, reference + " has no image for " + options.platform()
                + " (it offers " + index.platforms().stream().map(Object::toString).distinct().toList() + ")"));
        current = client.getManifest(repo, chosen.digest().toString());
        keep(blobs, current);
      }
      ImageManifest manifest = CanonicalJson.read(current.bytes(), ImageManifest.class, "image manifest");
      long maxConfig = options.limits().maxConfigSize();
      if (manifest.config().size() > maxConfig) {
        throw new RegistryException(RegistryException.Kind.UNSUPPORTED, "the config of " + reference + " is "
            + manifest.config().size() + " bytes, more than the limit of " + maxConfig + " ("
            + RegistryLimits.hint(RegistryLimits.MAX_CONFIG_SIZE) + ")");
      }
      List<Parallel.Task> tasks = new ArrayList<>();
      for (Descriptor blob : blobsOf(manifest)) {
        tasks.add(() -> {
          if (blobs.contains(blob.digest())) {
            listener.finished(blob, "Already exists");
            return;
          }
          listener.started(blob, "Downloading");
          client.fetchBlob(repo, blob, blobs, listener);
          listener.finished(blob, "Pull complete");
        });
      }
      Parallel.run(options.parallelism(), tasks);
      store.tag(reference.toImageName(), current.descriptor());
      return new TransferResult(reference, root, current.descriptor());
    }
  }

  private static void keep(ContentStore blobs, FetchedManifest m) throws IOException {
    if (!blobs.contains(m.descriptor().digest())) {
      try {
        blobs.put(new ByteArrayInputStream(m.bytes()), m.descriptor().digest(), m.bytes().length);
      } catch (IOException e) {
        throw StoreFailure.of(e, blobs, "the manifest " + m.descriptor().digest());
      }
    }
  }

  private static List<Descriptor> blobsOf(ImageManifest manifest) {
    Map<Digest, Descriptor> unique = new LinkedHashMap<>();
    unique.put(manifest.config().digest(), manifest.config());
    for (Descriptor layer : manifest.layers()) {
      unique.putIfAbsent(layer.digest(), layer);
    }
    return List.copyOf(unique.values());
  }

  // ---- push and copy ----

  /** Where the manifests and blobs of a push or copy come from. */
  private interface Source {
    byte[] manifest(Descriptor d) throws IOException;

    boolean has(Descriptor d);

    BlobSource blobs();

    /** Repositories of {@code registry} that may hold {@code blob} already (for mounts). */
    List<String> mountCandidates(String registry, Digest blob) throws IOException;
  }

  /**
   * Pushes the local image {@code localReference} (a name or ID) to {@code target}: blobs the
   * registry lacks are mounted from another repository of the registry that the image is also
   * tagged for, or uploaded; then the manifest (and for an index, every manifest it names).
   */
  public TransferResult push(String localReference, RegistryReference target, TransferListener listener)
      throws IOException {
    Descriptor root = store.resolve(localReference).orElseThrow(() -> new RegistryException(
        RegistryException.Kind.NOT_FOUND, "no such local image: " + localReference));
    ContentStore blobs = store.blobs();
    List<TaggedImage> tagged = store.list();
    Source local = new Source() {
      @Override
      public byte[] manifest(Descriptor d) throws IOException {
        return blobs.read(d.digest());
      }

      @Override
      public boolean has(Descriptor d) {
        return blobs.contains(d.digest());
      }

      @Override
      public BlobSource blobs() {
        return (digest, offset) -> {
          try {
            return blobs.open(digest, offset);
          } catch (BlobNotFoundException e) {
            throw new RegistryException(RegistryException.Kind.NOT_FOUND,
                "blob " + digest + " of " + localReference + " is missing from the local store");
          }
        };
      }

      private Map<Digest, List<String>> known;

      @Override
      public synchronized List<String> mountCandidates(String registry, Digest blob) throws IOException {
        if (known == null) {
          known = blobRepositories(tagged, registry, target.repository());
        }
        return known.getOrDefault(blob, List.of());
      }
    };
    RegistryClient client = client(target.registry());
    client.preparePush(target.repository());
    Descriptor plain = Descriptor.of(root.mediaType(), root.digest(), root.size());
    copyTree(local, plain, client, target.repository(), target.manifestReference(), listener, 0);
    return new TransferResult(target, plain, plain);
  }

  /**
   * For each blob of the images tagged locally under {@code registry}, the repositories there
   * whose image has it: where a push can mount it from (a base image pulled from one repository
   * and an image built on it pushed to another share the base's layers). At most 3 a blob, never
   * {@code except} (the repository pushed to).
   */
  private Map<Digest, List<String>> blobRepositories(List<TaggedImage> tagged, String registry,
      String except) throws IOException {
    ImageReader reader = new ImageReader(store.blobs());
    Map<Digest, List<String>> repositories = new HashMap<>();
    for (TaggedImage t : tagged) {
      RegistryReference r = RegistryReference.of(t.name());
      if (!r.registry().equals(registry) || r.repository().equals(except)) {
        continue;
      }
      for (Digest blob : reader.closure(t.manifest()).blobs()) {
        List<String> repos = repositories.computeIfAbsent(blob, d -> new ArrayList<>());
        if (repos.size() < 3 && !repos.contains(r.repository())) {
          repos.add(r.repository());
        }
      }
    }
    return repositories;
  }

  /**
   * Copies {@code source} to {@code target} between registries without storing anything locally:
   * an index is copied whole with every manifest it names; blobs are mounted when both are on
   * the same registry, else streamed from one to the other.
   */
  public TransferResult copy(RegistryReference source, RegistryReference target, TransferListener listener)
      throws IOException {
    RegistryClient from = client(source.registry());
    RegistryClient to = client(target.registry());
    to.preparePush(target.repository());
    FetchedManifest root = from.getManifest(source.repository(), source.manifestReference());
    Source remote = new Source() {
      @Override
      public byte[] manifest(Descriptor d) throws IOException {
        return d.digest().equals(root.descriptor().digest()) ? root.bytes()
            : from.getManifest(source.repository(), d.digest().toString()).bytes();
      }

      @Override
      public boolean has(Descriptor d) {
        return true;
      }

      @Override
      public BlobSource blobs() {
        return (digest, offset) -> from.openBlob(source.repository(), digest, offset);
      }

      @Override
      public List<String> mountCandidates(String registry, Digest blob) {
        return registry.equals(source.registry()) ? List.of(source.repository()) : List.of();
      }
    };
    copyTree(remote, root.descriptor(), to, target.repository(), target.manifestReference(), listener, 0);
    return new TransferResult(target, root.descriptor(), root.descriptor());
  }

  private void copyTree(Source source, Descriptor node, RegistryClient to, String repo, String reference,
      TransferListener listener, int depth) throws IOException {
    if (depth >= MAX_DEPTH) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED, "image indexes nested too deeply");
    }
    byte[] bytes = source.manifest(node);
    String mediaType = node.mediaType() != null ? node.mediaType() : RegistryClient.mediaTypeOf(null, bytes);
    if (MediaTypes.isIndex(mediaType)) {
      ImageIndex index = CanonicalJson.read(bytes, ImageIndex.class, "image index");
      for (Descriptor child : index.manifests()) {
        if (!source.has(child)) {
          throw new RegistryException(RegistryException.Kind.NOT_FOUND, "the image index " + node.digest()
              + " names " + child.digest() + (child.platform() == null ? "" : " (" + child.platform() + ")")
              + ", which is not in the local store: pull or build every platform first");
        }
        copyTree(source, child, to, repo, child.digest().toString(), listener, depth + 1);
      }
    } else {
      ImageManifest manifest = CanonicalJson.read(bytes, ImageManifest.class, "image manifest");
      List<Parallel.Task> tasks = new ArrayList<>();
      for (Descriptor blob : blobsOf(manifest)) {
        tasks.add(() -> {
          if (to.hasBlob(repo, blob.digest())) {
            listener.finished(blob, "Layer already exists");
            return;
          }
          List<String> candidates = source.mountCandidates(to.registry(), blob.digest());
          listener.finished(blob, to.uploadBlob(repo, blob, source.blobs(), candidates, listener));
        });
      }
      Parallel.run(options.parallelism(), tasks);
    }
    to.putManifest(repo, reference, mediaType, bytes);
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
