package dev.hoist.internal.cache.layer;

import dev.hoist.cache.model.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies an OCI layer (a tar, plain or compressed with gzip or zstd, recognised from its first
 * bytes) onto a directory holding the lower layers, streaming: memory does not grow with the
 * layer's size, only (a little) with its number of entries.
 *
 * <p>Whiteouts ({@code .wh.NAME}, {@code .wh..wh..opq}) remove lower content and are never
 * written themselves; they never remove what this same layer writes, wherever they sit in the
 * archive. Regular files, directories, symlinks (targets kept as written), hard links, FIFOs and
 * (when {@linkplain ExtractOptions#createDevices allowed}) device nodes are created with their
 * mode, including setuid/setgid/sticky, mtime, xattrs from PAX headers and, when
 * {@linkplain ExtractOptions#preserveOwnership allowed}, numeric uid and gid.
 *
 * <p>Nothing is ever written outside the target, whatever the archive says:
 *
 * <ul>
 *   <li>absolute names are taken relative to the target ({@code /a/b} is {@code a/b}), as
 *       containerd and GNU tar do;
 *   <li>a name or hard-link target whose {@code ..} climbs above the target is refused;
 *   <li>symlinks may point anywhere, but every path is resolved as if the target were
 *       {@code /} (chroot-style), so an entry {@code evil/x} below a symlink
 *       {@code evil -> /etc} lands in {@code target/etc/x};
 *   <li>a non-directory never replaces an existing directory (only a whiteout removes one), so a
 *       directory cannot be swapped for a symlink mid-archive;
 *   <li>an entry naming the target itself is refused unless it is a directory, which is ignored;
 *   <li>device nodes are skipped with a warning when not allowed.
 * </ul>
 *
 * Refusals are {@link LayerException}s naming the entry; the target is then left partly
 * extracted, as with tar.
 */
public final class LayerExtractor {
  private final ExtractOptions options;

  /** An extractor with the privileges of the current user ({@link ExtractOptions#forCurrentUser}). */
  public LayerExtractor() {
    this(ExtractOptions.forCurrentUser());
  }

  /** An extractor doing what {@code options} allow. */
  public LayerExtractor(ExtractOptions options) {
    this.options = options;
  }

  /**
   * Applies the layer read from {@code layer} (which is read to its end but not closed) onto
   * the existing directory {@code target}.
   *
   * @return counts, warnings and the layer's diffID (sha256 of the uncompressed tar)
   * @throws LayerException for an entry that cannot be applied safely
   * @throws IOException for a corrupt archive or a filesystem failure
   */
  public ExtractResult extract(InputStream layer, Path target) throws IOException {
    LayerApplication application = new LayerApplication(options, target);
    InputStream unclosable = new FilterInputStream(layer) {
      @Override
      public void close() {
        // the caller's stream; closing the decompressor only frees its own resources
      }
    };
    // decompression and hashing run on a read-ahead thread, file writing on this one
    DigestingInputStream tar = new DigestingInputStream(
        Compression.decompressed(unclosable), Digest.newMessageDigest("sha256"));
    try (ReadAheadInputStream ahead = new ReadAheadInputStream(tar, "hoist-layer-read-ahead");
        TarArchiveInputStream entries = new RawNameTarInputStream(ahead)) {
      TarArchiveEntry entry;
      while ((entry = entries.getNextEntry()) != null) {
        application.apply(entry, entries);
      }
      // zero blocks after the end-of-archive marker are part of the diffID
      ahead.transferTo(OutputStream.nullOutputStream());
      application.finish();
      // the read-ahead thread finished with the stream before handing over its end
      return new ExtractResult(Digest.of("sha256", tar.sum()), tar.count(),
          application.entries(), application.bytes(), application.whiteouts(),
          application.warnings());
    } finally {
      tar.close();
    }
  }

  /** Applies the layer in the file {@code layer} onto {@code target}. */
  public ExtractResult extract(Path layer, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(layer)) {
      return extract(in, target);
    }
  }
}
