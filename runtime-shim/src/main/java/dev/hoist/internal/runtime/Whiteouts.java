package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Reading whiteouts of lower directories (as layer-cache's SnapshotStore writes them). */
final class Whiteouts {
  static final String PREFIX = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";

  private Whiteouts() {}

  /**
   * Whether overlayfs treats {@code dir} as opaque: {@code trusted.overlay.opaque=y} (read with
   * getfattr, from the attr package; without it only the OCI marker file is seen).
   */
  static boolean isOpaque(Path dir) throws IOException {
    if (Files.exists(dir.resolve(OPAQUE), LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    ProcessBuilder pb = new ProcessBuilder("getfattr", "--no-dereference", "--absolute-names",
        "--only-values", "-n", "trusted.overlay.opaque", dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return false; // getfattr is not installed
    }
    try {
      String value = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("getfattr did not finish on " + dir);
      }
      return p.exitValue() == 0 && value.trim().equals("y");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted reading xattrs of " + dir, e);
    }
  }
}
