package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.BusyboxRootfs;
import dev.hoist.fixtures.Privileges;
import dev.hoist.internal.runtime.MonitorCommand;
import dev.hoist.internal.runtime.MountRequest;
import dev.hoist.internal.runtime.RunOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A home for the service tests: the services over a context of its own (environment, monitor
 * command and diagnostics given by the test), and small images made from the host's static
 * busybox, imported through {@link ImageService#importRootfs}.
 */
final class ServiceHome {
  final Path dir;
  final Hoist hoist;
  final List<String> warnings = new CopyOnWriteArrayList<>();

  ServiceHome(Path dir, Map<String, String> environment, MonitorCommand monitor) {
    this.dir = createDirectories(dir);
    this.hoist = Hoist.of(HoistContext.builder(new HoistHome(dir.resolve("home")))
        .environment(environment)
        .monitor(monitor)
        .diagnostics(warnings::add)
        .build());
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Skips the calling test unless containers can run here (root, a static busybox). */
  static void assumeContainers() {
    assumeTrue(Privileges.isRoot(), "service tests that run containers need root: skipped");
    assumeBusybox();
  }

  static void assumeBusybox() {
    assumeTrue(Files.isExecutable(BusyboxRootfs.BUSYBOX), "service tests need a static /bin/busybox "
        + "(apt-get install busybox-static): skipped");
  }

  /**
   * Imports the busybox fixture ({@link BusyboxRootfs}) with a file
   * {@code /marker} holding {@code marker} (images with other markers differ); tagged
   * {@code name}, or untagged when it is null.
   */
  Descriptor importBusybox(String name, String marker) throws IOException {
    Path root = BusyboxRootfs.create(Files.createTempDirectory(dir, "rootfs"));
    Files.writeString(root.resolve("marker"), marker);
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    LayerWriter.builder().compression(Compression.NONE)
        .clampMtime(Instant.parse("2024-01-01T00:00:00Z")).build().write(root, tar);
    String tag = name == null ? "dangling/" + marker + ":import" : name;
    Descriptor image = hoist.images().importRootfs(new ByteArrayInputStream(tar.toByteArray()),
        ImageName.parse(tag), Platform.host());
    if (name == null) { // as a build without -t leaves it
      hoist.images().store().untag(ImageName.parse(tag));
      hoist.images().store().keepUntagged(image);
    }
    return image;
  }

  /**
   * A container of the busybox image {@code box:1} (imported when the store lacks it) that
   * runs {@code cmd}: created, not started.
   */
  dev.hoist.internal.runtime.ContainerState createBox(String... cmd) throws IOException {
    if (hoist.images().store().get(ImageName.parse("box:1")).isEmpty()) {
      importBusybox("box:1", "box");
    }
    return hoist.containers().create(run("box:1", List.of(), cmd), PullPolicy.NEVER,
        RegistryOverrides.NONE, PullListener.NONE);
  }

  /** {@code hoist run IMAGE CMD…} with everything else as Docker's defaults, no network. */
  static RunOptions run(String image, List<String> env, String... cmd) {
    return run(image, env, List.of(), cmd);
  }

  /** As {@link #run(String, List, String...)}, with {@code -v} / {@code --mount} requests. */
  static RunOptions run(String image, List<String> env, List<MountRequest> mounts,
      String... cmd) {
    return RunOptions.builder(image).cmd(cmd).env(env).mounts(mounts).build();
  }
}
