package dev.hoist.internal.cache.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Blob;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.image.ImageTarget;
import dev.hoist.cache.image.Layer;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image archive being written, as the target of an {@link dev.hoist.cache.image.ImageWriter}:
 * either an OCI image layout in a tar (blobs exactly as their source holds them, so every digest
 * is kept; {@code index.json} names each image written) or Docker's {@code docker save} layout
 * ({@code <config>.json}, {@code <diffID>/layer.tar} uncompressed, {@code manifest.json}), which
 * {@code docker load} and {@code podman load} read. {@link #image} gives the target for one image;
 * {@link #close} writes the index and ends the tar. A tar is one stream: blobs go one at a time.
 */
public final class ArchiveTarget implements AutoCloseable {
  private final ArchiveFormat format;
  private final TarOut tar;
  private final Set<Digest> written = new HashSet<>();
  private final List<Descriptor> ociEntries = new ArrayList<>();
  private final ArrayNode dockerManifest = CanonicalJson.mapper().createArrayNode();
  private final Map<String, Map<String, String>> repositories = new LinkedHashMap<>();

  private ArchiveTarget(ArchiveFormat format, OutputStream out) throws IOException {
    this.format = format;
    this.tar = new TarOut(out);
    if (format == ArchiveFormat.OCI) {
      tar.file("oci-layout", "{\"imageLayoutVersion\":\"" + MediaTypes.OCI_LAYOUT_VERSION + "\"}");
      tar.directory("blobs");
      tar.directory("blobs/sha256");
    }
  }

  /** Starts an archive of {@code format} on {@code out}. */
  public static ArchiveTarget open(ArchiveFormat format, OutputStream out) throws IOException {
    return new ArchiveTarget(format, out);
  }

  /**
   * The target for one image saved under {@code name} (null: none). In Docker's format only a
   * single-platform {@link Image} can be written.
   */
  public ImageTarget image(ImageName name) {
    return new ImageTarget() {
      @Override
      public boolean parallel() {
        return false;
      }

      @Override
      public boolean hasBlob(Descriptor blob) {
        return false; // duplicates are skipped by writeBlob, which knows the docker file names
      }

      @Override
      public String alreadyThere() {
        return "Already exists";
      }

      @Override
      public String writeBlob(Blob blob, ProgressListener listener) throws IOException {
        if (format == ArchiveFormat.OCI) {
          if (written.add(blob.digest())) {
            try (InputStream in = blob.open(0)) {
              tar.file(ociPath(blob.digest()), blob.size(), in);
            }
          }
        } else if (blob instanceof Layer layer) {
          writeDockerLayer(layer);
        } else if (written.add(blob.digest())) {
          try (InputStream in = blob.open(0)) {
            tar.file(blob.digest().hex() + ".json", blob.size(), in);
          }
        }
        return "Saved";
      }

      @Override
      public void writeManifest(Artifact artifact, boolean root) throws IOException {
        if (format == ArchiveFormat.OCI) {
          writeOciManifest(artifact, root ? name : null, root);
        } else if (artifact instanceof Image image) {
          writeDockerEntry(image, name);
        } else {
          throw new ArchiveException("the docker archive format holds one platform of an image;"
              + " choose it with --platform, or save in the oci format");
        }
      }

      @Override
      public void missingChild(Descriptor index, Descriptor child) {
        // an index saved with only the platforms the store holds
      }
    };
  }

  private static String ociPath(Digest digest) {
    return "blobs/" + digest.algorithm() + "/" + digest.hex();
  }

  private void writeOciManifest(Artifact artifact, ImageName name, boolean root)
      throws IOException {
    Descriptor d = artifact.descriptor();
    if (written.add(d.digest())) {
      byte[] bytes = artifact.rawManifest();
      tar.file(ociPath(d.digest()), bytes.length, new ByteArrayInputStream(bytes));
    }
    if (root) {
      Map<String, String> annotations = new HashMap<>();
      if (name != null) {
        annotations.put(ImageStore.REF_NAME, name.toString());
        annotations.put(ImageStore.CONTAINERD_NAME, name.toString());
      }
      ociEntries.add(d.withAnnotations(annotations));
    }
  }

  /** A layer as docker save stores it: the uncompressed tar (whose sha256 is the diff ID). */
  private void writeDockerLayer(Layer layer) throws IOException {
    Digest diffId = layer.diffId();
    if (!written.add(diffId)) {
      return;
    }
    String dir = diffId.hex();
    tar.directory(dir);
    long size;
    try (InputStream in = layer.uncompressed()) {
      size = in.transferTo(OutputStream.nullOutputStream());
    }
    try (InputStream in = layer.uncompressed()) {
      tar.file(dir + "/layer.tar", size, in);
    }
  }

  private void writeDockerEntry(Image image, ImageName name) throws IOException {
    Digest configDigest = image.manifest().config().digest();
    List<Digest> diffIds = new ArrayList<>();
    for (Layer layer : image.layers()) {
      diffIds.add(layer.diffId());
    }
    ArrayNode layerNames = CanonicalJson.mapper().createArrayNode();
    diffIds.forEach(id -> layerNames.add(id.hex() + "/layer.tar"));
    ObjectNode entry = dockerManifest.addObject();
    entry.put("Config", configDigest.hex() + ".json");
    ArrayNode tags = entry.putArray("RepoTags");
    if (name != null && name.tag() != null) {
      tags.add(name.familiar());
      repositories.computeIfAbsent(name.familiarRepository(), k -> new LinkedHashMap<>())
          .put(name.tag(), diffIds.isEmpty() ? configDigest.hex()
              : diffIds.get(diffIds.size() - 1).hex());
    }
    entry.set("Layers", layerNames);
  }

  /** Writes {@code index.json} (OCI) or {@code manifest.json} (Docker) and ends the tar. */
  @Override
  public void close() throws IOException {
    try (TarOut out = tar) {
      if (format == ArchiveFormat.OCI) {
        out.file("index.json", CanonicalJson.write(ImageIndex.of(MediaTypes.OCI_INDEX, ociEntries)));
      } else {
        out.file("manifest.json", CanonicalJson.mapper().writeValueAsBytes(dockerManifest));
        if (!repositories.isEmpty()) {
          out.file("repositories", CanonicalJson.mapper().writeValueAsBytes(repositories));
        }
      }
    }
  }
}
