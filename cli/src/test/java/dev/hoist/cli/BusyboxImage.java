package dev.hoist.cli;

import dev.hoist.internal.cache.archive.RootfsImporter;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
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
    try (InputStream in = Files.newInputStream(tar)) {
      return new RootfsImporter(store, LayerWriter.builder().build())
          .importTar(in, ImageName.parse(name), Platform.host(), Instant.now(), config);
    }
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
