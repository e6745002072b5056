package dev.hoist.internal.build;

import dev.hoist.internal.cache.layer.InRootPath;
import dev.hoist.internal.cache.layer.RawNames;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Paths inside an image's root, as a process chrooted there sees them: symlinks are followed
 * inside the root (an absolute target counts from the root, {@code ..} stops at it), never onto
 * the host.
 */
final class InRoot {
  private InRoot() {}

  /**
   * {@code relative} with every symlink among its directories followed inside {@code root}
   * (the last component is kept as it is); a clean relative path.
   */
  static String resolveParents(Path root, String relative) throws IOException {
    String cleaned = SourceTree.clean(relative);
    if (cleaned.isEmpty()) {
      return cleaned;
    }
    int slash = cleaned.lastIndexOf('/');
    String parent = slash < 0 ? "" : cleaned.substring(0, slash);
    String last = cleaned.substring(slash + 1);
    return SourceTree.join(resolve(root, parent), last);
  }

  /** {@code relative} with every symlink followed inside {@code root} ({@link InRootPath}). */
  static String resolve(Path root, String relative) throws IOException {
    try {
      return InRootPath.resolve(root, relative);
    } catch (FileSystemLoopException e) {
      throw new BuildException(e.getFile());
    }
  }

  static boolean isDirectory(Path root, String relative) throws IOException {
    return Files.isDirectory(RawNames.resolve(root, resolve(root, relative)),
        LinkOption.NOFOLLOW_LINKS);
  }
}
