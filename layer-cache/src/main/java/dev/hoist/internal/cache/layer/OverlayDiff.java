package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The layer an overlayfs upper directory stands for: what a container changed on top of its
 * lower directories. The upper directory holds exactly the changed files, so reading it costs
 * time in proportion to the change, never to the image. overlayfs's own markers become OCI
 * whiteouts: a 0/0 character device (a deleted file or directory) becomes {@code .wh.NAME}, and
 * a directory with {@code trusted.overlay.opaque=y} (its lower content hidden, as after
 * {@code rm -rf d && mkdir d}) gets a {@code .wh..wh..opq} entry.
 *
 * <p>The opaque markers are {@code trusted.*} xattrs, which the JDK cannot read: they are read
 * with one {@code getfattr -R} over the upper directory (package {@code attr}). Without getfattr
 * opaque directories are written as plain directories (their lower content then shows through).
 */
public final class OverlayDiff {
  private OverlayDiff() {}

  /** The entries of the layer, with whiteouts, in the form {@link LayerWriter#write} takes. */
  public static List<LayerEntry> entries(Path upper) throws IOException {
    List<LayerEntry> scanned = LayerWriter.scan(upper, true);
    Set<String> opaque = opaqueDirectories(upper);
    List<LayerEntry> out = new ArrayList<>(scanned.size() + opaque.size());
    for (LayerEntry e : scanned) {
      if (e.type() == LayerEntry.Type.CHAR_DEVICE && e.devMajor() == 0 && e.devMinor() == 0) {
        out.add(LayerEntry.whiteout(e.path()));
        continue;
      }
      out.add(e);
      if (e.type() == LayerEntry.Type.DIRECTORY && opaque.contains(e.path())) {
        out.add(LayerEntry.opaqueWhiteout(e.path()));
      }
    }
    return out;
  }

  /** Directories (relative to {@code upper}) marked opaque by overlayfs. */
  static Set<String> opaqueDirectories(Path upper) throws IOException {
    Set<String> result = new HashSet<>();
    if (!Commands.available("getfattr")) {
      return result;
    }
    Path root = upper.toAbsolutePath().normalize();
    Process p = new ProcessBuilder("getfattr", "-R", "-P", "--absolute-names", "-e", "text",
        "-n", "trusted.overlay.opaque", root.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    byte[] output = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("getfattr did not finish on " + root);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted reading overlay markers of " + root, e);
    }
    String prefix = RawNames.name(root) + "/";
    String file = null;
    int start = 0;
    for (int i = 0; i <= output.length; i++) {
      if (i < output.length && output[i] != '\n') {
        continue;
      }
      String line = new String(output, start, i - start, StandardCharsets.ISO_8859_1);
      start = i + 1;
      if (line.startsWith(FILE_LINE)) {
        file = unquote(line.substring(FILE_LINE.length()));
      } else if (file != null && line.equals("trusted.overlay.opaque=\"y\"")
          && file.startsWith(prefix)) {
        result.add(file.substring(prefix.length()));
      }
    }
    return result;
  }

  private static final String FILE_LINE = "# file: ";

  /**
   * A file name as getfattr prints it (bytes as they are, read here as ISO-8859-1, but control
   * characters and backslashes as {@code \ooo}), as a {@link RawNames} String.
   */
  static String unquote(String printed) {
    byte[] bytes = new byte[printed.length()];
    int n = 0;
    for (int i = 0; i < printed.length(); i++) {
      char c = printed.charAt(i);
      if (c == '\\' && isOctal(printed, i + 1)) {
        bytes[n++] = (byte) Integer.parseInt(printed, i + 1, i + 4, 8);
        i += 3;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    return RawNames.decode(bytes, 0, n);
  }

  private static boolean isOctal(String s, int from) {
    for (int i = from; i < from + 3; i++) {
      if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
