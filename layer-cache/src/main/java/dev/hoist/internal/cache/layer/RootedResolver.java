package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Resolves paths inside an extraction root as if the process were chrooted there: symlinks met
 * on the way are followed, but an absolute target restarts at the root and {@code ..} never
 * climbs above it (like containerd's {@code fs.RootPath} and {@code securejoin}). The result is
 * always the root or below it, and every component of it that exists is a real directory, never
 * a symlink, so writing there cannot leave the root.
 *
 * <p>This guards against hostile archives, not against another process changing the tree while
 * the layer is applied.
 */
final class RootedResolver {
  /** The kernel's limit on symlinks followed while resolving one path (Linux MAXSYMLINKS). */
  static final int MAX_SYMLINKS = 40;

  private final Path root;
  private final Set<Path> knownDirectories;

  /**
   * {@code root} must be absolute and free of symlinks ({@link Path#toRealPath});
   * {@code knownDirectories} are paths known to be real directories, which need no check.
   */
  RootedResolver(Path root, Set<Path> knownDirectories) {
    this.root = root;
    this.knownDirectories = knownDirectories;
  }

  Path root() {
    return root;
  }

  /** Resolves every component of {@code path}, following symlinks chroot-style. */
  Path resolve(EntryPath path, String entryName) throws IOException {
    return resolve(path.parts(), entryName);
  }

  /**
   * Resolves the parent of {@code path} chroot-style and appends the last component as is, so
   * the result names the entry itself even when it is a symlink. Only for non-root paths.
   */
  Path resolveNoFollow(EntryPath path, String entryName) throws IOException {
    return RawNames.resolve(resolve(path.parent(), entryName), path.base());
  }

  private Path resolve(List<String> parts, String entryName) throws IOException {
    Deque<String> pending = new ArrayDeque<>(parts);
    Path current = root;
    int symlinks = 0;
    while (!pending.isEmpty()) {
      String part = pending.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!current.equals(root)) {
          current = current.getParent();
        }
        continue;
      }
      Path next = RawNames.resolve(current, part);
      if (knownDirectories.contains(next) || !isSymlink(next)) {
        current = next; // a real directory, something else, or nothing yet
        continue;
      }
      if (++symlinks > MAX_SYMLINKS) {
        throw new LayerException(entryName, "too many levels of symbolic links resolving \""
            + String.join("/", parts) + "\"");
      }
      String target = RawNames.name(Files.readSymbolicLink(next));
      String[] targetParts = target.split("/");
      for (int i = targetParts.length - 1; i >= 0; i--) {
        pending.addFirst(targetParts[i]);
      }
      if (target.startsWith("/")) {
        current = root;
      }
    }
    return current;
  }

  private static boolean isSymlink(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isSymbolicLink();
    } catch (FileSystemException e) {
      return false; // missing, or below a non-directory (ENOTDIR): nothing to follow
    }
  }
}
