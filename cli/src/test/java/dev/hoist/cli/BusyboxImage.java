package dev.hoist.cli;

import dev.hoist.internal.cache.archive.RootfsImporter;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.BusyboxRootfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Images for container tests: {@link BusyboxRootfs} imported into a home with a run config of the
 * test's choosing.
 */
final class BusyboxImage {
  private BusyboxImage() {}

  /** Skips the calling test unless it runs as root with a static busybox on the host. */
  static void assumeUsable() {
    BusyboxRootfs.assumeUsable("container tests", "namespaces, overlayfs");
  }

  /** Imports the root filesystem as {@code name} with {@code config} as its run config. */
  static Descriptor create(HoistHome home, Path work, String name, ContainerConfig config)
      throws IOException {
    Path tar = BusyboxRootfs.tar(Files.createTempDirectory(work, "rootfs-" + name.replace(':', '-')));
    ImageStore store = new ImageStore(home);
    store.initialise();
    ImageName imageName = ImageName.parse(name);
    Descriptor imported;
    try (InputStream in = Files.newInputStream(tar)) {
      imported = new RootfsImporter(store, LayerWriter.builder().build())
          .importTar(in, imageName, Platform.host(), Instant.now());
    }
    ImageReader reader = new ImageReader(store.blobs());
    ImageManifest manifest = reader.manifest(imported.digest());
    ImageConfig withConfig = reader.config(manifest.config().digest()).withConfig(config);
    byte[] configBytes = CanonicalJson.write(withConfig);
    store.blobs().put(configBytes);
    byte[] manifestBytes = CanonicalJson.write(ImageManifest.of(MediaTypes.OCI_MANIFEST,
        Descriptor.ofContent(MediaTypes.OCI_CONFIG, configBytes), manifest.layers()));
    store.blobs().put(manifestBytes);
    Descriptor descriptor = Descriptor.ofContent(MediaTypes.OCI_MANIFEST, manifestBytes);
    store.tag(imageName, descriptor);
    return descriptor;
  }

  /**
   * Imports the root filesystem {@code tar} ({@link BusyboxRootfs#tar}, of any CPU's busybox) as
   * {@code name} for {@code platform}, with {@link BusyboxRootfs#TIME} as its times: the same
   * digests anywhere.
   */
  static void importAs(ImageStore store, Path tar, String name, Platform platform)
      throws IOException {
    try (InputStream in = Files.newInputStream(tar)) {
      new RootfsImporter(store, LayerWriter.builder().build()).importTar(in,
          ImageName.parse(name), platform, BusyboxRootfs.TIME);
    }
  }
}
