package dev.hoist.internal.build;

import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.PrivateDirs;
import dev.hoist.internal.cache.store.Trees;
import dev.hoist.internal.runtime.Cgroups;
import dev.hoist.internal.runtime.Mounts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * The work directory of one build ({@code $HOIST_HOME/cache/tmp/<id>}: containers' upper
 * directories, mounted views, extracted archives), marked with its owner (pid and start time)
 * so that a later build can remove what a killed one left behind, unmounting what it had
 * mounted.
 */
final class WorkDirs {
  private static final String OWNER = ".owner";
  /** How deep under a work directory RUN containers' directories sit. */
  private static final int CONTAINER_DEPTH = 3;

  private WorkDirs() {}

  /** A new work directory under {@code parent}, which only its owner can traverse. */
  static Path create(Path parent) throws IOException {
    PrivateDirs.ensure(parent);
    Path dir = Files.createDirectory(parent.resolve(UUID.randomUUID().toString()));
    ProcessHandle self = ProcessHandle.current();
    // written whole under another name, then renamed: a build starting now (another platform
    // of a multi-platform build) read an owner file created but not yet written as a dead
    // build's and removed this directory under the running build (MultiPlatformBuildTest)
    AtomicFiles.writeUnsynced(dir.resolve(OWNER), (self.pid() + " "
        + self.info().startInstant().map(Instant::toString).orElse("?"))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    return dir;
  }

  /** Removes the work directories whose build process is gone. */
  static void removeAbandoned(Path parent) {
    if (!Files.isDirectory(parent)) {
      return;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent)) {
      for (Path dir : dirs) {
        if (!alive(dir)) {
          Mounts.unmountBelow(dir); // the views (RootView) a killed build left mounted
          removeCgroups(dir);
          Trees.delete(dir);
        }
      }
    } catch (IOException e) {
      // best effort: another build may be removing the same directory
    }
  }

  /**
   * Removes the cgroups of the RUN containers a killed build left (their processes died with
   * it: the shim's parent-death signal), found by the record each container directory keeps.
   */
  private static void removeCgroups(Path dir) {
    try (java.util.stream.Stream<Path> dirs = Files.walk(dir, CONTAINER_DEPTH)) {
      for (Path container : dirs.filter(d -> d.getFileName().toString().startsWith("build-")
          && Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
        try {
          Cgroups.of(container).remove();
        } catch (IOException e) {
          // still in use or already gone: left as it is
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // best effort, as the rest of the clean-up
    }
  }

  private static boolean alive(Path dir) throws IOException {
    Path owner = dir.resolve(OWNER);
    if (!Files.isRegularFile(owner)) {
      // no owner yet (being created) or from an older hoist: leave it for an hour
      return Files.getLastModifiedTime(dir).toInstant()
          .isAfter(Instant.now().minusSeconds(3600));
    }
    String[] parts = Files.readString(owner).trim().split(" ");
    try {
      long pid = Long.parseLong(parts[0]);
      return ProcessHandle.of(pid).map(p -> parts.length < 2 || parts[1].equals(
          p.info().startInstant().map(Instant::toString).orElse("?"))).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
