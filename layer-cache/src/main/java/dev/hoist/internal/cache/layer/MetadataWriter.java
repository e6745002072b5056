package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Applies an entry's ownership, xattrs, mtime and mode, in that order: chown clears setuid,
 * setgid and file capabilities, so they come after it; the mtime comes before the mode so a
 * read-only mode cannot stop it. Directories get their mtime and mode only at the end, deepest
 * first, once nothing more is written into them.
 */
final class MetadataWriter {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** How an entry's metadata can be reached on disk. */
  enum Kind {
    /** Regular files and directories: opened with O_NOFOLLOW to change. */
    PLAIN,
    /** A regular file created with exactly its mode: no chmod needed. */
    PLAIN_MODE_SET,
    /** Symlinks: owner and mtime of the link itself; no mode on Linux. */
    SYMLINK,
    /** Devices and FIFOs: never opened, changed by path once proven not to be a symlink. */
    SPECIAL
  }

  private record PendingDirectory(EntryPath path, Path location, int mode, FileTime mtime) {}

  private final ExtractOptions options;
  private final Xattrs xattrs;
  private final Map<String, PendingDirectory> directories = new LinkedHashMap<>();

  MetadataWriter(ExtractOptions options, Consumer<String> warn) {
    this.options = options;
    this.xattrs = new Xattrs(warn);
  }

  /** Everything for a non-directory just written at {@code location}. */
  void apply(TarArchiveEntry entry, Path location, Kind kind) throws IOException {
    if (entry.getLongUserId() != 0 || entry.getLongGroupId() != 0) {
      chown(entry, location); // a new file already belongs to root, who is extracting
    }
    xattrs.apply(entry.getName(), location, Xattrs.fromPax(entry.getExtraPaxHeaders()),
        kind == Kind.SYMLINK);
    setModifiedTime(location, entry.getLastModifiedTime(), kind);
    if (kind == Kind.PLAIN_MODE_SET && entry.getLongUserId() != 0) {
      kind = Kind.PLAIN; // chown may have changed nothing of the mode, but be exact
    }
    if (kind != Kind.SYMLINK && kind != Kind.PLAIN_MODE_SET) {
      chmod(location, entry.getMode(), kind);
    }
  }

  /** Ownership and xattrs now, mtime and mode in {@link #finishDirectories}. */
  void applyDirectory(TarArchiveEntry entry, EntryPath path, Path location) throws IOException {
    chown(entry, location);
    xattrs.apply(entry.getName(), location, Xattrs.fromPax(entry.getExtraPaxHeaders()), false);
    // a later entry for the same directory wins, as its header is the newer one
    directories.put(path.toString(),
        new PendingDirectory(path, location, entry.getMode(), entry.getLastModifiedTime()));
  }

  /**
   * Sets the mtime and mode of every directory entry, deepest first. A directory removed or
   * moved behind a symlink since (by a later whiteout and entry) is left alone.
   */
  void finishDirectories(RootedResolver resolver) throws IOException {
    List<PendingDirectory> pending = new ArrayList<>(directories.values());
    pending.sort(Comparator.comparingInt((PendingDirectory d) -> d.path().parts().size())
        .reversed());
    for (PendingDirectory directory : pending) {
      Path now = resolver.resolveNoFollow(directory.path(), directory.path().toString());
      BasicFileAttributes attributes = TargetTree.lstat(directory.location());
      if (!now.equals(directory.location()) || attributes == null || !attributes.isDirectory()) {
        continue;
      }
      setModifiedTime(directory.location(), directory.mtime(), Kind.PLAIN);
      chmod(directory.location(), directory.mode(), Kind.PLAIN);
    }
    directories.clear();
  }

  private void chown(TarArchiveEntry entry, Path location) throws IOException {
    if (!options.preserveOwnership()) {
      return; // the extracting user owns everything, as with tar --no-same-owner
    }
    Files.setAttribute(location, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW);
    Files.setAttribute(location, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW);
  }

  private static void setModifiedTime(Path location, FileTime mtime, Kind kind)
      throws IOException {
    if (kind == Kind.SPECIAL) {
      SpecialFiles.setModifiedTime(location, mtime);
      return;
    }
    Files.getFileAttributeView(location, BasicFileAttributeView.class, NOFOLLOW)
        .setTimes(mtime, null, null);
  }

  private static void chmod(Path location, int mode, Kind kind) throws IOException {
    int bits = mode & 07777; // permissions plus setuid, setgid, sticky
    if (kind == Kind.SPECIAL) {
      // chmod(2) by path: a FIFO or device must not be opened; lstat shows it is no symlink
      BasicFileAttributes attributes = TargetTree.lstat(location);
      if (attributes == null || attributes.isSymbolicLink()) {
        throw new IOException(location + " changed while being extracted");
      }
      Files.setAttribute(location, "unix:mode", bits);
    } else {
      Files.setAttribute(location, "unix:mode", bits, NOFOLLOW);
    }
  }
}
