package dev.hoist.cache.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Blob;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.ImageTarget;
import dev.hoist.cache.image.ImageWriter;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.cache.image.StoreImages;
import dev.hoist.cache.layer.Compression;
import dev.hoist.cache.layer.SlashPaths;
import dev.hoist.cache.model.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.store.ContentStore;
import dev.hoist.cache.store.StoreLock;
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
 * {@code hoist load}: reads an image archive, a {@code docker save} tar (classic, or Docker 25's
 * with an OCI layout inside) or an OCI layout tar, optionally gzip- or zstd-compressed, into the
 * store. Blobs are streamed into the content store as the tar is read, each verified against
 * its digest; then the archive's manifests are checked against what arrived and tagged. Nothing
 * the archive brought but does not use is kept.
 */
public final class ArchiveLoader {
  private static final Set<String> METADATA =
      Set.of("manifest.json", "index.json", "oci-layout", "repositories");
  private static final int METADATA_LIMIT = 64 << 20;

  private final ImageStore store;
  private final ContentStore blobs;
  private final ImageReader reader;
  private final StoreImages images;

  public ArchiveLoader(ImageStore store) {
    this.store = store;
    this.blobs = store.blobs();
    this.reader = new ImageReader(blobs);
    this.images = new StoreImages(store);
  }

  /** What was loaded: the tags written and the manifests kept without a name. */
  public record Loaded(List<ImageName> tags, List<Descriptor> untagged) {}

  /** Everything read from the tar before the images are put together. */
  private static final class Contents {
    final Map<String, Digest> files = new HashMap<>();
    final Map<String, String> links = new HashMap<>();
    final Map<String, byte[]> metadata = new HashMap<>();
    final Set<Digest> added = new HashSet<>();

    Digest file(String path) throws ArchiveException {
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
  }

  public Loaded load(InputStream archive) throws IOException {
    store.initialise();
    try (StoreLock.Held gc = new StoreLock(store.home(), StoreLock.GC).shared()) {
      Contents contents = read(archive);
      Loaded loaded;
      if (contents.metadata.containsKey("manifest.json")) {
        loaded = loadDocker(contents);
      } else if (contents.metadata.containsKey("index.json")) {
        loaded = loadOci(contents);
      } else {
        throw new ArchiveException("not an image archive: it holds neither manifest.json "
            + "(docker save) nor index.json (OCI layout)");
      }
      // what the archive brought but no image uses goes; anything any image uses stays
      Set<Digest> used = new HashSet<>();
      for (Descriptor root : store.readIndex().manifests()) {
        used.addAll(reader.closure(root).blobs());
      }
      for (Digest digest : contents.added) {
        if (!used.contains(digest)) {
          blobs.delete(digest);
        }
      }
      return loaded;
    }
  }

  private Contents read(InputStream archive) throws IOException {
    Contents contents = new Contents();
    InputStream raw = Compression.decompressed(new BufferedInputStream(archive, 1 << 16));
    TarArchiveInputStream tar = new TarArchiveInputStream(raw);
    TarArchiveEntry entry;
    boolean any = false;
    try {
      while ((entry = tar.getNextEntry()) != null) {
        any = true;
        String name = SlashPaths.clean(entry.getName());
        if (entry.isSymbolicLink()) {
          contents.links.put(name, resolve(parent(name), entry.getLinkName()));
        } else if (entry.isLink()) {
          contents.links.put(name, SlashPaths.clean(entry.getLinkName()));
        } else if (entry.isFile()) {
          readFile(name, entry, tar, contents);
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
    return contents;
  }

  private void readFile(String name, TarArchiveEntry entry, InputStream tar, Contents contents)
      throws IOException {
    if (METADATA.contains(name)) {
      if (entry.getSize() > METADATA_LIMIT) {
        throw new ArchiveException(name + " is too large (" + entry.getSize() + " bytes)");
      }
      contents.metadata.put(name, tar.readAllBytes());
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
    contents.added.add(digest);
    contents.files.put(name, digest);
  }

  private Loaded loadDocker(Contents contents) throws IOException {
    JsonNode manifests = CanonicalJson.mapper().readTree(contents.metadata.get("manifest.json"));
    if (!manifests.isArray() || manifests.isEmpty()) {
      throw new ArchiveException("manifest.json lists no images");
    }
    List<ImageName> tags = new ArrayList<>();
    List<Descriptor> untagged = new ArrayList<>();
    for (JsonNode image : manifests) {
      Digest configDigest = contents.file(SlashPaths.clean(image.path("Config").asText()));
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
        Digest layer = contents.file(SlashPaths.clean(layerPaths.get(i).asText()));
        layers.add(layerDescriptor(layer, diffIds.get(i), layerPaths.get(i).asText()));
      }
      Descriptor configDescriptor = Descriptor.of(MediaTypes.DOCKER_CONFIG, configDigest,
          blobs.size(configDigest).orElseThrow());
      byte[] manifestBytes = CanonicalJson.write(
          ImageManifest.of(MediaTypes.DOCKER_MANIFEST, configDescriptor, layers));
      blobs.put(manifestBytes);
      Descriptor manifest = Descriptor.ofContent(MediaTypes.DOCKER_MANIFEST, manifestBytes);
      JsonNode repoTags = image.path("RepoTags");
      if (repoTags.isEmpty()) {
        store.keepUntagged(manifest);
        untagged.add(manifest);
      }
      for (JsonNode tag : repoTags) {
        ImageName name = ImageName.parse(tag.asText());
        store.tag(name, manifest);
        tags.add(name);
      }
    }
    return new Loaded(tags, untagged);
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

  /**
   * An OCI layout's images, whose blobs the tar brought into the store: each written by the
   * {@link ImageWriter} from the store to the store, which finds every blob there (a blob the
   * archive lacks is the error) and tags the image, or keeps it untagged.
   */
  private Loaded loadOci(Contents contents) throws IOException {
    ImageIndex index = CanonicalJson.read(contents.metadata.get("index.json"), ImageIndex.class,
        "index.json of the archive");
    List<ImageName> tags = new ArrayList<>();
    List<Descriptor> untagged = new ArrayList<>();
    ImageWriter writer = new ImageWriter(1, ProgressListener.NONE);
    for (Descriptor entry : index.manifests()) {
      if (!blobs.contains(entry.digest())) {
        throw new ArchiveException("index.json names " + entry.digest()
            + ", which the archive does not contain");
      }
      Descriptor plain = entry.withAnnotations(Map.of());
      String ref = entry.annotations().get(ImageStore.REF_NAME);
      ImageName name = ref == null ? null : parseOrNull(ref);
      writer.write(images.artifact(plain, entry.digest().toString()),
          broughtBy(entry, images.target(name)));
      if (name == null) {
        untagged.add(plain);
      } else {
        tags.add(name);
      }
    }
    return new Loaded(tags, untagged);
  }

  /**
   * {@code store} as the target of an image whose blobs the archive should have brought: one it
   * did not is an error naming it; platforms an index names but the archive leaves out are fine.
   */
  private static ImageTarget broughtBy(Descriptor entry, ImageTarget store) {
    return new ImageTarget() {
      @Override
      public boolean hasBlob(Descriptor blob) throws IOException {
        return store.hasBlob(blob);
      }

      @Override
      public String alreadyThere() {
        return store.alreadyThere();
      }

      @Override
      public String writeBlob(Blob blob, ProgressListener listener) throws ArchiveException {
        throw new ArchiveException("the archive lacks blob " + blob.digest() + " of " + entry.digest());
      }

      @Override
      public void writeManifest(Artifact artifact, boolean root) throws IOException {
        store.writeManifest(artifact, root);
      }

      @Override
      public void missingChild(Descriptor index, Descriptor child) {
        // a platform the archive leaves out
      }
    };
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
