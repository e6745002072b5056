package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of a layer to write with {@link LayerWriter#write(java.util.List, java.io.OutputStream)}.
 *
 * <p>{@code path} is relative to the layer root, with {@code /} separators (a leading {@code /}
 * or {@code ./} is dropped; {@code ..} components are rejected). For a {@link Type#WHITEOUT} the
 * path names the file to delete ({@code a/b} is written as {@code a/.wh.b}); for an
 * {@link Type#OPAQUE_WHITEOUT} it names the directory whose lower content is hidden ({@code a}
 * is written as {@code a/.wh..wh..opq}, {@code ""} as {@code .wh..wh..opq}). Paths and link
 * targets are written as their UTF-8 bytes; a name that is not UTF-8 is given as a
 * {@link RawNames} String (its other bytes escaped), and written with its exact bytes.
 *
 * <p>{@code mode} holds the permission bits including setuid/setgid/sticky ({@code 07777}); the
 * file type comes from {@code type}. Regular files take their bytes from {@code content}, or,
 * when that is null, from {@code source}; exactly {@code size} bytes must be read or the write
 * fails. {@code linkTarget} is the symlink target as stored, or for a hard link the path of the
 * earlier entry it links to. Xattr names are complete ({@code user.foo},
 * {@code security.capability}); they are written as PAX {@code SCHILY.xattr.*} records.
 * {@code mtime} is truncated to whole seconds and clamped by the writer.
 */
public record LayerEntry(
    String path,
    Type type,
    int mode,
    long uid,
    long gid,
    Instant mtime,
    long size,
    Content content,
    Path source,
    String linkTarget,
    Map<String, byte[]> xattrs,
    int devMajor,
    int devMinor) {

  /** The kind of an entry and the tar type flag it is written with. */
  public enum Type {
    FILE('0'),
    DIRECTORY('5'),
    SYMLINK('2'),
    HARDLINK('1'),
    CHAR_DEVICE('3'),
    BLOCK_DEVICE('4'),
    FIFO('6'),
    /** An OCI whiteout: an empty regular file {@code .wh.<name>} next to the deleted path. */
    WHITEOUT('0'),
    /** An OCI opaque whiteout: an empty regular file {@code <dir>/.wh..wh..opq}. */
    OPAQUE_WHITEOUT('0');

    final char typeFlag;

    Type(char typeFlag) {
      this.typeFlag = typeFlag;
    }
  }

  /** Opens a regular file's content; called once, while the entry is written. */
  @FunctionalInterface
  public interface Content {
    InputStream open() throws IOException;
  }

  public LayerEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    mtime = mtime == null ? Instant.EPOCH : mtime;
    xattrs = xattrs == null || xattrs.isEmpty()
        ? Map.of()
        : Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + path
          + " has bits outside 07777 (the type comes from the entry type)");
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("negative uid/gid for " + path);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size for " + path);
    }
    if (type != Type.FILE && size != 0) {
      throw new IllegalArgumentException(type + " " + path + " cannot have a size");
    }
    if (type == Type.FILE && size > 0 && content == null && source == null) {
      throw new IllegalArgumentException("file " + path + " has a size but no content or source");
    }
    if ((type == Type.SYMLINK || type == Type.HARDLINK)
        && (linkTarget == null || linkTarget.isEmpty())) {
      throw new IllegalArgumentException(type + " " + path + " needs a link target");
    }
  }

  // ---- factories ------------------------------------------------------------------------------

  /** A regular file, mode 0644, owned by 0:0, mtime epoch, whose bytes come from {@code content}. */
  public static LayerEntry file(String path, long size, Content content) {
    return new LayerEntry(path, Type.FILE, 0644, 0, 0, Instant.EPOCH, size, content, null, null,
        null, 0, 0);
  }

  /** A regular file, mode 0644, holding {@code bytes}. */
  public static LayerEntry file(String path, byte[] bytes) {
    byte[] copy = bytes.clone();
    return file(path, copy.length, () -> new java.io.ByteArrayInputStream(copy));
  }

  /** A regular file, mode 0644, holding a UTF-8 string. */
  public static LayerEntry file(String path, String text) {
    return file(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A regular file read from {@code source} (its size is read now). */
  public static LayerEntry file(String path, Path source) throws IOException {
    return new LayerEntry(path, Type.FILE, 0644, 0, 0, Instant.EPOCH, Files.size(source), null,
        source, null, null, 0, 0);
  }

  /** A directory, mode 0755. */
  public static LayerEntry directory(String path) {
    return new LayerEntry(path, Type.DIRECTORY, 0755, 0, 0, Instant.EPOCH, 0, null, null, null,
        null, 0, 0);
  }

  /** A symbolic link, mode 0777, stored as is (never followed). */
  public static LayerEntry symlink(String path, String target) {
    return new LayerEntry(path, Type.SYMLINK, 0777, 0, 0, Instant.EPOCH, 0, null, null, target,
        null, 0, 0);
  }

  /** A hard link to the earlier entry {@code target} (a layer path). */
  public static LayerEntry hardlink(String path, String target) {
    return new LayerEntry(path, Type.HARDLINK, 0644, 0, 0, Instant.EPOCH, 0, null, null, target,
        null, 0, 0);
  }

  public static LayerEntry charDevice(String path, int major, int minor) {
    return new LayerEntry(path, Type.CHAR_DEVICE, 0666, 0, 0, Instant.EPOCH, 0, null, null, null,
        null, major, minor);
  }

  public static LayerEntry blockDevice(String path, int major, int minor) {
    return new LayerEntry(path, Type.BLOCK_DEVICE, 0660, 0, 0, Instant.EPOCH, 0, null, null, null,
        null, major, minor);
  }

  public static LayerEntry fifo(String path) {
    return new LayerEntry(path, Type.FIFO, 0644, 0, 0, Instant.EPOCH, 0, null, null, null, null,
        0, 0);
  }

  /** Deletes {@code path} from the lower layers: written as {@code dir/.wh.name}. */
  public static LayerEntry whiteout(String path) {
    return new LayerEntry(path, Type.WHITEOUT, 0, 0, 0, Instant.EPOCH, 0, null, null, null, null,
        0, 0);
  }

  /** Hides the lower content of directory {@code dir}: written as {@code dir/.wh..wh..opq}. */
  public static LayerEntry opaqueWhiteout(String dir) {
    return new LayerEntry(dir, Type.OPAQUE_WHITEOUT, 0, 0, 0, Instant.EPOCH, 0, null, null, null,
        null, 0, 0);
  }

  // ---- withers --------------------------------------------------------------------------------

  public LayerEntry withMode(int newMode) {
    return new LayerEntry(path, type, newMode, uid, gid, mtime, size, content, source, linkTarget,
        xattrs, devMajor, devMinor);
  }

  public LayerEntry withOwner(long newUid, long newGid) {
    return new LayerEntry(path, type, mode, newUid, newGid, mtime, size, content, source,
        linkTarget, xattrs, devMajor, devMinor);
  }

  public LayerEntry withMtime(Instant newMtime) {
    return new LayerEntry(path, type, mode, uid, gid, newMtime, size, content, source, linkTarget,
        xattrs, devMajor, devMinor);
  }

  /** This entry reading its bytes from {@code newSource} (the same file, moved elsewhere). */
  public LayerEntry withSource(Path newSource) {
    return new LayerEntry(path, type, mode, uid, gid, mtime, size, content, newSource, linkTarget,
        xattrs, devMajor, devMinor);
  }

  /** This entry with one more extended attribute (full name, e.g. {@code user.comment}). */
  public LayerEntry withXattr(String name, byte[] value) {
    Map<String, byte[]> map = new TreeMap<>(xattrs);
    map.put(name, value.clone());
    return new LayerEntry(path, type, mode, uid, gid, mtime, size, content, source, linkTarget,
        map, devMajor, devMinor);
  }
}
