package dev.hoist.internal.cache.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes the entries of an image archive: plain files, fixed times, root ownership. */
final class TarOut implements AutoCloseable {
  private static final java.util.Date EPOCH = new java.util.Date(0);

  private final TarArchiveOutputStream tar;

  TarOut(OutputStream out) {
    this.tar = new TarArchiveOutputStream(out, 1 << 16);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  void directory(String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    entry.setModTime(EPOCH);
    entry.setMode(0755 | 040000);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  void file(String name, byte[] content) throws IOException {
    file(name, content.length, new java.io.ByteArrayInputStream(content));
  }

  void file(String name, String content) throws IOException {
    file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  void file(String name, long size, InputStream content) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    entry.setModTime(EPOCH);
    entry.setMode(0644 | 0100000);
    tar.putArchiveEntry(entry);
    long copied = content.transferTo(tar);
    if (copied != size) {
      throw new IOException("archive entry " + name + ": expected " + size + " bytes, read "
          + copied);
    }
    tar.closeArchiveEntry();
  }

  @Override
  public void close() throws IOException {
    tar.finish();
    tar.flush();
  }
}
