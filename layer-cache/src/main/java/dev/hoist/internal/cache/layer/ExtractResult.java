package dev.hoist.internal.cache.layer;

import dev.hoist.cache.model.Digest;
import java.util.List;

/**
 * What applying one layer did.
 *
 * @param diffId sha256 of the whole uncompressed tar stream, as the image config's
 *     {@code rootfs.diff_ids} lists it
 * @param tarSize length of the uncompressed tar stream in bytes
 * @param entriesWritten filesystem objects created or merged (directories, files, links,
 *     devices, FIFOs); whiteouts and skipped entries are not counted
 * @param bytesWritten regular-file content bytes written
 * @param whiteoutsApplied whiteout entries ({@code .wh.NAME} and opaque markers) processed
 * @param warnings things skipped or not applied, one line each (devices when unprivileged,
 *     xattrs the filesystem refused, unsupported entry types)
 */
public record ExtractResult(
    Digest diffId,
    long tarSize,
    long entriesWritten,
    long bytesWritten,
    long whiteoutsApplied,
    List<String> warnings) {

  public ExtractResult {
    warnings = List.copyOf(warnings);
  }
}
