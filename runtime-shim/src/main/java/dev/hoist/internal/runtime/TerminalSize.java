package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A terminal's size, and how a running shim is told to give it to the pty it holds (a detached
 * container's, an exec's: the Engine API's {@code resize}). The shim of a container or exec
 * with a terminal gets {@code winsize-dir=DIR} (the container's directory); to resize, the file
 * {@code DIR/winsize.PID} (PID: the shim's) is written with {@code "ROWS COLS"}, atomically,
 * then the shim gets SIGWINCH, on which it reads that file and sets the size on its pty's
 * master (TIOCSWINSZ: the kernel then signals the terminal's foreground process group). The
 * shim reads the file when it starts, too, and removes it when it ends. See
 * docs/runtime-shim.md.
 *
 * @param rows lines, 1 to 65535
 * @param cols columns, 1 to 65535
 */
public record TerminalSize(int rows, int cols) {
  /** The shim's configuration key naming the directory of the size files. */
  static final String CONFIG_KEY = "winsize-dir";

  public TerminalSize {
    if (rows < 1 || rows > 65535 || cols < 1 || cols > 65535) {
      throw new IllegalArgumentException("a terminal size is 1 to 65535 rows and columns, not "
          + rows + "x" + cols);
    }
  }

  /** The size file of the shim with host PID {@code pid} whose config names {@code dir}. */
  static Path file(Path dir, long pid) {
    return dir.resolve("winsize." + pid);
  }

  /**
   * Gives this size to the terminal of the shim {@code shim}, started with {@code winsize-dir}
   * {@code dir}; false when that process is gone.
   */
  boolean applyTo(Path dir, HostProcess shim) throws IOException {
    if (!shim.isAlive()) {
      return false;
    }
    Path file = file(dir, shim.pid());
    AtomicFiles.writeUnsynced(file,
        (rows + " " + cols + "\n").getBytes(StandardCharsets.US_ASCII),
        PosixFilePermissions.fromString("rw-r--r--"));
    if (!shim.signal("WINCH")) {
      Files.deleteIfExists(file); // it ended meanwhile: nobody removes the file else
      return false;
    }
    return true;
  }
}
