package dev.hoist.internal.cache.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file writes: content goes to a temporary file in the target's directory, is
 * fsynced, then renamed over the target, and the directory is fsynced. A reader sees the old
 * file or the new one, never a partial one, whatever moment the writer dies.
 */
public final class AtomicFiles {
  /** Temporary files start with this, so that listings and garbage collection can skip them. */
  public static final String TEMP_PREFIX = ".tmp-";

  private AtomicFiles() {}

  /** A fresh temporary path in the same directory as {@code target} ({@link TempFiles}). */
  public static Path tempBeside(Path target) {
    return target.resolveSibling(TempFiles.nameFor(target.getFileName().toString()));
  }

  /** Writes {@code content} to {@code target} atomically, replacing it if present. */
  public static void write(Path target, byte[] content) throws IOException {
    write(target, content, PosixFilePermissions.fromString("rw-r--r--"));
  }

  /**
   * As {@link #write(Path, byte[])}, the file created with {@code permissions} (less the umask)
   * from the start.
   */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    Files.createDirectories(target.getParent());
    write(target, content, permissions, true);
  }

  /**
   * As {@link #write(Path, byte[], Set)}, atomic but not synced (nor the directory made): for
   * records a crash makes stale anyway, such as the state of a container's run (its processes
   * end with the machine), where two fsyncs would cost more than the rest of the write. After a
   * crash the file is the old one or the new one (rename is atomic), or, on a filesystem that
   * does not order the data before the rename, possibly empty.
   */
  public static void writeUnsynced(Path target, byte[] content,
      Set<PosixFilePermission> permissions) throws IOException {
    write(target, content, permissions, false);
  }

  private static void write(Path target, byte[] content, Set<PosixFilePermission> permissions,
      boolean sync) throws IOException {
    Path temp = tempBeside(target);
    try {
      try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(permissions));
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        out.write(content);
        out.flush();
        if (sync) {
          channel.force(true);
        }
      }
      if (sync) {
        moveReplacing(temp, target);
      } else {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Writes a stream's worth of content to the stream it is given. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes a file the user named ({@code save -o}, {@code build -o type=oci,dest=}): through
   * symlinks to what they name; atomically (a temporary file beside it, renamed over it) when
   * that is a regular file or nothing yet; straight into it when it is something else, such as
   * {@code /dev/null}, a FIFO or a terminal, which a rename would replace with a regular file.
   * A failed write leaves no temporary file.
   */
  public static void writeOutput(Path target, Body body) throws IOException {
    Path real = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
    if (Files.isDirectory(real)) {
      throw new IOException(target + " is a directory");
    }
    if (Files.exists(real) && !Files.isRegularFile(real)) {
      try (OutputStream out = new java.io.BufferedOutputStream(
          Files.newOutputStream(real, StandardOpenOption.WRITE), 1 << 16)) {
        body.writeTo(out);
      }
      return;
    }
    // what an earlier write to the same file left when it was killed
    TempFiles.removeAbandoned(real.getParent(), real.getFileName().toString());
    Path temp = tempBeside(real);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
          OutputStream out = new java.io.BufferedOutputStream(
              java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
        body.writeTo(out);
        out.flush();
        channel.force(true);
      }
      moveReplacing(temp, real);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Renames {@code temp} to {@code target} atomically (replacing it), then syncs the directory. */
  public static void moveReplacing(Path temp, Path target) throws IOException {
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(target.getParent());
  }

  /**
   * Renames {@code temp} to {@code target} unless {@code target} exists; returns false (and
   * leaves {@code temp} for the caller to delete) when it does. For content-addressed files,
   * where an existing target already holds the same bytes.
   */
  public static boolean moveIfAbsent(Path temp, Path target) throws IOException {
    if (Files.exists(target)) {
      return false;
    }
    try {
      // rename(2) replaces atomically; a concurrent writer of the same content is harmless
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename atomically within " + target.getParent()
          + ": is it on a filesystem without rename support?", e);
    }
    syncDirectory(target.getParent());
    return true;
  }

  /** fsync on a directory, so that a rename in it survives a crash. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some filesystems refuse to sync directories; the rename itself is still atomic
    }
  }
}
