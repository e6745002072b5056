package dev.hoist.internal.cache.layer;

import dev.hoist.internal.cache.store.Trees;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The directory a layer is applied to: where entries go, what already exists there, and which
 * paths this layer has written (whiteouts only ever remove what lower layers left). Every
 * filesystem call here uses {@link LinkOption#NOFOLLOW_LINKS} or works on paths that
 * {@link RootedResolver} has already proven free of symlinks.
 */
final class TargetTree {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final RootedResolver resolver;
  private final Path root;
  /**
   * Paths (relative to the root) created or merged by this layer, implicit parents included;
   * Paths, not Strings, since they compare by their bytes.
   */
  private final Set<Path> written = new HashSet<>();
  /**
   * Real directories (not symlinks) this extraction has created or checked. Nothing but this
   * extraction changes the tree, so they stay directories until it deletes something, which
   * forgets them all; meanwhile neither resolving nor creating parents needs to look again.
   */
  private final Set<Path> knownDirectories = new HashSet<>();

  private static final java.util.regex.Pattern PROCESS_ROOT =
      java.util.regex.Pattern.compile("/proc/[0-9]+/root(/.*)?");

  TargetTree(Path target) throws IOException {
    // a running container's root as the host reaches it (/proc/PID/root, a link the kernel
    // follows into the container's root, then resolved below it by the caller): toRealPath
    // would read it as "/" and so name the host's directory of the same path instead
    boolean processRoot = PROCESS_ROOT.matcher(target.toString()).matches();
    this.root = processRoot ? target.toAbsolutePath().normalize() : target.toRealPath();
    if (!(processRoot ? Files.isDirectory(root) : Files.isDirectory(root, NOFOLLOW))) {
      throw new IOException("extraction target " + target + " is not a directory");
    }
    this.resolver = new RootedResolver(root, knownDirectories);
  }

  Path root() {
    return root;
  }

  RootedResolver resolver() {
    return resolver;
  }

  /** Where a (non-root) entry goes: its parent resolved chroot-style, its own name as is. */
  Path locate(EntryPath path, String entryName) throws IOException {
    return resolver.resolveNoFollow(path, entryName);
  }

  /** The attributes of {@code path} itself, or null when nothing is there. */
  static BasicFileAttributes lstat(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) {
      if ("Not a directory".equals(e.getReason())) {
        return null; // a parent is not a directory, so nothing can be there
      }
      throw e;
    }
  }

  /**
   * Creates the missing directories between the root and {@code path} (mode 0755, as containerd
   * does for parents a layer leaves implicit). A parent that exists but is not a directory is
   * refused.
   */
  void ensureParents(Path path, String entryName) throws IOException {
    Path current = root;
    Path relativeParent = root.relativize(path).getParent();
    if (relativeParent == null) {
      return;
    }
    for (Path part : relativeParent) {
      current = current.resolve(part);
      if (knownDirectories.contains(current)) {
        continue;
      }
      BasicFileAttributes attributes = lstat(current);
      if (attributes == null) {
        Files.createDirectory(current);
        markWritten(current);
        knownDirectories.add(current);
      } else if (attributes.isDirectory()) {
        knownDirectories.add(current);
      } else {
        throw new LayerException(entryName, "parent \"" + root.relativize(current)
            + "\" is not a directory");
      }
    }
  }

  /**
   * Makes room for a non-directory at {@code path}: an existing file, symlink, device or FIFO is
   * removed (never followed); an existing directory is refused, since only a whiteout may remove
   * a directory.
   */
  void clearForNonDirectory(Path path, String entryName) throws IOException {
    BasicFileAttributes existing = lstat(path);
    if (existing == null) {
      return;
    }
    // a file, symlink or device replaces a directory (and all below it), as containerd and
    // overlayfs do; later entries under the name resolve inside the root whatever it became
    knownDirectories.clear();
    deleteRecursively(path);
  }

  /**
   * Makes room for a directory at {@code path}: returns true when a directory is already there
   * (the entry merges with it); anything else there is removed first.
   */
  boolean prepareDirectory(Path path) throws IOException {
    BasicFileAttributes existing = lstat(path);
    if (existing == null) {
      return false;
    }
    if (existing.isDirectory()) {
      knownDirectories.add(path);
      return true;
    }
    knownDirectories.clear();
    Files.delete(path); // a file or a symlink, even one to a directory, is replaced
    return false;
  }

  /** Records a directory this extraction has just created. */
  void createdDirectory(Path path) {
    knownDirectories.add(path);
  }

  void markWritten(Path path) {
    written.add(root.relativize(path));
  }

  private boolean isWritten(Path path) {
    return written.contains(root.relativize(path));
  }

  /**
   * Removes what lower layers left at {@code path}: all of it when this layer has not written
   * it, otherwise (a directory this layer merged into) the lower entries inside it.
   */
  void removeLower(Path path) throws IOException {
    knownDirectories.clear();
    BasicFileAttributes attributes = lstat(path);
    if (attributes == null) {
      return;
    }
    if (!isWritten(path)) {
      deleteRecursively(path);
    } else if (attributes.isDirectory()) {
      removeLowerChildren(path);
    }
  }

  /** Removes what lower layers left inside the directory {@code dir} (an opaque whiteout). */
  void removeLowerChildren(Path dir) throws IOException {
    knownDirectories.clear();
    BasicFileAttributes attributes = lstat(dir);
    if (attributes == null || !attributes.isDirectory()) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
        if (d.equals(dir) || isWritten(d)) {
          return FileVisitResult.CONTINUE;
        }
        deleteRecursively(d);
        return FileVisitResult.SKIP_SUBTREE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
        if (!isWritten(file)) {
          Files.delete(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Deletes {@code path} and, for a real directory, everything below it; symlinks as links. */
  static void deleteRecursively(Path path) throws IOException {
    BasicFileAttributes attributes = lstat(path);
    if (attributes == null) {
      return;
    }
    if (!attributes.isDirectory()) {
      Files.delete(path);
      return;
    }
    Trees.delete(path); // does not follow symlinks
  }
}
