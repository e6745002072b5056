package dev.hoist.build;

import dev.hoist.cache.store.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The merged root filesystem of a list of snapshots (top first), to read from: one snapshot is
 * used as it is, several are mounted read-only with overlayfs (which needs root), none is an
 * empty directory. Close it to unmount.
 */
final class RootView implements AutoCloseable {
  private final Path root;
  private final Path mountPoint;
  private final boolean mounted;

  private RootView(Path root, Path mountPoint, boolean mounted) {
    this.root = root;
    this.mountPoint = mountPoint;
    this.mounted = mounted;
  }

  static RootView open(List<Path> lowersTopFirst, Path scratch) throws IOException {
    if (lowersTopFirst.size() == 1) {
      return new RootView(lowersTopFirst.get(0), null, false);
    }
    Files.createDirectories(scratch);
    Path dir = Files.createDirectory(scratch.resolve("view-" + UUID.randomUUID()));
    if (lowersTopFirst.isEmpty()) {
      return new RootView(dir, dir, false);
    }
    List<String> lowers = new ArrayList<>();
    for (Path p : lowersTopFirst) {
      lowers.add(p.toAbsolutePath().toString());
    }
    run(List.of("mount", "-t", "overlay", "overlay", "-o",
        "ro,lowerdir=" + String.join(":", lowers), dir.toString()));
    return new RootView(dir, dir, true);
  }

  Path root() {
    return root;
  }

  @Override
  public void close() throws IOException {
    if (mountPoint == null) {
      return;
    }
    if (mounted) {
      run(List.of("umount", mountPoint.toString()));
    }
    Trees.delete(mountPoint);
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command.subList(0, 1)) + " failed: " + out.trim()
            + (command.get(0).equals("mount") ? " (reading a multi-layer image needs root)" : ""));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
  }
}
