package dev.hoist.internal.cache.images;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.cache.store.StoreLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The local images: tags kept in the home's {@code index.json}, an OCI image layout index, one
 * entry per tag with the full reference in the {@code org.opencontainers.image.ref.name}
 * annotation (and {@code io.containerd.image.name}, as containerd writes it). Other OCI tools
 * read the home directly: {@code skopeo inspect oci:$HOIST_HOME:docker.io/library/alpine:3.19}.
 * Changes hold the {@link StoreLock#TAGS} lock and replace the file atomically.
 */
public final class ImageStore {
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  public static final String CONTAINERD_NAME = "io.containerd.image.name";

  private final HoistHome home;
  private final ContentStore blobs;

  public ImageStore(HoistHome home) {
    this.home = home;
    this.blobs = new ContentStore(home);
  }

  public ContentStore blobs() {
    return blobs;
  }

  public HoistHome home() {
    return home;
  }

  /** Writes {@code oci-layout} and an empty {@code index.json} when the home is new. */
  public void initialise() throws IOException {
    Files.createDirectories(home.blobs().resolve("sha256"));
    if (!Files.exists(home.ociLayout())) {
      AtomicFiles.write(home.ociLayout(),
          ("{\"imageLayoutVersion\":\"" + MediaTypes.OCI_LAYOUT_VERSION + "\"}")
              .getBytes(StandardCharsets.UTF_8));
    }
    if (!Files.exists(home.index())) {
      try (StoreLock.Held lock = new StoreLock(home, StoreLock.TAGS).exclusive()) {
        if (!Files.exists(home.index())) {
          writeIndex(List.of());
        }
      }
    }
  }

  /** Every tag, in the order of index.json (dangling images: {@link #untagged}). */
  public List<TaggedImage> list() throws IOException {
    List<TaggedImage> images = new ArrayList<>();
    for (Descriptor entry : readIndex().manifests()) {
      String ref = entry.annotations().get(REF_NAME);
      if (ref == null) {
        continue; // a dangling image (see untagged())
      }
      try {
        images.add(new TaggedImage(ImageName.parse(ref), entry));
      } catch (IllegalArgumentException notAName) {
        // a tag-only ref name written by another tool ("latest"): not one of ours
      }
    }
    return images;
  }

  /** The manifest a name points to. */
  public Optional<Descriptor> get(ImageName name) throws IOException {
    return find(list(), name);
  }

  private static Optional<Descriptor> find(List<TaggedImage> images, ImageName name) {
    String wanted = name.toString();
    return images.stream().filter(image -> image.name().toString().equals(wanted))
        .map(TaggedImage::manifest).findFirst();
  }

  /** Whether what a user typed can be an image ID (a manifest digest or a prefix of its hex). */
  public static boolean looksLikeId(String reference) {
    return reference.matches("(sha256:)?[0-9a-f]{4,64}");
  }

  /**
   * Resolves what a user typed: a name ({@code alpine}, {@code alpine:3.19}), a manifest
   * digest, an image ID (the config's digest), or a unique prefix of either's hex (as
   * {@code docker} accepts IDs).
   */
  public Optional<Descriptor> resolve(String reference) throws IOException {
    if (looksLikeId(reference)) {
      // every entry, untagged ones (a build without -t) included
      List<Descriptor> entries = readIndex().manifests();
      String hex = reference.startsWith("sha256:") ? reference.substring(7) : reference;
      Descriptor match = unique(entries, d -> d.digest().hex(), hex, reference);
      if (match == null) {
        ImageReader reader = new ImageReader(blobs);
        match = unique(entries, d -> imageId(reader, d), hex, reference);
      }
      if (match != null) {
        return Optional.of(match);
      }
    }
    return find(list(), ImageName.parse(reference));
  }

  /** The entry whose digest ({@code id} of it) starts with {@code hex}; null when none. */
  private static Descriptor unique(List<Descriptor> entries, Function<Descriptor, String> id,
      String hex, String reference) {
    Descriptor match = null;
    for (Descriptor d : entries) {
      String value = id.apply(d);
      if (value != null && value.startsWith(hex)) {
        if (match != null && !match.digest().equals(d.digest())) {
          throw new IllegalArgumentException("image ID prefix " + reference
              + " is ambiguous: give more digits");
        }
        match = d;
      }
    }
    return match;
  }

  /**
   * An image's ID: its config's digest (for this machine's platform), what {@code hoist images}
   * and {@code hoist build} print, as Docker's IMAGE ID; null for an index without this
   * platform or a manifest not stored.
   */
  private static String imageId(ImageReader reader, Descriptor manifest) {
    try {
      return reader.imageId(manifest, Platform.host()).hex();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Points {@code name} at a manifest already in the content store (replacing an old tag). */
  public void tag(ImageName name, Descriptor manifest) throws IOException {
    if (!blobs.contains(manifest.digest())) {
      throw new IOException("cannot tag " + name.familiar() + ": manifest " + manifest.digest()
          + " is not in the local store");
    }
    Map<String, String> annotations = new HashMap<>(manifest.annotations());
    annotations.put(REF_NAME, name.toString());
    annotations.put(CONTAINERD_NAME, name.toString());
    Descriptor entry = manifest.withAnnotations(annotations);
    try (StoreLock.Held lock = new StoreLock(home, StoreLock.TAGS).exclusive()) {
      List<Descriptor> current = readIndex().manifests();
      for (Descriptor d : current) {
        if (d.digest().equals(entry.digest()) && d.annotations().equals(entry.annotations())) {
          return; // already so (a rebuild that changed nothing): index.json is not rewritten
        }
      }
      List<Descriptor> entries = new ArrayList<>();
      for (Descriptor d : current) {
        boolean sameTag = name.toString().equals(d.annotations().get(REF_NAME));
        // a dangling entry of this manifest is dangling no more: the tag replaces it
        boolean nowTagged = isUntagged(d) && d.digest().equals(manifest.digest());
        if (!sameTag && !nowTagged) {
          entries.add(d);
        }
      }
      entries.add(entry);
      writeIndex(entries);
    }
  }

  /**
   * Keeps an image that has no name (a dangling image, as {@code docker images} shows
   * {@code <none>}), so that garbage collection leaves it alone.
   */
  public void keepUntagged(Descriptor manifest) throws IOException {
    try (StoreLock.Held lock = new StoreLock(home, StoreLock.TAGS).exclusive()) {
      List<Descriptor> entries = new ArrayList<>(readIndex().manifests());
      boolean known = entries.stream().anyMatch(d -> d.digest().equals(manifest.digest()));
      if (!known) {
        entries.add(manifest.withAnnotations(Map.of()));
        writeIndex(entries);
      }
    }
  }

  /**
   * Keeps {@code manifest} untagged with {@code annotations} on its entry (a note of why it is
   * kept, found again by {@link #untaggedWith}); an unannotated entry of it is replaced.
   */
  public void keepUntagged(Descriptor manifest, Map<String, String> annotations)
      throws IOException {
    if (annotations.containsKey(REF_NAME)) {
      throw new IllegalArgumentException("an untagged entry has no " + REF_NAME);
    }
    Descriptor entry = manifest.withAnnotations(annotations);
    try (StoreLock.Held lock = new StoreLock(home, StoreLock.TAGS).exclusive()) {
      List<Descriptor> current = readIndex().manifests();
      if (current.stream().anyMatch(d -> d.digest().equals(entry.digest())
          && d.annotations().equals(annotations))) {
        return;
      }
      List<Descriptor> entries = new ArrayList<>();
      for (Descriptor d : current) {
        if (!(d.digest().equals(entry.digest()) && d.annotations().isEmpty())) {
          entries.add(d);
        }
      }
      entries.add(entry);
      writeIndex(entries);
    }
  }

  /**
   * The first untagged entry whose annotations include every one of {@code annotations} and
   * whose manifest the content store holds.
   */
  public Optional<Descriptor> untaggedWith(Map<String, String> annotations) throws IOException {
    for (Descriptor d : readIndex().manifests()) {
      if (isUntagged(d) && d.annotations().entrySet().containsAll(annotations.entrySet())
          && blobs.contains(d.digest())) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * The dangling images: entries without a name ({@link #keepUntagged}) whose manifest no tag
   * points to, each once, in the order of index.json.
   */
  public List<Descriptor> untagged() throws IOException {
    List<Descriptor> entries = readIndex().manifests();
    Set<Digest> tagged = new HashSet<>();
    entries.stream().filter(d -> !isUntagged(d)).forEach(d -> tagged.add(d.digest()));
    Map<Digest, Descriptor> dangling = new LinkedHashMap<>();
    for (Descriptor d : entries) {
      if (isUntagged(d) && !tagged.contains(d.digest())) {
        dangling.putIfAbsent(d.digest(), d);
      }
    }
    return List.copyOf(dangling.values());
  }

  /**
   * Removes the untagged entries of a manifest (tags stay); false when there was none. The
   * content stays until a garbage collection.
   */
  public boolean removeUntagged(Digest manifest) throws IOException {
    return removeUntagged(Set.of(manifest));
  }

  /**
   * Removes the untagged entries of every one of {@code manifests} with one write of index.json
   * (none when there was no such entry); false when there was none.
   */
  public boolean removeUntagged(java.util.Collection<Digest> manifests) throws IOException {
    Set<Digest> digests = new HashSet<>(manifests);
    try (StoreLock.Held lock = new StoreLock(home, StoreLock.TAGS).exclusive()) {
      List<Descriptor> entries = new ArrayList<>(readIndex().manifests());
      boolean removed = entries.removeIf(d -> isUntagged(d) && digests.contains(d.digest()));
      if (removed) {
        writeIndex(entries);
      }
      return removed;
    }
  }

  private static boolean isUntagged(Descriptor entry) {
    return !entry.annotations().containsKey(REF_NAME);
  }

  /** Removes a tag; false when there was none. The content stays until a prune. */
  public boolean untag(ImageName name) throws IOException {
    try (StoreLock.Held lock = new StoreLock(home, StoreLock.TAGS).exclusive()) {
      List<Descriptor> entries = new ArrayList<>(readIndex().manifests());
      boolean removed = entries.removeIf(d -> name.toString().equals(d.annotations().get(REF_NAME)));
      if (removed) {
        writeIndex(entries);
      }
      return removed;
    }
  }

  /** The index.json of the layout (an empty one when there is none yet). */
  public ImageIndex readIndex() throws IOException {
    if (!Files.exists(home.index())) {
      return ImageIndex.of(MediaTypes.OCI_INDEX, List.of());
    }
    return CanonicalJson.read(Files.readAllBytes(home.index()), ImageIndex.class);
  }

  private void writeIndex(List<Descriptor> entries) throws IOException {
    ImageIndex index = ImageIndex.of(MediaTypes.OCI_INDEX, entries);
    AtomicFiles.write(home.index(), CanonicalJson.write(index));
  }

  /** The digest of every manifest a tag points to. */
  public List<Digest> taggedManifests() throws IOException {
    return readIndex().manifests().stream().map(Descriptor::digest).distinct().toList();
  }
}
