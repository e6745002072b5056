package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

/**
 * Device nodes and FIFOs, which Java can neither create nor (without opening them, which blocks
 * on a FIFO and may act on a device) re-time.
 */
final class SpecialFiles {
  private SpecialFiles() {}

  /** {@code mknod path c|b major minor}; needs root. */
  static void mknod(Path path, boolean block, int major, int minor) throws IOException {
    Commands.run(List.of("mknod", "-m", "0600"), path, List.of(block ? "b" : "c",
        Integer.toString(major), Integer.toString(minor)));
  }

  /** {@code mkfifo path}. */
  static void mkfifo(Path path) throws IOException {
    Commands.run(List.of("mkfifo", "-m", "0600"), path, List.of());
  }

  /** Sets the modification time of {@code path} itself, without opening it. */
  static void setModifiedTime(Path path, FileTime time) throws IOException {
    Instant instant = time.toInstant();
    String stamp = "@" + instant.getEpochSecond() + "." + String.format("%09d", instant.getNano());
    Commands.run(List.of("touch", "--no-dereference", "--no-create", "-m", "-d", stamp), path,
        List.of());
  }
}
