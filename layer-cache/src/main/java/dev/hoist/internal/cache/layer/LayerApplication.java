package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.Channels;
import java.util.Set;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** The state of applying one layer to one target: one instance per extraction. */
final class LayerApplication {
  private static final System.Logger LOG = System.getLogger(LayerExtractor.class.getName());

  private final ExtractOptions options;
  private final TargetTree tree;
  private final MetadataWriter metadata;
  private final int umask;
  private final byte[] copyBuffer = new byte[256 << 10];
  private static final Set<OpenOption> CREATE_FILE = Set.of(StandardOpenOption.CREATE_NEW,
      StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  private final List<String> warnings = new ArrayList<>();
  private long entries;
  private long bytes;
  private long whiteouts;

  LayerApplication(ExtractOptions options, Path target) throws IOException {
    this.options = options;
    this.tree = new TargetTree(target);
    this.umask = Modes.umask(tree.root());
    this.metadata = new MetadataWriter(options, this::warn);
  }

  /** Applies one entry; {@code content} is the tar stream positioned at its data. */
  void apply(TarArchiveEntry entry, InputStream content) throws IOException {
    String name = entry.getName();
    if (entry.isPaxHeader() || entry.isGlobalPaxHeader()) {
      return; // already folded into the entries they describe
    }
    EntryPath path = EntryPath.parse(name, name, "path");
    switch (Whiteout.kindOf(path)) {
      case HIDE -> hide(path, name);
      case OPAQUE -> makeOpaque(path, name);
      case AUFS_METADATA -> { } // AUFS bookkeeping, never part of the image's content
      case NONE -> write(entry, path, content);
    }
  }

  /** Finishes directory metadata and reports the counts. */
  void finish() throws IOException {
    metadata.finishDirectories(tree.resolver());
  }

  long entries() {
    return entries;
  }

  long bytes() {
    return bytes;
  }

  long whiteouts() {
    return whiteouts;
  }

  List<String> warnings() {
    return warnings;
  }

  private void hide(EntryPath path, String name) throws IOException {
    String hidden = Whiteout.hiddenName(path, name);
    Path parent = tree.resolver().resolve(path.parent(), name);
    Path target = RawNames.resolve(parent, hidden);
    tree.removeLower(target);
    if (options.overlayWhiteouts()) {
      tree.ensureParents(target, name);
      tree.clearForNonDirectory(target, name);
      SpecialFiles.mknod(target, false, 0, 0); // overlayfs: a 0/0 device hides the name
      tree.markWritten(target);
    }
    whiteouts++;
  }

  private void makeOpaque(EntryPath path, String name) throws IOException {
    Path dir = tree.resolver().resolve(path.parent(), name);
    tree.removeLowerChildren(dir);
    if (options.overlayWhiteouts()) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        tree.ensureParents(dir, name);
        Files.createDirectory(dir);
        tree.markWritten(dir);
      }
      Xattrs.setOverlayOpaque(dir);
    }
    whiteouts++;
  }

  private void write(TarArchiveEntry entry, EntryPath path, InputStream content)
      throws IOException {
    String name = entry.getName();
    if (path.isRoot()) {
      if (entry.isDirectory()) {
        return; // "./": the root's own metadata is the caller's, as in containerd
      }
      throw new LayerException(name, "would replace the extraction root itself");
    }
    Path location = tree.locate(path, name);
    if (isDevice(entry) && !options.createDevices()) {
      warn(name + ": device node skipped (creating devices needs root)");
      return;
    }
    tree.ensureParents(location, name);
    if (options.keepKinds()) {
      refuseKindChange(entry, location, name);
    }
    if (entry.isDirectory()) {
      if (!tree.prepareDirectory(location)) {
        Files.createDirectory(location);
        tree.createdDirectory(location);
      }
      tree.markWritten(location);
      metadata.applyDirectory(entry, path, location);
    } else if (entry.isLink()) {
      if (!hardLink(entry, location)) {
        return;
      }
    } else if (!writeNonDirectory(entry, location, content)) {
      return;
    }
    entries++;
  }

  /** With {@link ExtractOptions#keepKinds}: Docker's refusals, in its words. */
  private static void refuseKindChange(TarArchiveEntry entry, Path location, String name)
      throws IOException {
    java.nio.file.attribute.BasicFileAttributes existing = TargetTree.lstat(location);
    if (existing == null || existing.isDirectory() == entry.isDirectory()) {
      return;
    }
    throw new LayerException(name, existing.isDirectory()
        ? "cannot overwrite directory \"" + location.getFileName() + "\" with non-directory"
        : "cannot overwrite non-directory \"" + location.getFileName() + "\" with directory");
  }

  /** Copies a file's content in large writes (one system call per 256 KiB, not per 8). */
  private long copy(InputStream content, OutputStream out) throws IOException {
    long total = 0;
    int n;
    while ((n = content.readNBytes(copyBuffer, 0, copyBuffer.length)) > 0) {
      out.write(copyBuffer, 0, n);
      total += n;
    }
    return total;
  }

  /** Files, symlinks, devices and FIFOs; false when the entry type is not supported. */
  private boolean writeNonDirectory(TarArchiveEntry entry, Path location, InputStream content)
      throws IOException {
    MetadataWriter.Kind kind;
    if (entry.isSymbolicLink()) {
      tree.clearForNonDirectory(location, entry.getName());
      Files.createSymbolicLink(location, RawNames.path(entry.getLinkName()));
      kind = MetadataWriter.Kind.SYMLINK;
    } else if (isDevice(entry)) {
      tree.clearForNonDirectory(location, entry.getName());
      SpecialFiles.mknod(location, entry.isBlockDevice(), entry.getDevMajor(),
          entry.getDevMinor());
      kind = MetadataWriter.Kind.SPECIAL;
    } else if (entry.isFIFO()) {
      tree.clearForNonDirectory(location, entry.getName());
      SpecialFiles.mkfifo(location);
      kind = MetadataWriter.Kind.SPECIAL;
    } else if (entry.isFile()) {
      tree.clearForNonDirectory(location, entry.getName());
      // created with its mode where the umask leaves it whole, which saves a chmod per file
      int permissions = entry.getMode() & 0777;
      boolean exact = (entry.getMode() & 07000) == 0 && (permissions & umask) == 0;
      try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(location,
          CREATE_FILE, PosixFilePermissions.asFileAttribute(Modes.permissions(permissions))))) {
        bytes += copy(content, out);
      }
      kind = exact ? MetadataWriter.Kind.PLAIN_MODE_SET : MetadataWriter.Kind.PLAIN;
    } else {
      warn(entry.getName() + ": unsupported entry type skipped");
      return false;
    }
    tree.markWritten(location);
    metadata.apply(entry, location, kind);
    return true;
  }

  /**
   * A hard link to an entry already in the root (earlier in this layer or from a lower one).
   * Its target is a root-relative name: {@code /x} means {@code x}, {@code ..} may not leave the
   * root, and symlinks on the way resolve chroot-style. The target itself is linked, not
   * followed, so a link to a symlink is another name for that symlink.
   */
  private boolean hardLink(TarArchiveEntry entry, Path location) throws IOException {
    String name = entry.getName();
    EntryPath targetPath = EntryPath.parse(entry.getLinkName(), name, "hard link target");
    if (targetPath.isRoot()) {
      throw new LayerException(name, "hard link target \"" + entry.getLinkName()
          + "\" is the extraction root");
    }
    Path target = tree.locate(targetPath, name);
    BasicFileAttributes attributes = TargetTree.lstat(target);
    if (attributes == null) {
      throw new LayerException(name, "hard link target \"" + entry.getLinkName()
          + "\" does not exist in the extraction root");
    }
    if (attributes.isDirectory()) {
      throw new LayerException(name, "hard link target \"" + entry.getLinkName()
          + "\" is a directory");
    }
    if (target.equals(location)) {
      return false; // a link to itself: already there
    }
    tree.clearForNonDirectory(location, name);
    Files.createLink(location, target);
    tree.markWritten(location);
    return true;
  }

  private static boolean isDevice(TarArchiveEntry entry) {
    return entry.isCharacterDevice() || entry.isBlockDevice();
  }

  private void warn(String message) {
    warnings.add(message);
    LOG.log(System.Logger.Level.WARNING, message);
  }
}
