package dev.hoist.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.cache.archive.RootfsImporter;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.layer.LayerWriter;
import dev.hoist.cache.model.CanonicalJson;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.cache.store.HoistHome;
import dev.hoist.fixtures.Privileges;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

/**
 * Images for container tests, imported into a home from the host's static busybox
 * ({@code busybox-static}): a root filesystem with busybox's applets, an {@code app} user
 * (1000) and {@code /data/seed.txt}, and a run config of the test's choosing.
 */
final class BusyboxImage {
  static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final List<String> APPLETS = List.of("sh", "echo", "cat", "ls", "id", "sleep",
      "ps", "touch", "kill", "true", "false", "pwd", "env", "hostname", "test", "grep", "wc",
      "date");

  private BusyboxImage() {}

  /** Skips the calling test unless it runs as root with a static busybox on the host. */
  static void assumeUsable() {
    assumeTrue(Privileges.isRoot(), "container tests need root (namespaces, overlayfs): skipped");
    assumeTrue(Files.isExecutable(BUSYBOX),
        "container tests need a static /bin/busybox (apt-get install busybox-static): skipped");
  }

  /** Imports the root filesystem as {@code name} with {@code config} as its run config. */
  static Descriptor create(HoistHome home, Path work, String name, ContainerConfig config)
      throws IOException, InterruptedException {
    Path rootfs = work.resolve("rootfs-" + name.replace(':', '-'));
    Path bin = Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(BUSYBOX, bin.resolve("busybox"));
    Files.setPosixFilePermissions(bin.resolve("busybox"),
        PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Path etc = Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(etc.resolve("passwd"), """
        root:x:0:0:root:/root:/bin/sh
        app:x:1000:1000:app user:/home/app:/bin/sh
        """);
    Files.writeString(etc.resolve("group"), "root:x:0:\napp:x:1000:\n");
    Files.createDirectories(rootfs.resolve("home/app"));
    Files.createDirectories(rootfs.resolve("tmp"));
    Files.setPosixFilePermissions(rootfs.resolve("tmp"),
        PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.createDirectories(rootfs.resolve("data"));
    Files.writeString(rootfs.resolve("data/seed.txt"), "from the image\n");
    Path tar = work.resolve(rootfs.getFileName() + ".tar");
    Process p = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
        .inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("tar failed");
    }
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
}
