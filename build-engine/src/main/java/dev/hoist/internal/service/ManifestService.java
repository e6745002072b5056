package dev.hoist.internal.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.Index;
import dev.hoist.cache.image.Mutate;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.images.Artifacts;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.BlobNotFoundException;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.internal.registry.ImageTransfers;
import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.registry.TransferResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manifest lists kept in the local store, as {@code docker manifest} and {@code podman manifest}
 * make them: an index tagged {@code NAME} whose entries are images of the store or of a
 * registry (each written into the store with it, so a push needs nothing else), their platforms
 * as the images' configs say or as annotated. A list is a Docker manifest list when every entry
 * is a Docker manifest, else an OCI index.
 */
public final class ManifestService {
  private final ImageService images;

  ManifestService(ImageService images) {
    this.images = images;
  }

  /**
   * What {@code manifest annotate} (and {@code add}) change in an entry's platform: null or
   * empty fields are left as they are.
   */
  public record PlatformEdit(String os, String architecture, String variant, String osVersion,
      List<String> osFeatures) {
    public static final PlatformEdit NONE = new PlatformEdit(null, null, null, null, List.of());

    public PlatformEdit {
      osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    }

    boolean isNone() {
      return blank(os) && blank(architecture) && blank(variant) && blank(osVersion)
          && osFeatures.isEmpty();
    }

    /** {@code platform} (null: none yet) with these changes. */
    Platform applyTo(Platform platform) {
      String o = !blank(os) ? os : platform == null ? null : platform.os();
      String a = !blank(architecture) ? architecture : platform == null ? null
          : platform.architecture();
      if (o == null || a == null) {
        throw new IllegalArgumentException("the entry has no platform: give both --os and --arch");
      }
      return new Platform(a, o,
          !blank(osVersion) ? osVersion : platform == null ? null : platform.osVersion(),
          !osFeatures.isEmpty() ? osFeatures : platform == null ? null : platform.osFeatures(),
          !blank(variant) ? variant : platform == null ? null : platform.variant(),
          platform == null ? null : platform.features(),
          platform == null ? null : platform.unknownFields());
    }

    private static boolean blank(String s) {
      return s == null || s.isEmpty();
    }
  }

  /**
   * {@code manifest create NAME IMAGE…}: a new list of {@code sources} (names or IDs of the
   * store, else images of a registry; of an index, the entry for this machine, or every entry
   * with {@code all}). An existing list is refused unless {@code amend} (its entries kept).
   *
   * @return the list's digest
   */
  public Descriptor create(String name, List<String> sources, boolean all, boolean amend,
      RegistryOverrides overrides, TransferListener listener) throws IOException {
    ImageName list = listName(name);
    Optional<Index> existing = local(list);
    if (existing.isPresent() && !amend) {
      throw new IllegalArgumentException("the manifest list " + list.familiar()
          + " already exists: give --amend to add to it, or hoist manifest rm it first");
    }
    if (existing.isEmpty() && images.store().get(list).isPresent()) {
      throw new IllegalArgumentException(list.familiar() + " is an image, not a manifest list:"
          + " name the list otherwise");
    }
    return edit(list, existing, sources, all, PlatformEdit.NONE, overrides, listener);
  }

  /**
   * {@code manifest add NAME IMAGE…}: the images added to the list (an entry of the same
   * digest replaced), their platform changed by {@code edit}.
   *
   * @return the list's new digest
   */
  public Descriptor add(String name, List<String> sources, boolean all, PlatformEdit edit,
      RegistryOverrides overrides, TransferListener listener) throws IOException {
    ImageName list = listName(name);
    return edit(list, Optional.of(require(list)), sources, all, edit, overrides, listener);
  }

  /**
   * {@code manifest annotate NAME IMAGE}: the platform of the entry {@code image} names (its
   * digest, or a name or ID that resolves to one of the entries) changed by {@code edit},
   * {@code annotations} added to the entry.
   *
   * @return the list's new digest
   */
  public Descriptor annotate(String name, String image, PlatformEdit edit,
      Map<String, String> annotations, RegistryOverrides overrides) throws IOException {
    ImageName list = listName(name);
    if (edit.isNone() && annotations.isEmpty()) {
      throw new IllegalArgumentException("nothing to annotate: give --os, --arch, --variant,"
          + " --os-version, --os-features or --annotation");
    }
    Index index = require(list);
    ImageIndex parsed = index.index();
    String digest = entryDigest(parsed, image, overrides);
    List<Descriptor> entries = new ArrayList<>();
    for (Descriptor d : parsed.manifests()) {
      if (d.digest().toString().equals(digest)) {
        Descriptor changed = edit.isNone() ? d : d.withPlatform(edit.applyTo(d.platform()));
        if (!annotations.isEmpty()) {
          Map<String, String> all = new LinkedHashMap<>(d.annotations());
          all.putAll(annotations);
          changed = changed.withAnnotations(all);
        }
        d = changed;
      }
      entries.add(d);
    }
    return write(list, withEntries(parsed, entries), children(index, entries), null);
  }

  /**
   * {@code manifest inspect [--verbose] NAME}: the local list, else what the registry holds
   * under {@code name} (a list or an image), as Docker prints it: the manifest itself; with
   * {@code verbose}, for each image its reference, descriptor, raw bytes (base64) and parsed
   * manifest under {@code SchemaV2Manifest} or {@code OCIManifest} (an array for a list).
   */
  public JsonNode inspect(String name, boolean verbose, RegistryOverrides overrides)
      throws IOException {
    ImageName reference = listName(name);
    Optional<Index> local = local(reference);
    if (local.isPresent()) {
      return shown(reference, local.get(), verbose);
    }
    try (ImageTransfers transfers = transfers(overrides)) {
      return shown(reference, transfers.remote(reference), verbose);
    }
  }

  /**
   * {@code manifest push NAME [TARGET]}: the list and every image it names to {@code target}
   * (null: NAME); with {@code purge} the local list removed once pushed.
   */
  public TransferResult push(String name, String target, boolean purge,
      RegistryOverrides overrides, TransferListener listener) throws IOException {
    ImageName list = listName(name);
    require(list);
    TransferResult pushed = images.push(list.toString(), target, overrides, listener);
    if (purge) {
      images.store().untag(list);
    }
    return pushed;
  }

  /** {@code manifest rm NAME…}: the local lists untagged (their images stay until a prune). */
  public void remove(List<String> names) throws IOException {
    List<ImageName> lists = new ArrayList<>();
    for (String name : names) {
      ImageName list = listName(name);
      require(list);
      lists.add(list);
    }
    for (ImageName list : lists) {
      images.store().untag(list);
    }
  }

  private static ImageName listName(String name) {
    return ImageService.name(name);
  }

  /** The local list {@code name} tags; empty when no list has that name. */
  private Optional<Index> local(ImageName name) throws IOException {
    Optional<Descriptor> d = images.store().get(name);
    if (d.isEmpty() || !MediaTypes.isIndex(d.get().mediaType())) {
      return Optional.empty();
    }
    Descriptor plain = Descriptor.of(d.get().mediaType(), d.get().digest(), d.get().size());
    return Optional.of((Index) new StoreImages(images.store()).artifact(plain, name.familiar()));
  }

  private Index require(ImageName name) throws IOException {
    Optional<Index> list = local(name);
    if (list.isPresent()) {
      return list.get();
    }
    if (images.store().get(name).isPresent()) {
      throw new IllegalArgumentException(name.familiar() + " is an image, not a manifest list");
    }
    throw new NotFoundException("no such manifest list: " + name.familiar()
        + " (hoist manifest create makes one)");
  }

  private ImageTransfers transfers(RegistryOverrides overrides) throws IOException {
    return new ImageTransfers(images.store(), images.registryOptions(overrides));
  }

  /** {@code existing}'s entries (if any), then those of {@code sources}, written as {@code list}. */
  private Descriptor edit(ImageName list, Optional<Index> existing, List<String> sources,
      boolean all, PlatformEdit edit, RegistryOverrides overrides, TransferListener listener)
      throws IOException {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("name at least one image to put in the list");
    }
    Map<String, Descriptor> entries = new LinkedHashMap<>();
    Map<String, Artifact> children = new LinkedHashMap<>();
    if (existing.isPresent()) {
      for (Descriptor d : existing.get().index().manifests()) {
        entries.put(d.digest().toString(), d);
      }
      children.putAll(byDigest(children(existing.get(), existing.get().index().manifests())));
    }
    try (ImageTransfers transfers = transfers(overrides)) {
      for (String source : sources) {
        for (Artifact a : entriesOf(source, all, transfers)) {
          Descriptor d = a.descriptor();
          Platform platform = a instanceof Image image
              ? image.config().declaredPlatform().orElse(null) : null;
          Descriptor entry = Descriptor.of(d.mediaType(), d.digest(), d.size());
          Platform edited = edit.isNone() ? platform : edit.applyTo(platform);
          entries.put(d.digest().toString(), edited == null ? entry : entry.withPlatform(edited));
          children.put(d.digest().toString(), a);
        }
      }
      List<Descriptor> listed = List.copyOf(entries.values());
      boolean docker = listed.stream().allMatch(e -> MediaTypes.isDocker(e.mediaType()));
      String mediaType = docker ? MediaTypes.DOCKER_MANIFEST_LIST : MediaTypes.OCI_INDEX;
      ImageIndex base = existing.isPresent() ? existing.get().index()
          : ImageIndex.of(mediaType, listed);
      ImageIndex index = new ImageIndex(2, mediaType, base.artifactType(), listed, base.subject(),
          base.annotations(), base.unknownFields());
      return write(list, index, List.copyOf(children.values()), transfers, listener);
    }
  }

  /** The images {@code source} adds: itself, or of an index the host's entry (every one with all). */
  private List<Artifact> entriesOf(String source, boolean all, ImageTransfers transfers)
      throws IOException {
    Optional<Descriptor> stored = images.store().resolve(source);
    Artifact artifact;
    if (stored.isPresent()) {
      Descriptor d = stored.get();
      artifact = new StoreImages(images.store())
          .artifact(Descriptor.of(d.mediaType(), d.digest(), d.size()), source);
    } else {
      artifact = transfers.remote(ImageService.name(source));
    }
    if (artifact instanceof Image) {
      return List.of(artifact);
    }
    Index index = (Index) artifact;
    if (!all) {
      Platform host = Platform.host();
      return List.of(Artifacts.forPlatform(index, host, parsed -> new IOException(source
          + " is a multi-platform image without an image for " + host + " (it offers "
          + parsed.platforms() + "): add it with --all, or name one of its images by digest")));
    }
    return children(index, index.index().manifests());
  }

  /** The manifests {@code entries} (of {@code index}) name, read through the index. */
  private static List<Artifact> children(Index index, List<Descriptor> entries)
      throws IOException {
    List<Artifact> result = new ArrayList<>();
    for (Descriptor d : entries) {
      result.add(index.child(d).orElseThrow(() -> new BlobNotFoundException(d.digest())));
    }
    return result;
  }

  private static Map<String, Artifact> byDigest(List<Artifact> artifacts) throws IOException {
    Map<String, Artifact> result = new LinkedHashMap<>();
    for (Artifact a : artifacts) {
      result.put(a.descriptor().digest().toString(), a);
    }
    return result;
  }

  private static ImageIndex withEntries(ImageIndex index, List<Descriptor> entries) {
    return new ImageIndex(index.schemaVersion(), index.mediaType(), index.artifactType(),
        entries, index.subject(), index.annotations(), index.unknownFields());
  }

  /** The digest of the entry {@code image} names: a digest of the list, or what it resolves to. */
  private String entryDigest(ImageIndex index, String image, RegistryOverrides overrides)
      throws IOException {
    List<String> digests = index.manifests().stream().map(d -> d.digest().toString()).toList();
    String wanted = image.startsWith("sha256:") ? image : null;
    if (wanted == null || !digests.contains(wanted)) {
      try (ImageTransfers transfers = transfers(overrides)) {
        for (Artifact a : entriesOf(image, false, transfers)) {
          wanted = a.descriptor().digest().toString();
        }
      }
    }
    if (!digests.contains(wanted)) {
      throw new NotFoundException(image + " (" + wanted + ") is not in the manifest list");
    }
    return wanted;
  }

  private Descriptor write(ImageName list, ImageIndex index, List<Artifact> children,
      TransferListener listener) throws IOException {
    try (ImageTransfers transfers = transfers(RegistryOverrides.NONE)) {
      return write(list, index, children, transfers, listener);
    }
  }

  private Descriptor write(ImageName list, ImageIndex index, List<Artifact> children,
      ImageTransfers transfers, TransferListener listener) throws IOException {
    Index made = Mutate.index(index, children);
    images.store().initialise();
    try (StoreLock.Held gc = new StoreLock(images.store().home(), StoreLock.GC).shared()) {
      transfers.write(made, new StoreImages(images.store()).target(list),
          listener == null ? TransferListener.NONE : listener);
    }
    return made.descriptor();
  }

  private static JsonNode shown(ImageName reference, Artifact artifact, boolean verbose)
      throws IOException {
    ObjectMapper mapper = CanonicalJson.mapper();
    if (!verbose) {
      return mapper.readTree(artifact.rawManifest());
    }
    if (artifact instanceof Image image) {
      return verbose(mapper, reference, image, image.descriptor());
    }
    Index index = (Index) artifact;
    ArrayNode result = mapper.createArrayNode();
    for (Descriptor d : index.index().manifests()) {
      Artifact child = index.child(d).orElseThrow(() -> new BlobNotFoundException(d.digest()));
      result.add(verbose(mapper, reference, child, d));
    }
    return result;
  }

  private static ObjectNode verbose(ObjectMapper mapper, ImageName reference, Artifact artifact,
      Descriptor entry) throws IOException {
    ObjectNode node = mapper.createObjectNode();
    String repository = reference.registry() + "/" + reference.repository();
    node.put("Ref", repository + "@" + entry.digest());
    node.set("Descriptor", mapper.valueToTree(entry));
    byte[] raw = artifact.rawManifest();
    node.put("Raw", Base64.getEncoder().encodeToString(raw));
    String key = MediaTypes.isDocker(entry.mediaType()) ? "SchemaV2Manifest" : "OCIManifest";
    node.set(key, mapper.readTree(raw));
    return node;
  }
}
