package dev.hoist.cache.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pipe between two threads of this process that hands over whole chunks of 1 MiB through a
 * bounded queue (8 in flight): through an OS pipe (64 KiB) a fast writer and a fast reader wait
 * on each other every 64 KiB. Closing the sink ends the reader's stream; closing the source makes
 * the writer's next write fail, so a writer never waits for a reader that has stopped.
 */
final class ChunkPipe {
  private static final int CHUNK = 1 << 20;
  private static final int IN_FLIGHT = 8;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(IN_FLIGHT);
  private volatile boolean readerClosed;

  OutputStream sink() {
    return new OutputStream() {
      private byte[] chunk = new byte[CHUNK];
      private int filled;
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
          throw new IOException("pipe already closed");
        }
        while (len > 0) {
          int n = Math.min(len, CHUNK - filled);
          System.arraycopy(b, off, chunk, filled, n);
          filled += n;
          off += n;
          len -= n;
          if (filled == CHUNK) {
            put(chunk);
            chunk = new byte[CHUNK];
            filled = 0;
          }
        }
      }

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        if (filled > 0) {
          put(java.util.Arrays.copyOf(chunk, filled));
        }
        chunk = null;
        put(END);
      }
    };
  }

  private void put(byte[] chunk) throws IOException {
    try {
      while (!readerClosed) {
        if (chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing to a pipe");
    }
    throw new IOException("the pipe's reader has stopped");
  }

  InputStream source() {
    return new InputStream() {
      private byte[] current = new byte[0];
      private int position;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (position == current.length) {
          if (ended) {
            return -1;
          }
          try {
            current = chunks.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading from a pipe");
          }
          position = 0;
          ended = current == END;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
      }

      @Override
      public void close() {
        readerClosed = true;
        chunks.clear();
      }
    };
  }
}
