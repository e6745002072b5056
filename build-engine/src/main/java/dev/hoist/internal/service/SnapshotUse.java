package dev.hoist.internal.service;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The unpacked layer snapshots and the bytes their files hold, from one walk. */
final class SnapshotUse extends SimpleFileVisitor<Path> {
  private final Path root;
  private long count;
  private long bytes;

  private SnapshotUse(Path root) {
    this.root = root;
  }

  static SnapshotUse of(Path root) throws IOException {
    SnapshotUse use = new SnapshotUse(root);
    if (Files.isDirectory(root)) {
      Files.walkFileTree(root, use);
    }
    return use;
  }

  /** How many snapshots (directories right below the root). */
  long count() {
    return count;
  }

  /** The bytes of their regular files. */
  long bytes() {
    return bytes;
  }

  @Override
  public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
    if (root.equals(dir.getParent())) {
      count++;
    }
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
    if (attributes.isRegularFile()) {
      bytes += attributes.size();
    }
    return FileVisitResult.CONTINUE;
  }
}
