package dev.hoist.internal.cache.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directories of a home that only their owner may traverse (0700): those holding images'
 * files as they are (snapshots, containers' roots and upper directories, builds' work
 * directories, volumes, cache mounts). An image's setuid binaries and device nodes are then out
 * of reach of the host's other users, whatever the home's own mode. A directory made by an older
 * hoist is tightened the first time this process uses it.
 */
public final class PrivateDirs {
  public static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  /** A file only its owner may read and write (state holding -e values). */
  public static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<Path> CHECKED = ConcurrentHashMap.newKeySet();

  private PrivateDirs() {}

  /** {@code dir}, created (with its parents) if missing, traversable by its owner only. */
  public static Path ensure(Path dir) throws IOException {
    Path key = dir.toAbsolutePath().normalize();
    if (CHECKED.contains(key) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return dir;
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.toAbsolutePath().getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (FileAlreadyExistsException raced) {
        // another process made it: tightened below
      }
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
    if (!OWNER_ONLY.containsAll(mode)) {
      mode.retainAll(OWNER_ONLY);
      Files.setPosixFilePermissions(dir, mode);
    }
    CHECKED.add(key);
    return dir;
  }
}
