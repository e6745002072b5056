package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An overlay of snapshot directories mounted on the host by {@code hoist-shim --mount}: the
 * layers reach overlayfs as file descriptors, so any number of layers and any path works (a
 * {@code mount -o lowerdir=…} option string stops at a page). The directory {@code dir} gets
 * {@code upper/}, {@code work/}, the mount point {@code rootfs/} and the shim's
 * {@code rootfs.conf}, the layout of a container directory. Close to unmount (the directories
 * stay). Needs root.
 */
public final class OverlayRoot implements AutoCloseable {
  private final Path shim;
  private final Path root;

  private OverlayRoot(Path shim, Path root) {
    this.shim = shim;
    this.root = root;
  }

  /** Mounts {@code lowersTopFirst} on {@code dir/rootfs}, writes land in {@code dir/upper}. */
  public static OverlayRoot mount(Path shim, List<Path> lowersTopFirst, Path dir)
      throws IOException {
    Path upper = Files.createDirectories(dir.resolve("upper"));
    Path work = Files.createDirectories(dir.resolve("work"));
    Path root = Files.createDirectories(dir.resolve("rootfs"));
    Path config = dir.resolve("rootfs.conf");
    ShimConfig.rootfs(lowersTopFirst, upper, work, root).write(config);
    RuntimeProcess.run(List.of(shim.toString(), "--mount", config.toString()), () -> true);
    return new OverlayRoot(shim, root);
  }

  /** Unmounts {@code dir/rootfs} when something is mounted there (a crash left it). */
  static void unmountIfMounted(Path shim, Path dir) throws IOException {
    Path root = dir.resolve("rootfs").toAbsolutePath();
    String point = " " + root + " ";
    try (java.util.stream.Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
      if (lines.noneMatch(l -> l.contains(point))) {
        return;
      }
    }
    new OverlayRoot(shim, root).close();
  }

  /** The mount point: the layers' merged view. */
  public Path root() {
    return root;
  }

  @Override
  public void close() throws IOException {
    RuntimeProcess.run(List.of(shim.toString(), "--umount", root.toAbsolutePath().toString()),
        () -> true);
  }
}
