package dev.hoist.build;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.cache.archive.RootfsImporter;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.layer.Compression;
import dev.hoist.cache.layer.LayerWriter;
import dev.hoist.cache.model.Platform;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.Privileges;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * A base image made from the host's static busybox (busybox-static), with every applet linked
 * and a passwd/group naming root and app (1000), imported into a store as
 * {@code hoist-test/busybox:latest}, as {@code examples/hello/run.sh} makes its base.
 */
final class BusyboxImage {
  static final Path BUSYBOX = Path.of("/bin/busybox");
  static final String NAME = "hoist-test/busybox:latest";

  private BusyboxImage() {}

  /** Skips the calling test unless it runs as root with a static busybox on the host. */
  static void assumeUsable() {
    assumeTrue(Privileges.isRoot(), "build-engine RUN tests need root (namespaces, overlayfs): "
        + "skipped");
    assumeTrue(Files.isExecutable(BUSYBOX), "build-engine tests need a static /bin/busybox "
        + "(apt-get install busybox-static): skipped");
    assumeTrue(ExternalTools.available("getfattr"), "build-engine tests need getfattr "
        + "(apt-get install attr): skipped");
  }

  static void importInto(ImageStore store, Path work) throws IOException {
    Path root = Files.createDirectories(work.resolve("busybox-rootfs"));
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(BUSYBOX, bin.resolve("busybox"));
    Files.setPosixFilePermissions(bin.resolve("busybox"),
        PosixFilePermissions.fromString("rwxr-xr-x"));
    String applets = ExternalTools.output(BUSYBOX.toString(), "--list");
    for (String applet : applets.split("\n")) {
      applet = applet.trim();
      if (!applet.isEmpty() && !applet.equals("busybox")) {
        Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
      }
    }
    Path etc = Files.createDirectories(root.resolve("etc"));
    Files.writeString(etc.resolve("passwd"), """
        root:x:0:0:root:/root:/bin/sh
        app:x:1000:1000:app user:/home/app:/bin/sh
        """);
    Files.writeString(etc.resolve("group"), """
        root:x:0:
        app:x:1000:
        """);
    for (String dir : new String[] {"tmp", "root", "proc", "sys", "dev", "usr/lib"}) {
      Files.createDirectories(root.resolve(dir));
    }
    Files.setPosixFilePermissions(root.resolve("tmp"),
        PosixFilePermissions.fromString("rwxrwxrwx"));
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    LayerWriter.builder().compression(Compression.NONE)
        .clampMtime(Instant.parse("2024-01-01T00:00:00Z")).build().write(root, tar);
    new RootfsImporter(store, LayerWriter.builder().build()).importTar(
        new ByteArrayInputStream(tar.toByteArray()), ImageName.parse(NAME), Platform.host(),
        Instant.parse("2024-01-01T00:00:00Z"));
  }
}
