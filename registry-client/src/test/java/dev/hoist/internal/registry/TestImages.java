package dev.hoist.internal.registry;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.BlobWriter;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Real images (gzip tar layers of random bytes, a config, a manifest) written into a local store. */
final class TestImages {
  private TestImages() {}

  static ImageStore store(Path home) throws IOException {
    ImageStore store = new ImageStore(new HoistHome(home));
    store.initialise();
    return store;
  }

  /** Pushes the local image {@code ref} to the registry its name names. */
  static TransferResult push(ImageStore store, String ref, RegistryOptions options) throws IOException {
    try (ImageTransfers t = new ImageTransfers(store, options)) {
      return t.push(ref, ImageName.parse(ref), TransferListener.NONE);
    }
  }

  /** Pulls {@code ref} into {@code store}. */
  static TransferResult pull(ImageStore store, String ref, RegistryOptions options) throws IOException {
    try (ImageTransfers t = new ImageTransfers(store, options)) {
      return t.pull(ImageName.parse(ref), TransferListener.NONE);
    }
  }

  /** An image of {@code layers} layers of {@code layerBytes} random bytes each, tagged {@code ref}. */
  static Descriptor image(ImageStore store, String ref, int layers, int layerBytes, long seed) throws IOException {
    return image(store, ref, layers, layerBytes, seed, Platform.of("linux", "amd64", null));
  }

  static Descriptor image(ImageStore store, String ref, int layers, int layerBytes, long seed, Platform platform)
      throws IOException {
    Descriptor manifest = untaggedImage(store, layers, layerBytes, seed, platform);
    if (ref != null) {
      store.tag(ImageName.parse(ref), manifest);
    }
    return manifest;
  }

  static Descriptor untaggedImage(ImageStore store, int layers, int layerBytes, long seed, Platform platform)
      throws IOException {
    Random random = new Random(seed);
    List<Descriptor> layerDescriptors = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      byte[] content = new byte[layerBytes];
      random.nextBytes(content);
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      MessageDigest diff = Digest.newMessageDigest("sha256");
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
          new DigestOutputStream(new GZIPOutputStream(gz), diff))) {
        TarArchiveEntry entry = new TarArchiveEntry("layer" + i + "/data.bin");
        entry.setSize(content.length);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
      byte[] blob = gz.toByteArray();
      Digest digest = store.blobs().put(blob);
      layerDescriptors.add(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest, blob.length));
      diffIds.add("\"" + Digest.of("sha256", diff.digest()) + "\"");
    }
    String config = "{\"architecture\":\"" + platform.architecture() + "\",\"os\":\"" + platform.os() + "\","
        + "\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"/bin/sh\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]},"
        + "\"history\":[]}";
    byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
    Digest configDigest = store.blobs().put(configBytes);
    ImageManifest manifest = ImageManifest.of(MediaTypes.OCI_MANIFEST,
        Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, configBytes.length), layerDescriptors);
    byte[] manifestBytes = CanonicalJson.write(manifest);
    Digest manifestDigest = store.blobs().put(manifestBytes);
    return Descriptor.of(MediaTypes.OCI_MANIFEST, manifestDigest, manifestBytes.length);
  }

  /** An image made of {@code base}'s layers plus one new layer (as a build on it makes), tagged {@code ref}. */
  static Descriptor derivedImage(ImageStore store, Descriptor base, String ref, long seed) throws IOException {
    ImageManifest baseManifest = new dev.hoist.internal.cache.images.ImageReader(store.blobs()).manifest(base.digest());
    Descriptor extra = untaggedImage(store, 1, 5_000, seed, Platform.of("linux", "amd64", null));
    ImageManifest extraManifest = new dev.hoist.internal.cache.images.ImageReader(store.blobs()).manifest(extra.digest());
    List<Descriptor> layers = new ArrayList<>(baseManifest.layers());
    layers.addAll(extraManifest.layers());
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"derived\":" + seed + "}")
        .getBytes(StandardCharsets.UTF_8);
    Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, store.blobs().put(config), config.length);
    byte[] manifest = CanonicalJson.write(ImageManifest.of(MediaTypes.OCI_MANIFEST, configDescriptor, layers));
    Descriptor descriptor = Descriptor.of(MediaTypes.OCI_MANIFEST, store.blobs().put(manifest), manifest.length);
    store.tag(ImageName.parse(ref), descriptor);
    return descriptor;
  }

  /**
   * A one-layer image whose layer is an uncompressed tar of {@code bytes} random bytes, streamed
   * into the store (never held in memory), tagged {@code ref}.
   */
  static Descriptor bigImage(ImageStore store, String ref, long bytes) throws IOException {
    Random random = new Random(bytes);
    byte[] chunk = new byte[1 << 20];
    Descriptor layer;
    try (BlobWriter writer = store.blobs().writer()) {
      TarArchiveOutputStream tar = new TarArchiveOutputStream(writer);
      TarArchiveEntry entry = new TarArchiveEntry("big.bin");
      entry.setSize(bytes);
      tar.putArchiveEntry(entry);
      for (long left = bytes; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        tar.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      tar.closeArchiveEntry();
      tar.finish();
      layer = Descriptor.of(MediaTypes.OCI_LAYER, writer.commit(), writer.size());
    }
    String config = "{\"architecture\":\"amd64\",\"os\":\"linux\","
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layer.digest() + "\"]}}";
    byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
    Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, store.blobs().put(configBytes), configBytes.length);
    byte[] manifest = CanonicalJson.write(ImageManifest.of(MediaTypes.OCI_MANIFEST, configDescriptor, List.of(layer)));
    Descriptor descriptor = Descriptor.of(MediaTypes.OCI_MANIFEST, store.blobs().put(manifest), manifest.length);
    store.tag(ImageName.parse(ref), descriptor);
    return descriptor;
  }

  /** An OCI index of one image per platform, tagged {@code ref}. */
  static Descriptor index(ImageStore store, String ref, List<Platform> platforms, int layerBytes) throws IOException {
    List<Descriptor> entries = new ArrayList<>();
    long seed = 100;
    for (Platform p : platforms) {
      entries.add(untaggedImage(store, 2, layerBytes, seed++, p).withPlatform(p));
    }
    byte[] bytes = CanonicalJson.write(ImageIndex.of(MediaTypes.OCI_INDEX, entries));
    Digest digest = store.blobs().put(bytes);
    Descriptor index = Descriptor.of(MediaTypes.OCI_INDEX, digest, bytes.length);
    store.tag(ImageName.parse(ref), index);
    return index;
  }
}
