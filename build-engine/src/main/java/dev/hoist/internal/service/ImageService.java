package dev.hoist.internal.service;

import dev.hoist.internal.runtime.ConflictException;
import dev.hoist.internal.build.BuildCache;
import dev.hoist.internal.cache.archive.ArchiveFormat;
import dev.hoist.internal.cache.archive.ArchiveLoader;
import dev.hoist.internal.cache.archive.ArchiveWriter;
import dev.hoist.internal.cache.archive.RootfsImporter;
import dev.hoist.internal.cache.images.GarbageCollector;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.internal.cache.images.TaggedImage;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.registry.ImageTransfers;
import dev.hoist.internal.registry.RegistryOptions;
import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.cache.snapshot.SnapshotStore;
import dev.hoist.internal.service.docker.GraphDriver;
import dev.hoist.internal.service.docker.ImageInspect;
import dev.hoist.internal.service.list.Filters;
import dev.hoist.internal.service.list.PruneFilter;
import dev.hoist.internal.runtime.events.Event;
import dev.hoist.internal.runtime.events.EventJournal;
import dev.hoist.internal.service.list.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The images of the local store, and the policies about them: how a name is found (and pulled
 * when missing: {@link #resolve}, the one resolver of builds' base images and of containers'
 * images), which untagged images a prune may remove, what garbage collection keeps.
 */
public final class ImageService {
  private final HoistContext context;
  private volatile ImageStore store;

  ImageService(HoistContext context) {
    this.context = context;
  }

  /**
   * Appends the image event {@code action} about {@code actorId} (an image ID, or the name
   * pulled or pushed) to the events journal, with {@code name} as its {@code name} attribute
   * (none when null), as Docker's.
   */
  private void emit(String action, String actorId, String name) {
    java.util.Map<String, String> attributes = name == null ? java.util.Map.of()
        : java.util.Map.of("name", name);
    EventJournal.of(context.home().root(), context.diagnostics())
        .append(Event.of(Event.IMAGE, action, actorId, attributes));
  }

  /** The image ID of {@code manifest}, or its digest when its config cannot be read. */
  private String idOrDigest(Descriptor manifest) {
    try {
      return imageId(manifest);
    } catch (IOException | RuntimeException e) {
      return manifest.digest().toString();
    }
  }

  /** The local store, its layout written on first use if new. */
  public ImageStore store() throws IOException {
    ImageStore s = store;
    if (s == null) {
      s = new ImageStore(context.home());
      s.initialise();
      store = s;
    }
    return s;
  }

  /** The registry settings of the context with {@code overrides}. */
  public RegistryOptions registryOptions(RegistryOverrides overrides) throws IOException {
    return overrides.applyTo(context.registryOptions());
  }

  /**
   * The manifest {@code reference} names in the local store.
   *
   * @throws NotFoundException when the store has no such image
   * @throws IllegalArgumentException when {@code reference} is no image name or ID
   */
  public Descriptor require(String reference) throws IOException {
    return store().resolve(reference).orElseThrow(() -> new NotFoundException(
        "no such image: " + reference + " (hoist images lists the local ones)"));
  }

  /** Pulls {@code reference} into the store and tags it there. */
  public TransferResult pull(ImageName reference, RegistryOptions options,
      TransferListener listener) throws IOException {
    try (ImageTransfers transfers = new ImageTransfers(store(), options)) {
      TransferResult pulled = transfers.pull(reference, listener);
      emit("pull", reference.familiar(), reference.familiar());
      return pulled;
    }
  }

  /**
   * {@code hoist pull}: {@code reference} from its registry into the store, tagged there; the
   * image for {@code platform} (null: this machine's, or the settings') chosen from an index;
   * a {@code platform} named that a single image is not for is refused, as Docker does.
   * The write of the remote image to the store.
   */
  public TransferResult pull(ImageName reference, Platform platform, RegistryOverrides overrides,
      TransferListener listener) throws IOException {
    RegistryOptions options = registryOptions(overrides);
    if (platform == null) {
      return pull(reference, options, listener);
    }
    try (ImageTransfers transfers = new ImageTransfers(store(), options.withPlatform(platform))) {
      return transfers.pull(reference, listener, true);
    }
  }

  /**
   * {@code push --all-tags} (and the API's push without a tag): the local tags of
   * {@code repository}'s repository as references, in tag order.
   *
   * @throws IllegalArgumentException for a name with a tag or digest, as Docker's
   * @throws NotFoundException when the store has no tag of it
   */
  public List<String> localTags(String repository) throws IOException {
    if (ImageName.namesTagOrDigest(repository)) {
      throw new IllegalArgumentException("tag can't be used with --all-tags/-a");
    }
    ImageName repo = name(repository);
    List<String> references = store().list().stream().map(TaggedImage::name)
        .filter(n -> n.tag() != null && n.digest() == null
            && n.qualifiedRepository().equals(repo.qualifiedRepository()))
        .map(ImageName::toString).sorted().toList();
    if (references.isEmpty()) {
      throw new NotFoundException("An image does not exist locally with the tag: "
          + repo.familiarRepository());
    }
    return references;
  }

  /**
   * {@code hoist push}: the local image {@code local} (a name, or an ID when {@code target} is
   * given) to {@code target} (null: {@code local}'s own name). The write of the store's image
   * to the registry: blobs the registry has are skipped, others mounted or uploaded.
   *
   * @throws IllegalArgumentException when a name is no image name, or an ID has no target
   */
  public TransferResult push(String local, String target, RegistryOverrides overrides,
      TransferListener listener) throws IOException {
    String source = local;
    if (!ImageStore.looksLikeId(local)) {
      source = name(local).toString();
    } else if (target == null) {
      throw new IllegalArgumentException(
          "name the target when pushing an image by ID: hoist push ID REGISTRY/REPO:TAG");
    }
    ImageName destination = name(target != null ? target : local);
    try (ImageTransfers transfers = new ImageTransfers(store(), registryOptions(overrides))) {
      TransferResult pushed = transfers.push(source, destination, listener);
      emit("push", destination.familiar(), destination.familiar());
      return pushed;
    }
  }

  /**
   * {@code hoist copy}: {@code source} to {@code target} between registries (an index whole),
   * the store untouched. The write of one remote image to another.
   */
  public TransferResult copy(ImageName source, ImageName target, RegistryOverrides overrides,
      TransferListener listener) throws IOException {
    try (ImageTransfers transfers = new ImageTransfers(store(), registryOptions(overrides))) {
      return transfers.copy(source, target, listener);
    }
  }

  /** Where a save writes its archive: a file written whole or not at all, a stream. */
  @FunctionalInterface
  public interface ArchiveOutput {
    /** Writes the archive {@code body} writes (called once every image is found). */
    void write(AtomicFiles.Body body) throws IOException;
  }

  /**
   * {@code hoist save}: the images {@code references} name (names or IDs), each saved under
   * its name (none for an ID), as an archive of {@code format}: the write of each store image
   * to the archive ({@code platform}'s image of an index, in Docker's format). Every image is
   * found before {@code output} is written to.
   *
   * @throws NotFoundException when the store lacks one
   */
  public void save(List<String> references, ArchiveFormat format, Platform platform,
      ArchiveOutput output) throws IOException {
    List<ArchiveWriter.Saved> saved = new ArrayList<>();
    for (String reference : references) {
      ImageName named = ImageStore.looksLikeId(reference) ? null : name(reference);
      saved.add(new ArchiveWriter.Saved(named, require(reference)));
    }
    ArchiveWriter writer = new ArchiveWriter(store());
    output.write(out -> writer.write(saved, format, platform, out));
    for (ArchiveWriter.Saved one : saved) {
      emit("save", idOrDigest(one.manifest()), one.name() == null ? null
          : one.name().familiar());
    }
  }

  /**
   * {@code hoist load}: the images of a {@code docker save} or OCI layout archive (plain, gzip
   * or zstd) into the store, tagged as the archive names them.
   */
  public ArchiveLoader.Loaded load(InputStream archive) throws IOException {
    ArchiveLoader.Loaded loaded = new ArchiveLoader(store()).load(archive);
    for (ImageName tag : loaded.tags()) {
      store().resolve(tag.toString()).ifPresent(m -> emit("load", idOrDigest(m),
          tag.familiar()));
    }
    for (Descriptor untagged : loaded.untagged()) {
      emit("load", idOrDigest(untagged), null);
    }
    return loaded;
  }

  /**
   * {@code hoist images}: every tag, then every untagged image (as Docker shows images built
   * without a name), each with its ID, creation time and size for this machine's platform.
   */
  public List<ImageSummary> list() throws IOException {
    ImageReader reader = new ImageReader(store().blobs());
    List<ImageSummary> summaries = new ArrayList<>();
    for (Listed listed : listed()) {
      Shown shown = shown(reader, listed.manifest());
      LocalImage image = shown.image(reader);
      summaries.add(new ImageSummary(listed.repository(), listed.tag(), image.id(),
          image.config().created(), image.size(), listed.manifest(),
          image.config().config() == null ? null : image.config().config().labels(),
          platforms(shown.index(), listed.manifest(), image)));
    }
    return summaries;
  }

  /**
   * What a list line, {@code inspect} and {@code history} show of a manifest or index: the
   * index ({@code null} for a manifest), read once, the platform shown and its entry in the
   * index (the manifest itself for a manifest).
   */
  private record Shown(ImageIndex index, Platform platform, Descriptor entry) {
    /** The image shown: its manifest and config read (a nested index's entry chosen). */
    LocalImage image(ImageReader reader) throws IOException {
      return reader.image(entry, platform);
    }

    /** The shown image's ID, from its manifest alone (no config is read). */
    Digest id(ImageReader reader) throws IOException {
      return reader.imageId(entry, platform);
    }
  }

  private Shown shown(ImageReader reader, Descriptor manifest) throws IOException {
    if (!MediaTypes.isIndex(manifest.mediaType())) {
      return new Shown(null, Platform.host(), manifest);
    }
    ImageIndex index = reader.index(manifest.digest());
    Platform platform = shownPlatform(index);
    return new Shown(index, platform, index.manifestFor(platform)
        .orElseThrow(() -> StoreImages.noVariant(index, platform)));
  }

  /**
   * The platform whose image an index shows: this machine's, or for an index without it in the
   * store (a manifest list of other CPUs, or one pulled for another platform) its first entry
   * the store holds, as Docker shows such an image anyway.
   */
  private Platform shownPlatform(ImageIndex index) throws IOException {
    Platform host = Platform.host();
    ContentStore blobs = store().blobs();
    Optional<Descriptor> forHost = index.manifestFor(host);
    if (forHost.isPresent() && blobs.contains(forHost.get().digest())) {
      return host;
    }
    for (Descriptor d : index.manifests()) {
      if (d.platform() != null && !d.platform().os().equals("unknown")
          && !MediaTypes.isIndex(d.mediaType()) && blobs.contains(d.digest())) {
        return d.platform();
      }
    }
    return host;
  }

  /** An index's platforms ({@code os/arch[/variant]}, attestations left out), or the image's. */
  private static List<String> platforms(ImageIndex index, Descriptor manifest, LocalImage image)
      throws IOException {
    if (!MediaTypes.isIndex(manifest.mediaType())) {
      return image.config().declaredPlatform().map(p -> List.of(p.toString()))
          .orElse(List.of());
    }
    return index.platforms().stream()
        .filter(p -> !p.os().equals("unknown")).map(Platform::toString).distinct().toList();
  }

  /**
   * {@code docker images} with filters ({@code dangling label reference before since}): the
   * lines of {@link #list()} they select, newest first.
   *
   * @throws dev.hoist.internal.service.list.InvalidFilterException for a filter it does not take
   */
  public List<ImageSummary> list(Filters filters) throws IOException {
    return ImageListing.select(list(), filters, this);
  }

  /**
   * {@code hoist images -q}: the IDs of {@link #list()}'s images, each once, in its order; read
   * from the manifests alone (no config is read).
   */
  public List<String> ids() throws IOException {
    ImageReader reader = new ImageReader(store().blobs());
    Set<String> ids = new LinkedHashSet<>();
    for (Listed listed : listed()) {
      ids.add(shown(reader, listed.manifest()).id(reader).toString());
    }
    return List.copyOf(ids);
  }

  /**
   * {@code hoist images -q} without filters: the ID of each line of {@link #list()} in the
   * store's order (an image with two tags twice, as {@code docker images -q}); read from the
   * manifests alone (no config is read).
   */
  public List<String> lineIds() throws IOException {
    ImageReader reader = new ImageReader(store().blobs());
    List<String> ids = new ArrayList<>();
    for (Listed listed : listed()) {
      ids.add(shown(reader, listed.manifest()).id(reader).toString());
    }
    return ids;
  }

  /** A line of the list: a tag, or an untagged image ({@code <none>}). */
  private record Listed(String repository, String tag, Descriptor manifest) {}

  private List<Listed> listed() throws IOException {
    ImageStore store = store();
    List<Listed> images = new ArrayList<>();
    for (TaggedImage tagged : store.list()) {
      images.add(new Listed(tagged.name().familiarRepository(),
          tagged.name().tag() == null ? "<none>" : tagged.name().tag(), tagged.manifest()));
    }
    for (Descriptor dangling : store.untagged()) {
      images.add(new Listed("<none>", "<none>", dangling));
    }
    return images;
  }

  /**
   * {@code hoist image inspect}: the image {@code reference} names, for this machine's
   * platform, with every tag pointing to it.
   *
   * @throws NotFoundException when the store has no such image
   */
  public ImageDetails inspect(String reference) throws IOException {
    Descriptor manifest = require(reference);
    ImageReader reader = new ImageReader(store().blobs());
    LocalImage image = shown(reader, manifest).image(reader);
    return new ImageDetails(image, tagsOf(manifest));
  }

  /**
   * {@code docker image inspect}: the image {@code reference} names in Docker's shape
   * ({@link ImageInspect}); {@code RepoDigests} names each tagged repository with the manifest's
   * digest, {@code GraphDriver} the layers' snapshot directories (unpacked or not).
   *
   * @throws NotFoundException when the store has no such image
   */
  public ImageInspect dockerInspect(String reference) throws IOException {
    Descriptor manifest = require(reference);
    ImageReader reader = new ImageReader(store().blobs());
    Shown shown = shown(reader, manifest);
    LocalImage image = shown.image(reader);
    List<String> tags = new ArrayList<>();
    Set<String> digests = new LinkedHashSet<>();
    for (TaggedImage t : store().list()) {
      if (t.manifest().digest().equals(manifest.digest())) {
        tags.add(t.name().familiar());
        digests.add(t.name().familiarRepository() + "@" + manifest.digest());
      }
    }
    SnapshotStore snapshots = new SnapshotStore(store().home(), store().blobs());
    List<Path> layers = new ArrayList<>();
    List<Digest> diffIds = image.config().diffIds();
    for (int i = diffIds.size() - 1; i >= 0; i--) {
      layers.add(snapshots.path(diffIds.get(i)));
    }
    ImageInspect inspect = ImageInspect.of(image.id(), tags, List.copyOf(digests),
        image.config(), image.size(), GraphDriver.ofImage(layers), image.manifestDescriptor());
    if (shown.index() == null) {
      return inspect;
    }
    List<ImageInspect.Manifest> entries = new ArrayList<>();
    for (Descriptor d : shown.index().manifests()) {
      entries.add(new ImageInspect.Manifest(d.digest().toString(), d,
          store().blobs().contains(d.digest()),
          dev.hoist.cache.model.MediaTypes.isIndex(d.mediaType()) ? "index" : "image",
          new ImageInspect.ImageData(d.platform())));
    }
    return inspect.ofIndex(manifest, entries);
  }

  /**
   * {@code docker history}: the image {@code reference} names, its steps newest first
   * ({@link ImageHistory}).
   *
   * @throws NotFoundException when the store has no such image
   */
  public List<ImageHistory.Item> history(String reference) throws IOException {
    Descriptor manifest = require(reference);
    ImageReader reader = new ImageReader(store().blobs());
    LocalImage image = shown(reader, manifest).image(reader);
    return ImageHistory.of(image.id(), image.config(), image.manifest().layers(),
        tagsOf(manifest));
  }

  /** The familiar names of the tags pointing to {@code manifest}. */
  private List<String> tagsOf(Descriptor manifest) throws IOException {
    List<String> tags = new ArrayList<>();
    for (TaggedImage t : store().list()) {
      if (t.manifest().digest().equals(manifest.digest())) {
        tags.add(t.name().familiar());
      }
    }
    return tags;
  }

  /**
   * The image {@code reference} names, pulled first as {@code policy} says; registries reached
   * with the context's settings and {@code overrides}.
   *
   * @throws NotFoundException when the store lacks it and {@code policy} is
   *     {@link PullPolicy#NEVER}
   * @throws IllegalArgumentException when {@code reference} is no image name
   * @throws dev.hoist.internal.registry.RegistryException when the pull fails
   */
  public Descriptor resolve(String reference, PullPolicy policy, RegistryOverrides overrides,
      PullListener listener) throws IOException {
    ImageStore store = store();
    Optional<Descriptor> local = local(store, reference, policy, listener);
    if (local.isPresent()) {
      return local.get();
    }
    try (ImageTransfers transfers = new ImageTransfers(store, registryOptions(overrides))) {
      return pull(transfers, reference, listener);
    }
  }

  /**
   * As {@link #resolve(String, PullPolicy, RegistryOverrides, PullListener)}, pulling through
   * {@code transfers} (a build's, shared by its base images, its push and its remote cache).
   */
  public Descriptor resolve(String reference, PullPolicy policy, ImageTransfers transfers,
      PullListener listener) throws IOException {
    Optional<Descriptor> local = local(store(), reference, policy, listener);
    return local.isPresent() ? local.get() : pull(transfers, reference, listener);
  }

  /** The local image, if {@code policy} takes it and the store has it. */
  private static Optional<Descriptor> local(ImageStore store, String reference, PullPolicy policy,
      PullListener listener) throws IOException {
    if (policy == PullPolicy.ALWAYS) {
      return Optional.empty();
    }
    Optional<Descriptor> local = store.resolve(reference);
    if (local.isEmpty()) {
      if (policy == PullPolicy.NEVER) {
        throw new NotFoundException("image not found locally: " + reference + " (--pull=never)");
      }
      listener.notFoundLocally(reference);
    }
    return local;
  }

  private Descriptor pull(ImageTransfers transfers, String reference,
      PullListener listener) throws IOException {
    ImageName remote = ImageName.parse(reference);
    listener.pulling(reference, remote.apiHost());
    TransferResult result = transfers.pull(remote, listener.blobs());
    listener.pulled(reference, result);
    emit("pull", remote.familiar(), remote.familiar());
    return result.image();
  }

  /**
   * The untagged images a prune removes: all but those a container was created from
   * ({@code system df} counts what they hold as reclaimable).
   */
  public List<Descriptor> prunableDangling() throws IOException {
    ImageStore store = store();
    Set<Digest> inUse = context.containerStore().imagesInUse();
    ImageReader reader = new ImageReader(store.blobs());
    List<Descriptor> prunable = new ArrayList<>();
    for (Descriptor image : store.untagged()) {
      if (Collections.disjoint(reader.closure(image).configs(), inUse)) {
        prunable.add(image);
      }
    }
    return prunable;
  }

  /**
   * The image ID ({@code sha256:} and the config's digest) {@code hoist images} shows; the
   * manifest's digest for an index without this machine's platform.
   */
  public String imageId(Descriptor image) throws IOException {
    ImageReader reader = new ImageReader(store().blobs());
    try {
      return reader.imageId(image, Platform.host()).toString();
    } catch (IOException | RuntimeException e) {
      return image.digest().toString();
    }
  }

  /**
   * Garbage collection as every removal runs it: content no image references goes, except the
   * layers of the build cache (only a build-cache prune removes those, as Docker keeps
   * BuildKit's cache) and the layers containers stand on.
   */
  public GarbageCollector.Report collectGarbage() throws IOException {
    ImageStore store = store();
    BuildCache.Roots cache = new BuildCache(store.home()).roots();
    Set<Digest> snapshots = new HashSet<>(cache.diffIds());
    snapshots.addAll(context.containerStore().layersInUse());
    return new GarbageCollector(store).collect(cache.blobs(), snapshots);
  }

  /**
   * Imports a root file system (a tar, as {@code docker import}): one layer, tagged
   * {@code name} (null: untagged), for {@code platform}. With the context's
   * {@code SOURCE_DATE_EPOCH}, the layer's file times are clamped to it and the image dated
   * by it; otherwise dated by the context's clock. The manifest it stored.
   *
   * @throws IllegalArgumentException when {@code SOURCE_DATE_EPOCH} is not a number of seconds
   */
  public Descriptor importRootfs(InputStream tar, ImageName name, Platform platform)
      throws IOException {
    return importRootfs(tar, name, platform, null);
  }

  /** As {@link #importRootfs(InputStream, ImageName, Platform)}, with a run config. */
  public Descriptor importRootfs(InputStream tar, ImageName name, Platform platform,
      ContainerConfig runConfig) throws IOException {
    Optional<Instant> epoch = context.sourceDateEpoch();
    LayerWriter writer = LayerWriter.builder().clampMtime(epoch.orElse(null)).build();
    Descriptor imported = new RootfsImporter(store(), writer).importTar(tar, name, platform,
        epoch.orElseGet(context.clock()::instant), runConfig);
    emit("import", idOrDigest(imported), name == null ? null : name.familiar());
    return imported;
  }

  /**
   * Points the name {@code target} at the image {@code source} names (replacing an old tag).
   *
   * @throws NotFoundException when the store has no image {@code source}
   * @throws IllegalArgumentException when either is no image name (or ID, for the source)
   */
  public Descriptor tag(String source, String target) throws IOException {
    Descriptor manifest = require(source);
    ImageName tag = name(target);
    store().tag(tag, manifest);
    emit("tag", idOrDigest(manifest), tag.familiar());
    return manifest;
  }

  /** What {@link #remove} did: the dangling image it deleted (its ID), the tags it removed. */
  public record Removal(Optional<String> deleted, List<String> untagged) {}

  /**
   * Removes an image as {@code docker rmi} does: a name loses that tag; an ID loses every tag
   * (refused without {@code force} when it has several); a dangling image given by ID loses its
   * untagged entry. Content is left for {@link #collectGarbage}.
   *
   * @throws NotFoundException when the store has no such image
   * @throws IllegalArgumentException when refused, or {@code reference} is no image name
   */
  public Removal remove(String reference, boolean force) throws IOException {
    ImageStore store = store();
    Descriptor manifest = require(reference);
    ImageName asName = name(reference);
    List<TaggedImage> tags = store.list().stream()
        .filter(t -> t.manifest().digest().equals(manifest.digest())).toList();
    List<TaggedImage> named = tags.stream().filter(t -> asName.equals(t.name())).toList();
    boolean byName = !named.isEmpty();
    List<TaggedImage> remove = byName ? named : tags;
    if (!byName && tags.size() > 1 && !force) {
      // moby's isSingleReference: by ID, only an image with at most one tag loses its tags
      throw new ConflictException("conflict: unable to delete "
          + imageId(manifest).substring("sha256:".length(), "sha256:".length() + 12)
          + " (must be forced) - image is referenced in multiple repositories");
    }
    Optional<String> deleted = Optional.empty();
    if (tags.isEmpty()) {
      String id = imageId(manifest);
      if (store.removeUntagged(manifest.digest())) {
        deleted = Optional.of(id);
      }
    }
    List<String> untagged = new ArrayList<>();
    String id = idOrDigest(manifest);
    for (TaggedImage tag : remove) {
      store.untag(tag.name());
      untagged.add(tag.name().familiar());
      emit("untag", id, tag.name().familiar());
    }
    deleted.ifPresent(d -> emit("delete", d, null));
    if (deleted.isEmpty() && !tags.isEmpty() && remove.size() == tags.size()) {
      emit("delete", id, null); // its last tag gone: the image is deleted, as Docker's
    }
    return new Removal(deleted, untagged);
  }

  /**
   * What {@link #remove(List, boolean)} did: for each reference in order, its {@link Removal}
   * or why it was refused, then the one garbage collection after them.
   */
  public record Removals(List<Outcome> outcomes, GarbageCollector.Report garbage) {
    public Removals {
      outcomes = List.copyOf(outcomes);
    }

    /** Whether every reference was removed. */
    public boolean allRemoved() {
      return outcomes.stream().allMatch(o -> o.removal().isPresent());
    }
  }

  /** One reference of a removal: what was removed, or the refusal's message. */
  public record Outcome(String reference, Optional<Removal> removal, Optional<String> refused) {}

  /**
   * {@code hoist rmi}: {@link #remove(String, boolean)} for each of {@code references} (one
   * refused does not stop the others), then {@link #collectGarbage} once.
   */
  public Removals remove(List<String> references, boolean force) throws IOException {
    List<Outcome> outcomes = new ArrayList<>();
    for (String reference : references) {
      try {
        outcomes.add(new Outcome(reference, Optional.of(remove(reference, force)),
            Optional.empty()));
      } catch (IllegalArgumentException e) {
        outcomes.add(new Outcome(reference, Optional.empty(), Optional.of(e.getMessage())));
      }
    }
    return new Removals(outcomes, collectGarbage());
  }

  /** What {@link #pruneUnused} removed: the tags ({@code all} only) and the images' IDs. */
  public record ImagePrune(List<String> untagged, List<String> deleted) {}

  /**
   * {@code hoist image prune}: the dangling images no container uses, and with {@code all} every
   * image no container uses (its tags first), then content no image references.
   */
  public ImagePruneReport prune(boolean all) throws IOException {
    return prune(all, PruneFilter.NONE);
  }

  /**
   * As {@link #prune(boolean)}, of the images {@code filter} selects ({@code until}: made
   * before it, by their config's {@code created}; {@code label}, {@code label!}: their labels).
   */
  public ImagePruneReport prune(boolean all, PruneFilter filter) throws IOException {
    ImagePrune pruned = pruneUnused(all, filter);
    GarbageCollector.Report garbage = collectGarbage();
    EventService.pruned(context, Event.IMAGE, garbage.bytes());
    return new ImagePruneReport(pruned, garbage);
  }

  /** What {@link #prune} removed, and the garbage collection after it. */
  public record ImagePruneReport(ImagePrune images, GarbageCollector.Report garbage) {}

  /**
   * Removes the images a prune removes (see {@link #prune}) of those {@code filter} selects,
   * without garbage collection: a system prune collects once, after the build cache too.
   */
  ImagePrune pruneUnused(boolean all, PruneFilter filter) throws IOException {
    ImageStore store = store();
    ImageReader reader = new ImageReader(store.blobs());
    Set<Digest> inUse = context.containerStore().imagesInUse();
    List<String> untagged = new ArrayList<>();
    if (all) {
      for (TaggedImage tagged : store.list()) {
        if (selected(reader, tagged.manifest(), filter)
            && Collections.disjoint(reader.closure(tagged.manifest()).configs(), inUse)
            && store.untag(tagged.name())) {
          untagged.add(tagged.name().familiar());
        }
      }
    }
    List<String> deleted = new ArrayList<>();
    for (Descriptor dangling : prunableDangling()) {
      if (!selected(reader, dangling, filter)) {
        continue;
      }
      String id = imageId(dangling);
      if (store.removeUntagged(dangling.digest())) {
        deleted.add(id);
      }
    }
    return new ImagePrune(untagged, deleted);
  }

  /** Whether {@code filter} selects the image: its creation time and labels. */
  private static boolean selected(ImageReader reader, Descriptor image, PruneFilter filter)
      throws IOException {
    if (filter == PruneFilter.NONE) {
      return true;
    }
    dev.hoist.cache.model.ImageConfig config;
    try {
      config = reader.image(image, dev.hoist.cache.model.Platform.host()).config();
    } catch (IOException | RuntimeException e) {
      return false; // not of this platform: a filter cannot tell, so it is kept
    }
    Instant created = Timestamps.recorded(config.created());
    java.util.Map<String, String> labels = config.config() == null
        || config.config().labels() == null ? java.util.Map.of() : config.config().labels();
    return filter.matches(created, labels);
  }

  /**
   * {@code reference} as a name of the local store.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static ImageName name(String reference) {
    return ImageName.parse(reference);
  }
}
