package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The merged root filesystem of a list of snapshots (top first), to read from: one snapshot is
 * used as it is, several are mounted with overlayfs through the shim ({@link OverlayRoot}: any
 * number of layers; needs root), none is an empty directory. Close it to unmount.
 */
public final class RootView implements AutoCloseable {
  private final Path root;
  private final Path dir;
  private final OverlayRoot overlay;

  private RootView(Path root, Path dir, OverlayRoot overlay) {
    this.root = root;
    this.dir = dir;
    this.overlay = overlay;
  }

  public static RootView open(Path shim, List<Path> lowersTopFirst, Path scratch)
      throws IOException {
    if (lowersTopFirst.size() == 1) {
      return new RootView(lowersTopFirst.get(0), null, null);
    }
    Files.createDirectories(scratch);
    Path dir = Files.createDirectory(scratch.resolve("view-" + UUID.randomUUID()));
    if (lowersTopFirst.isEmpty()) {
      return new RootView(dir, dir, null);
    }
    try {
      OverlayRoot overlay = OverlayRoot.mount(shim, lowersTopFirst, dir);
      return new RootView(overlay.root(), dir, overlay);
    } catch (IOException e) {
      Trees.delete(dir);
      // the shim's message says "(it needs root)" when that is why (as for containers)
      throw new IOException("reading a multi-layer image: " + e.getMessage(), e);
    }
  }

  public Path root() {
    return root;
  }

  @Override
  public void close() throws IOException {
    if (dir == null) {
      return;
    }
    if (overlay != null) {
      overlay.close();
    }
    Trees.delete(dir);
  }
}
