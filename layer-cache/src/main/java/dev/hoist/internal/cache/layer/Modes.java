package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** Unix permission bits: as Java's permission sets, and the process's umask. */
final class Modes {
  private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ};

  private Modes() {}

  /** The permission set of the low nine bits of a mode. */
  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(BITS[i]);
      }
    }
    return set;
  }

  /**
   * The umask this process creates files with, found by creating a probe file with mode 0777 in
   * {@code dir}; 0777 (everything masked, so callers always chmod) if that fails.
   */
  static int umask(Path dir) {
    Path probe = dir.resolve(".hoist-umask-" + UUID.randomUUID());
    try {
      Files.createFile(probe, PosixFilePermissions.asFileAttribute(permissions(0777)));
      int mode = (Integer) Files.getAttribute(probe, "unix:mode") & 0777;
      return 0777 & ~mode;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return 0777;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // a stray probe file; harmless
      }
    }
  }
}
