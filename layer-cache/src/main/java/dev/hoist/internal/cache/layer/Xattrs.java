package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Extended attributes from PAX {@code SCHILY.xattr.*} records. {@code user.*} attributes are set
 * through the JDK; {@code trusted.*} and {@code security.capability} need {@code setfattr} (the
 * JDK only reaches the user namespace) and root. Other namespaces (SELinux labels, ACLs) are not
 * applied, nor overlayfs's own {@code trusted.overlay.*} (an opaque mark, a redirect or a metacopy
 * from a layer would change what the other layers show; whiteouts and opaque directories come
 * from the OCI markers only). Every failure is a warning, never an error, as filesystems differ
 * in what they take.
 *
 * <p>Commons Compress decodes PAX values as UTF-8, so a binary value that is not valid UTF-8
 * arrives mangled; such values are skipped with a warning rather than written wrong.
 */
final class Xattrs {
  static final String PAX_PREFIX = "SCHILY.xattr.";
  static final String OVERLAY_PREFIX = "trusted.overlay.";

  private final Consumer<String> warn;

  Xattrs(Consumer<String> warn) {
    this.warn = warn;
  }

  /** The xattrs in an entry's PAX headers, name to value. */
  static Map<String, String> fromPax(Map<String, String> paxHeaders) {
    Map<String, String> xattrs = new LinkedHashMap<>();
    paxHeaders.forEach((key, value) -> {
      if (key.startsWith(PAX_PREFIX)) {
        xattrs.put(key.substring(PAX_PREFIX.length()), value);
      }
    });
    return xattrs;
  }

  /** Applies {@code xattrs} to {@code path} itself (never through a symlink). */
  void apply(String entryName, Path path, Map<String, String> xattrs, boolean symlink) {
    xattrs.forEach((name, value) -> {
      if (value.indexOf('\uFFFD') >= 0) {
        warn.accept(entryName + ": xattr " + name + " has a value that is not valid UTF-8 "
            + "and cannot be restored exactly; skipped");
        return;
      }
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      try {
        if (name.startsWith("user.")) {
          if (!symlink) { // Linux allows no user.* xattrs on symlinks
            setUser(path, name.substring("user.".length()), bytes);
          }
        } else if (name.startsWith(OVERLAY_PREFIX)) {
          warn.accept(entryName + ": xattr " + name + " is not applied (overlayfs's own)");
        } else if (name.startsWith("trusted.") || name.equals("security.capability")) {
          setPrivileged(entryName, path, name, bytes);
        } else {
          warn.accept(entryName + ": xattr " + name + " is not applied (unsupported namespace)");
        }
      } catch (IOException | UnsupportedOperationException e) {
        warn.accept(entryName + ": xattr " + name + " not applied: " + e.getMessage());
      }
    });
  }

  /** Marks a directory opaque for overlayfs ({@code trusted.overlay.opaque=y}; needs root). */
  static void setOverlayOpaque(Path dir) throws IOException {
    Commands.run(List.of("setfattr", "--no-dereference", "-n", "trusted.overlay.opaque",
        "-v", "y"), dir, List.of());
  }

  private static void setUser(Path path, String name, byte[] value) throws IOException {
    UserDefinedFileAttributeView view = Files.getFileAttributeView(path,
        UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      throw new UnsupportedOperationException("the filesystem has no user xattrs");
    }
    view.write(name, ByteBuffer.wrap(value));
  }

  private void setPrivileged(String entryName, Path path, String name, byte[] value)
      throws IOException {
    if (!Commands.available("setfattr")) {
      warn.accept(entryName + ": xattr " + name + " not applied: setfattr is not installed");
      return;
    }
    Commands.run(List.of("setfattr", "--no-dereference", "-n", name,
        "-v", "0x" + HexFormat.of().formatHex(value)), path, List.of());
  }
}
