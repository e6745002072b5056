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

  /** Checks the paths and the mode's range. */
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

  /** {@code source} at {@code pathInImage}, with the layer's defaults. */
  public static FileEntry of(Path source, String pathInImage) {
    return new FileEntry(source, pathInImage, null, null, null, null);
  }

  /** This entry with its own permission bits (e.g. {@code 0755} for a script). */
  public FileEntry withMode(int newMode) {
    return new FileEntry(source, pathInImage, newMode, uid, gid, modificationTime);
  }

  /** This entry owned by {@code newUid:newGid} in the image. */
  public FileEntry withOwner(long newUid, long newGid) {
    return new FileEntry(source, pathInImage, mode, newUid, newGid, modificationTime);
  }

  /** This entry with its own modification time. */
  public FileEntry withModificationTime(Instant time) {
    return new FileEntry(source, pathInImage, mode, uid, gid, time);
  }
}
