package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pipe between two threads of this process that hands over whole chunks through a bounded
 * queue: through an OS pipe (64 KiB) a fast writer and a fast reader wait on each other every
 * 64 KiB. Closing the sink ends the reader's stream ({@link Sink#fail} ends it with an error,
 * thrown once the chunks before it are read); closing the source makes the writer's next write
 * fail, so a writer never waits for a reader that has stopped. One writer thread, one reader.
 */
public final class ChunkPipe {
  private static final byte[] END = new byte[0];

  private final int chunkSize;
  private final BlockingQueue<byte[]> chunks;
  private volatile boolean readerClosed;
  private volatile IOException failure;

  /** 1 MiB chunks, 8 in flight. */
  public ChunkPipe() {
    this(1 << 20, 8);
  }

  public ChunkPipe(int chunkSize, int inFlight) {
    this.chunkSize = chunkSize;
    this.chunks = new ArrayBlockingQueue<>(inFlight);
  }

  /** The writing end. */
  public final class Sink extends OutputStream {
    private byte[] chunk = new byte[chunkSize];
    private int filled;
    private boolean closed;

    private Sink() {}

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
        int n = Math.min(len, chunkSize - filled);
        System.arraycopy(b, off, chunk, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == chunkSize) {
          put(chunk);
          chunk = new byte[chunkSize];
          filled = 0;
        }
      }
    }

    /** Ends the stream: what was written, then end of stream. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (filled > 0) {
        put(Arrays.copyOf(chunk, filled));
      }
      chunk = null;
      put(END);
    }

    /**
     * Ends the stream with {@code error}: the reader gets what was written, then the error.
     * Quiet when the reader has stopped already.
     */
    public void fail(IOException error) {
      closed = true;
      chunk = null;
      failure = error;
      try {
        put(END);
      } catch (IOException readerGone) {
        // nobody is left to tell
      }
    }
  }

  public Sink sink() {
    return new Sink();
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

  /** The reading end; closing it stops the writer. */
  public InputStream source() {
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
            if (failure != null) {
              throw failure;
            }
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
