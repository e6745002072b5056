package dev.hoist.cache.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads its source on a thread of its own, a few chunks ahead of the reader, as
 * {@code gzip -dc | tar -x} splits the work between two processes: decompressing and hashing a
 * layer run beside the writing of its files. Memory is bounded by the chunks in flight. An
 * error of the source surfaces on the reader's next read; closing stops the thread.
 */
final class ReadAheadInputStream extends InputStream {
  private static final int CHUNK = 256 << 10;
  private static final int CHUNKS_IN_FLIGHT = 8;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
  private final Thread reader;
  private volatile IOException failure;
  private volatile boolean closed;
  private byte[] current = new byte[0];
  private int position;
  private int limit;
  private boolean ended;

  ReadAheadInputStream(InputStream source, String name) {
    this.reader = new Thread(() -> pump(source), name);
    reader.setDaemon(true);
    reader.start();
  }

  private void pump(InputStream source) {
    try {
      while (!closed) {
        byte[] chunk = new byte[CHUNK];
        int filled = source.readNBytes(chunk, 0, CHUNK);
        if (filled > 0) {
          put(filled == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, filled));
        }
        if (filled < CHUNK) {
          break;
        }
      }
    } catch (IOException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new IOException(e);
    } finally {
      try {
        put(END);
      } catch (InterruptedIOException ignored) {
        // closed meanwhile
      }
    }
  }

  private void put(byte[] chunk) throws InterruptedIOException {
    try {
      while (!closed && !chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        // wait for the reader, or for close()
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("read-ahead interrupted");
    }
  }

  private boolean fill() throws IOException {
    if (ended) {
      return false;
    }
    byte[] next;
    try {
      next = chunks.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading a layer");
    }
    if (next == END) {
      ended = true;
      if (failure != null) {
        throw failure;
      }
      return false;
    }
    current = next;
    position = 0;
    limit = next.length;
    return true;
  }

  @Override
  public int read() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return current[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (position == limit && !fill()) {
      return -1;
    }
    int n = Math.min(len, limit - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public void close() {
    closed = true;
    chunks.clear();
    reader.interrupt();
  }
}
