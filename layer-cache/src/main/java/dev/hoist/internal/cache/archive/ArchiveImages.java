package dev.hoist.internal.cache.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.internal.cache.layer.SlashPaths;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.internal.cache.store.ContentStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image archive read as images, the reading side of {@link ArchiveTarget}: a {@code docker
 * save} tar (classic, or Docker 25's with an OCI layout inside) or an OCI layout tar, plain,
 * gzip or zstd. A tar is read once, front to back, so {@link #stage} streams every blob it holds
 * into a content store (each verified against its digest) and keeps the metadata; then {@link
 * #entries} gives each image the archive names as an {@link Artifact} over those blobs: an OCI
 * layout's manifests and indexes as they are, a {@code docker save} entry as an {@link Image}
 * whose manifest is made from its config and layer files (Docker's manifest media types,
 * uncompressed layers as such, compressed ones as their compression). Writing an entry to the
 * store with the {@link dev.hoist.cache.image.ImageWriter} is {@code hoist load}.
 */
public final class ArchiveImages {
  private static final Set<String> METADATA =
      Set.of("manifest.json", "index.json", "oci-layout", "repositories");
  private static final int METADATA_LIMIT = 64 << 20;

  private final ContentStore blobs;
  private final Map<String, Digest> files = new HashMap<>();
  private final Map<String, String> links = new HashMap<>();
  private final Map<String, byte[]> metadata = new HashMap<>();
  private final Set<Digest> staged = new HashSet<>();

  private ArchiveImages(ContentStore blobs) {
    this.blobs = blobs;
  }

  /**
   * One image of the archive: the names it is to have (empty: none) and the image or index
   * (whose descriptor has no annotations).
   */
  public record Entry(List<ImageName> names, Artifact artifact) {
    public Entry {
      names = List.copyOf(names);
    }
  }

  /**
   * Reads {@code archive} to its end: its blobs into {@code blobs}, its metadata kept.
   *
   * @throws ArchiveException when it is no tar, or an entry does not match its digest
   */
  public static ArchiveImages stage(InputStream archive, ContentStore blobs) throws IOException {
    ArchiveImages images = new ArchiveImages(blobs);
    images.read(archive);
    return images;
  }

  /** The blobs {@link #stage} put into the store (a load removes those no image then uses). */
  public Set<Digest> staged() {
    return Set.copyOf(staged);
  }

  /**
   * The archive's images, in its order, each checked against what it brought.
   *
   * @throws ArchiveException when it is no image archive, or names what it lacks
   */
  public List<Entry> entries() throws IOException {
    if (metadata.containsKey("manifest.json")) {
      return dockerEntries();
    }
    if (metadata.containsKey("index.json")) {
      return ociEntries();
    }
    throw new ArchiveException("not an image archive: it holds neither manifest.json "
        + "(docker save) nor index.json (OCI layout)");
  }

  private void read(InputStream archive) throws IOException {
    InputStream raw = Compression.decompressed(new BufferedInputStream(archive, 1 << 16));
    TarArchiveInputStream tar = new TarArchiveInputStream(raw);
    TarArchiveEntry entry;
    boolean any = false;
    try {
      while ((entry = tar.getNextEntry()) != null) {
        any = true;
        String name = SlashPaths.clean(entry.getName());
        if (entry.isSymbolicLink()) {
          links.put(name, resolve(parent(name), entry.getLinkName()));
        } else if (entry.isLink()) {
          links.put(name, SlashPaths.clean(entry.getLinkName()));
        } else if (entry.isFile()) {
          readFile(name, entry, tar);
        }
      }
    } catch (IOException e) {
      if (e instanceof ArchiveException) {
        throw e;
      }
      throw new ArchiveException("cannot read the archive: " + e.getMessage()
          + (any ? "" : " (is it a tar file?)"));
    }
    if (!any) {
      throw new ArchiveException("not an image archive: no tar entries found");
    }
  }

  private void readFile(String name, TarArchiveEntry entry, InputStream tar) throws IOException {
    if (METADATA.contains(name)) {
      if (entry.getSize() > METADATA_LIMIT) {
        throw new ArchiveException(name + " is too large (" + entry.getSize() + " bytes)");
      }
      metadata.put(name, tar.readAllBytes());
      return;
    }
    Digest expected = blobName(name);
    boolean wanted = expected != null || name.endsWith(".json") || name.endsWith(".tar")
        || name.endsWith(".tar.gz");
    if (!wanted || name.endsWith("/json")) {
      return; // VERSION and the legacy per-layer json of docker save
    }
    Digest digest;
    try {
      digest = blobs.put(tar, expected, entry.getSize());
    } catch (IOException e) {
      throw new ArchiveException("archive entry " + name + ": " + e.getMessage());
    }
    staged.add(digest);
    files.put(name, digest);
  }

  /** The blob of the file {@code path} names (through the archive's links). */
  private Digest file(String path) throws ArchiveException {
    String name = path;
    for (int hops = 0; hops < 16 && links.containsKey(name); hops++) {
      name = links.get(name);
    }
    Digest digest = files.get(name);
    if (digest == null) {
      throw new ArchiveException("the archive names " + path + " but does not contain it");
    }
    return digest;
  }

  private List<Entry> dockerEntries() throws IOException {
    JsonNode manifests = CanonicalJson.mapper().readTree(metadata.get("manifest.json"));
    if (!manifests.isArray() || manifests.isEmpty()) {
      throw new ArchiveException("manifest.json lists no images");
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode image : manifests) {
      List<ImageName> names = new ArrayList<>();
      for (JsonNode tag : image.path("RepoTags")) {
        names.add(ImageName.parse(tag.asText()));
      }
      entries.add(new Entry(names, dockerImage(image)));
    }
    return entries;
  }

  /**
   * A {@code docker save} entry as an image: its manifest made from the files it names, staged
   * beside them (removed with them when no image uses it).
   */
  private Image dockerImage(JsonNode image) throws IOException {
    Digest configDigest = file(SlashPaths.clean(image.path("Config").asText()));
    ImageConfig config = CanonicalJson.read(blobs.read(configDigest), ImageConfig.class,
        "config " + image.path("Config").asText());
    List<Digest> diffIds = config.diffIds();
    JsonNode layerPaths = image.path("Layers");
    if (layerPaths.size() != diffIds.size()) {
      throw new ArchiveException("manifest.json lists " + layerPaths.size() + " layers for "
          + image.path("Config").asText() + ", but its config has " + diffIds.size()
          + " diff IDs");
    }
    List<Descriptor> layers = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      Digest layer = file(SlashPaths.clean(layerPaths.get(i).asText()));
      layers.add(layerDescriptor(layer, diffIds.get(i), layerPaths.get(i).asText()));
    }
    Descriptor configDescriptor = Descriptor.of(MediaTypes.DOCKER_CONFIG, configDigest,
        blobs.size(configDigest).orElseThrow());
    byte[] manifest = CanonicalJson.write(
        ImageManifest.of(MediaTypes.DOCKER_MANIFEST, configDescriptor, layers));
    staged.add(blobs.put(manifest));
    Descriptor descriptor = Descriptor.ofContent(MediaTypes.DOCKER_MANIFEST, manifest);
    return (Image) StoreImages.reading(blobs).artifact(descriptor, descriptor.digest().toString());
  }

  /** A docker save layer: uncompressed (its digest is the diff ID) or compressed. */
  private Descriptor layerDescriptor(Digest blob, Digest diffId, String path) throws IOException {
    long size = blobs.size(blob).orElseThrow();
    if (blob.equals(diffId)) {
      return Descriptor.of(MediaTypes.DOCKER_LAYER, blob, size);
    }
    Compression compression;
    try (InputStream in = new BufferedInputStream(blobs.open(blob))) {
      compression = Compression.detect(in);
    }
    if (compression == Compression.NONE || !diffIdOf(blob).equals(diffId)) {
      throw new ArchiveException("layer " + path + " does not match the diff ID " + diffId
          + " its image's config gives it");
    }
    return Descriptor.of(compression == Compression.GZIP ? MediaTypes.DOCKER_LAYER_GZIP
        : MediaTypes.OCI_LAYER_ZSTD, blob, size);
  }

  private Digest diffIdOf(Digest blob) throws IOException {
    MessageDigest md = Digest.newMessageDigest("sha256");
    try (InputStream in = Compression.decompressed(blobs.open(blob));
        OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
      in.transferTo(out);
    }
    return Digest.of("sha256", md.digest());
  }

  /** An OCI layout's images: each entry of index.json, named by its ref name annotation. */
  private List<Entry> ociEntries() throws IOException {
    ImageIndex index = CanonicalJson.read(metadata.get("index.json"), ImageIndex.class,
        "index.json of the archive");
    StoreImages images = StoreImages.reading(blobs);
    List<Entry> entries = new ArrayList<>();
    for (Descriptor entry : index.manifests()) {
      if (!blobs.contains(entry.digest())) {
        throw new ArchiveException("index.json names " + entry.digest()
            + ", which the archive does not contain");
      }
      String ref = entry.annotations().get(ImageStore.REF_NAME);
      ImageName name = ref == null ? null : parseOrNull(ref);
      entries.add(new Entry(name == null ? List.of() : List.of(name),
          images.artifact(entry.withAnnotations(Map.of()), entry.digest().toString())));
    }
    return entries;
  }

  private static ImageName parseOrNull(String ref) {
    try {
      return ImageName.parse(ref);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Digest blobName(String name) {
    String[] parts = name.split("/");
    if (parts.length == 3 && parts[0].equals("blobs")) {
      try {
        return Digest.of(parts[1], parts[2]);
      } catch (IllegalArgumentException notABlob) {
        return null;
      }
    }
    return null;
  }

  private static String parent(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }

  private static String resolve(String dir, String target) {
    return target.startsWith("/") ? SlashPaths.clean(target) : SlashPaths.clean(dir + "/" + target);
  }
}
