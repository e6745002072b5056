package dev.hoist.cache.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.LocalImage;
import dev.hoist.cache.layer.Compression;
import dev.hoist.cache.model.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.cache.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code hoist save}: writes images from the store as a tar, either as an OCI image layout
 * (blobs exactly as stored, so every digest is kept) or in Docker's {@code docker save} layout
 * ({@code manifest.json}, {@code <config>.json}, {@code <diffID>/layer.tar} uncompressed),
 * which {@code docker load} and {@code podman load} read.
 */
public final class ArchiveWriter {
  private final ImageStore store;
  private final ContentStore blobs;
  private final ImageReader reader;

  public ArchiveWriter(ImageStore store) {
    this.store = store;
    this.blobs = store.blobs();
    this.reader = new ImageReader(blobs);
  }

  /** One image to save: the name it is saved under (null: none) and its manifest or index. */
  public record Saved(ImageName name, Descriptor manifest) {}

  public void write(List<Saved> images, ArchiveFormat format, Platform platform,
      OutputStream out) throws IOException {
    try (TarOut tar = new TarOut(out)) {
      if (format == ArchiveFormat.OCI) {
        writeOci(images, tar);
      } else {
        writeDocker(images, platform, tar);
      }
    }
  }

  private void writeOci(List<Saved> images, TarOut tar) throws IOException {
    tar.file("oci-layout", "{\"imageLayoutVersion\":\"" + MediaTypes.OCI_LAYOUT_VERSION + "\"}");
    Set<Digest> blobsToWrite = new LinkedHashSet<>();
    List<Descriptor> entries = new ArrayList<>();
    for (Saved image : images) {
      blobsToWrite.addAll(reader.closure(image.manifest()).blobs());
      Map<String, String> annotations = new HashMap<>();
      if (image.name() != null) {
        annotations.put(ImageStore.REF_NAME, image.name().toString());
        annotations.put(ImageStore.CONTAINERD_NAME, image.name().toString());
      }
      entries.add(image.manifest().withAnnotations(annotations));
    }
    tar.directory("blobs");
    tar.directory("blobs/sha256");
    for (Digest digest : blobsToWrite) {
      try (InputStream in = blobs.open(digest)) {
        tar.file("blobs/" + digest.algorithm() + "/" + digest.hex(),
            blobs.size(digest).orElseThrow(), in);
      }
    }
    tar.file("index.json", CanonicalJson.write(ImageIndex.of(MediaTypes.OCI_INDEX, entries)));
  }

  private void writeDocker(List<Saved> images, Platform platform, TarOut tar)
      throws IOException {
    ArrayNode manifestJson = CanonicalJson.mapper().createArrayNode();
    Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
    Set<Digest> written = new LinkedHashSet<>();
    for (Saved saved : images) {
      LocalImage image = reader.image(saved.manifest(), platform);
      Digest configDigest = image.manifest().config().digest();
      String configName = configDigest.hex() + ".json";
      if (written.add(configDigest)) {
        try (InputStream in = blobs.open(configDigest)) {
          tar.file(configName, image.manifest().config().size(), in);
        }
      }
      List<Digest> diffIds = image.config().diffIds();
      List<Descriptor> layers = image.manifest().layers();
      if (diffIds.size() != layers.size()) {
        throw new ArchiveException("image " + saved.manifest().digest() + " has "
            + layers.size() + " layers but its config lists " + diffIds.size() + " diff IDs");
      }
      ArrayNode layerNames = CanonicalJson.mapper().createArrayNode();
      for (int i = 0; i < layers.size(); i++) {
        String dir = diffIds.get(i).hex();
        layerNames.add(dir + "/layer.tar");
        if (written.add(diffIds.get(i))) {
          tar.directory(dir);
          writeUncompressedLayer(layers.get(i).digest(), dir + "/layer.tar", tar);
        }
      }
      ObjectNode entry = manifestJson.addObject();
      entry.put("Config", configName);
      ArrayNode tags = entry.putArray("RepoTags");
      if (saved.name() != null && saved.name().tag() != null) {
        tags.add(saved.name().familiar());
        repositories.computeIfAbsent(saved.name().familiarRepository(), k -> new LinkedHashMap<>())
            .put(saved.name().tag(), diffIds.isEmpty() ? configDigest.hex()
                : diffIds.get(diffIds.size() - 1).hex());
      }
      entry.set("Layers", layerNames);
    }
    tar.file("manifest.json", CanonicalJson.mapper().writeValueAsBytes(manifestJson));
    if (!repositories.isEmpty()) {
      tar.file("repositories", CanonicalJson.mapper().writeValueAsBytes(repositories));
    }
  }

  /** A layer as docker save stores it: the uncompressed tar (whose sha256 is the diff ID). */
  private void writeUncompressedLayer(Digest layer, String name, TarOut tar) throws IOException {
    long size;
    try (InputStream in = Compression.decompressed(blobs.open(layer))) {
      size = in.transferTo(OutputStream.nullOutputStream());
    }
    try (InputStream in = Compression.decompressed(blobs.open(layer))) {
      tar.file(name, size, in);
    }
  }
}
