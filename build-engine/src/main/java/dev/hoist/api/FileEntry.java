package dev.hoist.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One source of a {@link LayerSpec}: a host file, directory (taken with everything under it) or
 * jar, and where it goes in the image. Mode, owner and modification time are this entry's own when
 * set, else the layer's defaults ({@link LayerSpec#withFileMode}, {@link LayerSpec#withOwner},
 * {@link LayerSpec#withModificationTime}); the host file's own owner, mode and time are never
 * written. Null fields mean "the layer's default".
 *
 * @param source the host file or directory
 * @param pathInImage the absolute path it gets in the image ({@code /app/libs/a.jar})
 * @param mode permission bits ({@code 07777}) for files (and, under a directory, for its files)
 * @param uid the owner's numeric user ID in the image
 * @param gid the owner's numeric group ID in the image
 * @param modificationTime the mtime written for it (and, under a directory, for everything)
 */
public record FileEntry(Path source, String pathInImage, Integer mode, Long uid, Long gid,
    Instant modificationTime) {

  /**
   * Checks the paths, the mode's range and the owner.
   *
   * @param source the host file, directory or jar; never null. It is read only when the image is
   *     assembled, so it need not exist yet
   * @param pathInImage where it goes in the image; absolute, without {@code ..} segments
   * @param mode the permission bits (within {@code 07777}) of the file, or of every file under the
   *     directory; null for the layer's file mode. Directories always get the layer's directory
   *     mode, symlinks {@code 0777}
   * @param uid the numeric owner in the image (0 or more), or null for the layer's
   * @param gid the numeric group in the image (0 or more), or null for the layer's
   * @param modificationTime the mtime written (to whole seconds), or null for the layer's
   * @throws NullPointerException when {@code source} or {@code pathInImage} is null
   * @throws IllegalArgumentException when {@code pathInImage} is relative or contains {@code ..},
   *     {@code mode} has bits outside {@code 07777}, or {@code uid} or {@code gid} is negative
   */
  public FileEntry {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pathInImage, "pathInImage");
    if (!pathInImage.startsWith("/")) {
      throw new IllegalArgumentException("the path in the image must be absolute: \""
          + pathInImage + "\"");
    }
    for (String part : pathInImage.split("/")) {
      if (part.equals("..")) {
        throw new IllegalArgumentException("the path in the image may not contain \"..\": \""
            + pathInImage + "\"");
      }
    }
    if (mode != null && (mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of "
          + pathInImage + " has bits outside 07777");
    }
    if ((uid != null && uid < 0) || (gid != null && gid < 0)) {
      throw new IllegalArgumentException("negative uid or gid for " + pathInImage);
    }
  }

  /**
   * An entry that takes its mode, owner and time from its layer.
   *
   * @param source the host file, directory (everything under it is added) or jar
   * @param pathInImage the absolute path it gets in the image, such as {@code /app/libs/a.jar}
   * @return the entry
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code pathInImage} is relative or contains {@code ..}
   */
  public static FileEntry of(Path source, String pathInImage) {
    return new FileEntry(source, pathInImage, null, null, null, null);
  }

  /**
   * This entry with its own permission bits, instead of the layer's file mode.
   *
   * @param newMode the permission bits, such as {@code 0755} for a script; for a directory
   *     entry, they apply to the files under it, not to its directories
   * @return a new entry; this one is unchanged
   * @throws IllegalArgumentException when {@code newMode} has bits outside {@code 07777}
   */
  public FileEntry withMode(int newMode) {
    return new FileEntry(source, pathInImage, newMode, uid, gid, modificationTime);
  }

  /**
   * This entry with its own owner in the image, instead of the layer's; for a directory entry,
   * everything under it gets that owner.
   *
   * @param newUid the numeric user ID, such as {@code 1000}
   * @param newGid the numeric group ID
   * @return a new entry; this one is unchanged
   * @throws IllegalArgumentException when either ID is negative
   */
  public FileEntry withOwner(long newUid, long newGid) {
    return new FileEntry(source, pathInImage, mode, newUid, newGid, modificationTime);
  }

  /**
   * This entry with its own modification time, instead of the layer's; for a directory entry,
   * everything under it gets that time. A different time changes the layer's digest.
   *
   * @param time the mtime to write (to whole seconds), or null for the layer's
   * @return a new entry; this one is unchanged
   */
  public FileEntry withModificationTime(Instant time) {
    return new FileEntry(source, pathInImage, mode, uid, gid, time);
  }
}
