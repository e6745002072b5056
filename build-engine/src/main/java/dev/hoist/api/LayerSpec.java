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

  /**
   * Copies the entries and checks the defaults.
   *
   * @param name the layer's name; never null
   * @param entries the entries, in the order added; copied
   * @param fileMode the permission bits (within {@code 07777}) of files whose entry sets none
   * @param directoryMode the permission bits (within {@code 07777}) of every directory
   * @param uid the numeric owner (0 or more) of entries that set none and of added parents
   * @param gid the numeric group (0 or more) of entries that set none and of added parents
   * @param modificationTime the mtime of entries that set none and of added parents; never null
   * @throws NullPointerException when {@code name}, {@code entries}, an entry or
   *     {@code modificationTime} is null
   * @throws IllegalArgumentException when a mode has bits outside {@code 07777}, or {@code uid}
   *     or {@code gid} is negative
   */
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

  /**
   * An empty layer with the defaults: files {@code 0644}, directories {@code 0755}, owner
   * {@code 0:0}, time {@link #DEFAULT_MODIFICATION_TIME}.
   *
   * @param name the layer's name, shown in messages and in the image's history, such as
   *     {@code dependencies}
   * @return the spec
   * @throws NullPointerException when {@code name} is null
   */
  public static LayerSpec named(String name) {
    return new LayerSpec(name, List.of(), 0644, 0755, 0, 0, DEFAULT_MODIFICATION_TIME);
  }

  /**
   * This layer with one more entry; it replaces what earlier entries put at the same paths.
   *
   * @param entry the entry, with its own mode, owner or time where it sets them
   * @return a new spec; this one is unchanged
   * @throws NullPointerException when {@code entry} is null
   */
  public LayerSpec add(FileEntry entry) {
    List<FileEntry> more = new ArrayList<>(entries);
    more.add(Objects.requireNonNull(entry, "entry"));
    return new LayerSpec(name, more, fileMode, directoryMode, uid, gid, modificationTime);
  }

  /**
   * This layer with a host file, given the layer's mode, owner and time.
   *
   * @param file the host file; read when the image is assembled
   * @param pathInImage the absolute path it gets in the image, such as {@code /app/run.sh}
   * @return a new spec; this one is unchanged
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code pathInImage} is relative or contains {@code ..}
   */
  public LayerSpec addFile(Path file, String pathInImage) {
    return add(FileEntry.of(file, pathInImage));
  }

  /**
   * This layer with everything under the host directory {@code directory} at
   * {@code pathInImage} (the directory's own entry included); symlinks are kept as symlinks.
   * The tree is walked when the image is assembled, in name order.
   *
   * @param directory the host directory
   * @param pathInImage the absolute path the directory gets in the image, such as
   *     {@code /app/libs}
   * @return a new spec; this one is unchanged
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code pathInImage} is relative or contains {@code ..}
   */
  public LayerSpec addDirectory(Path directory, String pathInImage) {
    return add(FileEntry.of(directory, pathInImage));
  }

  /**
   * This layer with a jar in an image directory, under the jar's own file name.
   *
   * @param jar the host jar file, such as {@code target/libs/a.jar}
   * @param directoryInImage the absolute image directory to put it in, with or without a
   *     trailing {@code /}, such as {@code /app/libs} (giving {@code /app/libs/a.jar})
   * @return a new spec; this one is unchanged
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code directoryInImage} is relative or contains
   *     {@code ..}
   */
  public LayerSpec addJar(Path jar, String directoryInImage) {
    String dir = directoryInImage.endsWith("/") ? directoryInImage : directoryInImage + "/";
    return add(FileEntry.of(jar, dir + jar.getFileName()));
  }

  /**
   * This layer with another default mode for files (default {@code 0644}).
   *
   * @param mode the permission bits of files whose entry sets none, such as {@code 0600}
   * @return a new spec; this one is unchanged
   * @throws IllegalArgumentException when {@code mode} has bits outside {@code 07777}
   */
  public LayerSpec withFileMode(int mode) {
    return new LayerSpec(name, entries, mode, directoryMode, uid, gid, modificationTime);
  }

  /**
   * This layer with another mode for all of its directories (default {@code 0755}), those
   * under added directories and the parents added for the paths alike.
   *
   * @param mode the permission bits of every directory, such as {@code 0700}
   * @return a new spec; this one is unchanged
   * @throws IllegalArgumentException when {@code mode} has bits outside {@code 07777}
   */
  public LayerSpec withDirectoryMode(int mode) {
    return new LayerSpec(name, entries, fileMode, mode, uid, gid, modificationTime);
  }

  /**
   * This layer owned by {@code newUid:newGid} (default {@code 0:0}), except entries that set their
   * own owner.
   *
   * @param newUid the numeric user ID in the image, such as {@code 1000}
   * @param newGid the numeric group ID in the image
   * @return a new spec; this one is unchanged
   * @throws IllegalArgumentException when either ID is negative
   */
  public LayerSpec withOwner(long newUid, long newGid) {
    return new LayerSpec(name, entries, fileMode, directoryMode, newUid, newGid, modificationTime);
  }

  /**
   * This layer with another time for entries that set none (default
   * {@link #DEFAULT_MODIFICATION_TIME}); a different time changes the layer's digest.
   *
   * @param time the mtime to write, to whole seconds
   * @return a new spec; this one is unchanged
   * @throws NullPointerException when {@code time} is null
   */
  public LayerSpec withModificationTime(Instant time) {
    return new LayerSpec(name, entries, fileMode, directoryMode, uid, gid, time);
  }
}
