package dev.hoist.internal.cache.archive;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.History;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.BlobWriter;
import dev.hoist.internal.cache.store.StoreLock;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code hoist import}: a filesystem tarball (plain, gzip or zstd) becomes a one-layer image,
 * as {@code docker import} makes one: the tar is stored as it is (gzip-compressed), with an
 * empty run config (or one given: an image hoist makes of a file it carries).
 */
public final class RootfsImporter {
  private final ImageStore store;
  private final LayerWriter writer;

  public RootfsImporter(ImageStore store, LayerWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  public Descriptor importTar(InputStream tarball, ImageName name, Platform platform,
      Instant created) throws IOException {
    return importTar(tarball, name, platform, created, null);
  }

  /** As {@link #importTar(InputStream, ImageName, Platform, Instant)}, with a run config. */
  public Descriptor importTar(InputStream tarball, ImageName name, Platform platform,
      Instant created, ContainerConfig runConfig) throws IOException {
    store.initialise();
    try (StoreLock.Held gc = new StoreLock(store.home(), StoreLock.GC).shared()) {
      InputStream tar = new BufferedInputStream(Compression.decompressed(tarball), 1 << 16);
      requireTar(tar);
      LayerResult layer;
      try (BlobWriter blob = store.blobs().writer()) {
        layer = writer.compress(tar, blob);
        blob.commit();
      }
      String time = created.truncatedTo(ChronoUnit.SECONDS).toString();
      ImageConfig config = ImageConfig.of(platform).withCreated(time)
          .plusLayer(layer.diffId(), History.layer(time, "hoist import"));
      if (runConfig != null) {
        config = config.withConfig(runConfig);
      }
      byte[] configBytes = CanonicalJson.write(config);
      store.blobs().put(configBytes);
      ImageManifest manifest = ImageManifest.of(MediaTypes.OCI_MANIFEST,
          Descriptor.ofContent(MediaTypes.OCI_CONFIG, configBytes),
          List.of(Descriptor.of(layer.mediaType(), layer.digest(), layer.size())));
      byte[] manifestBytes = CanonicalJson.write(manifest);
      store.blobs().put(manifestBytes);
      Descriptor descriptor = Descriptor.ofContent(MediaTypes.OCI_MANIFEST, manifestBytes);
      store.tag(name, descriptor);
      return descriptor;
    }
  }

  /** Fails unless the stream starts with a tar header (checked by its checksum). */
  private static void requireTar(InputStream tar) throws IOException {
    tar.mark(512);
    byte[] header = tar.readNBytes(512);
    tar.reset();
    if (header.length < 512 || !validChecksum(header)) {
      throw new ArchiveException("not a tar archive (plain, gzip or zstd): the first 512 bytes "
          + "are not a tar header");
    }
  }

  private static boolean validChecksum(byte[] header) {
    String field = new String(header, 148, 8, StandardCharsets.US_ASCII).trim();
    int end = field.indexOf('\0');
    if (end >= 0) {
      field = field.substring(0, end).trim();
    }
    if (field.isEmpty()) {
      return false;
    }
    long expected;
    try {
      expected = Long.parseLong(field, 8);
    } catch (NumberFormatException e) {
      return false;
    }
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
    }
    return sum == expected;
  }
}
