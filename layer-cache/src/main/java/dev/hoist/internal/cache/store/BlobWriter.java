package dev.hoist.internal.cache.store;

import dev.hoist.cache.model.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Streams one blob into the store: bytes go to a temporary file in the blob's directory while
 * their digest is computed; {@link #commit} checks the digest (and size), fsyncs and renames the
 * file to its digest. Closing without committing discards everything. Two processes writing the
 * same blob at once both succeed: each writes its own temporary file and the rename is atomic.
 */
public final class BlobWriter extends OutputStream {
  private final ContentStore store;
  private final String algorithm;
  private final Digest expected;
  private final long expectedSize;
  private final Path temp;
  private final FileChannel channel;
  private final MessageDigest md;
  /** Direct, so the channel writes it as it is (a heap buffer is first copied to one). */
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 18);
  private long written;
  private boolean finished;

  BlobWriter(ContentStore store, Path dir, String algorithm, Digest expected, long expectedSize)
      throws IOException {
    this.store = store;
    this.algorithm = algorithm;
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.temp = dir.resolve(TempFiles.name());
    this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    this.md = Digest.newMessageDigest(algorithm);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("blob writer already closed");
    }
    md.update(b, off, len);
    written += len;
    if (expectedSize >= 0 && written > expectedSize) {
      throw new DigestMismatchException("content is longer than the " + expectedSize
          + " bytes announced for " + expected);
    }
    while (len > 0) {
      int n = Math.min(len, buffer.remaining());
      buffer.put(b, off, n);
      off += n;
      len -= n;
      if (!buffer.hasRemaining()) {
        drain();
      }
    }
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  /** Bytes written so far. */
  public long size() {
    return written;
  }

  /**
   * The digest of what was written so far (the running hash is copied, not finished): what a
   * writer that also needs the digest before {@link #commit} (the layer writer) reads instead of
   * hashing the same bytes a second time.
   */
  public Digest digestSoFar() {
    try {
      return Digest.of(algorithm, ((MessageDigest) md.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's " + algorithm + " cannot be copied", e);
    }
  }

  /**
   * Verifies and stores the blob, returning its digest. On a mismatch nothing is stored and a
   * {@link DigestMismatchException} says what was expected and what arrived.
   */
  public Digest commit() throws IOException {
    if (finished) {
      throw new IOException("blob writer already closed");
    }
    finished = true;
    try {
      drain();
      Digest actual = Digest.of(algorithm, md.digest());
      if (expected != null && !expected.equals(actual)) {
        throw DigestMismatchException.of(expected, actual);
      }
      if (expectedSize >= 0 && written != expectedSize) {
        throw new DigestMismatchException("content of " + actual + " has " + written
            + " bytes, but " + expectedSize + " were announced; nothing was stored");
      }
      channel.force(true);
      channel.close();
      AtomicFiles.moveIfAbsent(temp, store.path(actual));
      return actual;
    } finally {
      channel.close();
      Files.deleteIfExists(temp);
    }
  }

  /** Discards the blob unless it was committed. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      channel.close();
      Files.deleteIfExists(temp);
    }
  }
}
