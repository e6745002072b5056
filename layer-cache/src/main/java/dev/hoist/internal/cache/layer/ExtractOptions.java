package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the extractor may do beyond writing plain content.
 *
 * @param preserveOwnership apply each entry's numeric uid/gid (needs root); when false, files
 *     belong to the extracting user and the archive's owners are ignored
 * @param createDevices create character and block device nodes (needs root); when false they
 *     are skipped with a warning, as containerd does for unprivileged unpacking. FIFOs are always
 *     created.
 * @param overlayWhiteouts write whiteouts the way overlayfs reads them in a lower directory,
 *     instead of only applying them: {@code .wh.NAME} becomes a character device 0/0 named
 *     NAME, {@code .wh..wh..opq} the xattr {@code trusted.overlay.opaque=y} on its directory
 *     (both need root). For layer snapshots, each unpacked alone into its own directory.
 * @param keepKinds refuse an entry that would replace an existing directory with a
 *     non-directory or a non-directory with a directory (Docker's {@code noOverwriteDirNonDir}
 *     of {@code PUT /containers/{id}/archive}); otherwise the entry replaces what is there
 */
public record ExtractOptions(boolean preserveOwnership, boolean createDevices,
    boolean overlayWhiteouts, boolean keepKinds) {

  public ExtractOptions(boolean preserveOwnership, boolean createDevices) {
    this(preserveOwnership, createDevices, false, false);
  }

  public ExtractOptions(boolean preserveOwnership, boolean createDevices,
      boolean overlayWhiteouts) {
    this(preserveOwnership, createDevices, overlayWhiteouts, false);
  }

  /** These options, writing whiteouts as overlayfs reads them. */
  public ExtractOptions withOverlayWhiteouts() {
    return new ExtractOptions(preserveOwnership, createDevices, true, keepKinds);
  }

  /** These options, refusing to replace a directory by a non-directory or the reverse. */
  public ExtractOptions withKindsKept() {
    return new ExtractOptions(preserveOwnership, createDevices, overlayWhiteouts, true);
  }

  /** Everything root may do when running as root; otherwise neither. */
  public static ExtractOptions forCurrentUser() {
    boolean root = runningAsRoot();
    return new ExtractOptions(root, root);
  }

  /** Neither ownership nor devices, whoever runs the extraction. */
  public static ExtractOptions unprivileged() {
    return new ExtractOptions(false, false);
  }

  /** Whether this process's effective uid is 0 (the owner of {@code /proc/self}). */
  static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
