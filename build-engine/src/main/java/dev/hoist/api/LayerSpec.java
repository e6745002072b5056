package dev.hoist.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One layer an {@link ImageAssembly} adds: host files, directories and jars placed at chosen
 * paths, with the modes, owner and time to write. An immutable value: each {@code with…} and
 * {@code add…} returns a new spec.
 *
 * <p>Defaults (Jib's, so that a layer depends only on its files' content and names): files
 * {@code 0644}, directories {@code 0755}, owner {@code 0:0}, every modification time
 * {@link #DEFAULT_MODIFICATION_TIME}. A later entry for a path replaces an earlier one (to give
 * one file of an added directory its own mode). Parent directories of the paths that are not added
 * themselves are written with the directory mode, owner and time.
 *
 * @param name the layer's name, used in messages and in the image's history
 * @param entries what the layer holds, in the order added (the layer itself is sorted)
 * @param fileMode the permission bits of files whose entry does not set them
 * @param directoryMode the permission bits of every directory
 * @param uid the owner's user ID for entries that do not set one
 * @param gid the owner's group ID for entries that do not set one
 * @param modificationTime the mtime of entries that do not set one
 */
public record LayerSpec(String name, List<FileEntry> entries, int fileMode, int directoryMode,
    long uid, long gid, Instant modificationTime) {

  /** The time every entry gets unless told otherwise: 1970-01-01T00:00:01Z, as Jib writes. */
  public static final Instant DEFAULT_MODIFICATION_TIME = Instant.ofEpochSecond(1);

  /** Copies the entries and checks the defaults. */
  public LayerSpec {
    Objects.requireNonNull(name, "name");
    entries = List.copyOf(entries);
    Objects.requireNonNull(modificationTime, "modificationTime");
    if ((fileMode & ~07777) != 0 || (directoryMode & ~07777) != 0) {
      throw new IllegalArgumentException("modes of layer " + name + " have bits outside 07777");
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("negative uid or gid for layer " + name);
    }
  }

  /** An empty layer called {@code name}, with the defaults. */
  public static LayerSpec named(String name) {
    return new LayerSpec(name, List.of(), 0644, 0755, 0, 0, DEFAULT_MODIFICATION_TIME);
  }

  /** This layer with {@code entry} added. */
  public LayerSpec add(FileEntry entry) {
    List<FileEntry> more = new ArrayList<>(entries);
    more.add(Objects.requireNonNull(entry, "entry"));
    return new LayerSpec(name, more, fileMode, directoryMode, uid, gid, modificationTime);
  }

  /** This layer with the host file {@code file} at {@code pathInImage}. */
  public LayerSpec addFile(Path file, String pathInImage) {
    return add(FileEntry.of(file, pathInImage));
  }

  /**
   * This layer with everything under the host directory {@code directory} at
   * {@code pathInImage} (the directory's own entry included); symlinks are kept as symlinks.
   */
  public LayerSpec addDirectory(Path directory, String pathInImage) {
    return add(FileEntry.of(directory, pathInImage));
  }

  /** This layer with the jar {@code jar} in the image directory {@code directoryInImage}, under its own name. */
  public LayerSpec addJar(Path jar, String directoryInImage) {
    String dir = directoryInImage.endsWith("/") ? directoryInImage : directoryInImage + "/";
    return add(FileEntry.of(jar, dir + jar.getFileName()));
  }

  /** This layer with {@code mode} for files whose entry sets none. */
  public LayerSpec withFileMode(int mode) {
    return new LayerSpec(name, entries, mode, directoryMode, uid, gid, modificationTime);
  }

  /** This layer with {@code mode} for its directories. */
  public LayerSpec withDirectoryMode(int mode) {
    return new LayerSpec(name, entries, fileMode, mode, uid, gid, modificationTime);
  }

  /** This layer owned by {@code newUid:newGid}, except entries that set their own owner. */
  public LayerSpec withOwner(long newUid, long newGid) {
    return new LayerSpec(name, entries, fileMode, directoryMode, newUid, newGid, modificationTime);
  }

  /** This layer with {@code time} for entries that set none. */
  public LayerSpec withModificationTime(Instant time) {
    return new LayerSpec(name, entries, fileMode, directoryMode, uid, gid, time);
  }
}
