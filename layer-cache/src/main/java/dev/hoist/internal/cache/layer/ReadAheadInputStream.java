package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads its source on a thread of its own, a few chunks ahead of the reader, as
 * {@code gzip -dc | tar -x} splits the work between two processes: decompressing and hashing a
 * layer run beside the writing of its files. The chunks go through a {@link ChunkPipe}, so
 * memory is bounded by the chunks in flight. An error of the source surfaces on the reader's
 * read after the data before it; closing stops the thread.
 */
final class ReadAheadInputStream extends InputStream {
  private static final int CHUNK = 256 << 10;
  private static final int CHUNKS_IN_FLIGHT = 8;

  private final InputStream chunks;
  private final Thread reader;

  ReadAheadInputStream(InputStream source, String name) {
    ChunkPipe pipe = new ChunkPipe(CHUNK, CHUNKS_IN_FLIGHT);
    this.chunks = pipe.source();
    ChunkPipe.Sink sink = pipe.sink();
    this.reader = new Thread(() -> pump(source, sink), name);
    reader.setDaemon(true);
    reader.start();
  }

  private static void pump(InputStream source, ChunkPipe.Sink sink) {
    byte[] buffer = new byte[CHUNK];
    try {
      int n;
      while ((n = source.readNBytes(buffer, 0, CHUNK)) > 0) {
        sink.write(buffer, 0, n);
        if (n < CHUNK) {
          break;
        }
      }
      sink.close();
    } catch (IOException e) {
      sink.fail(e);
    } catch (RuntimeException e) {
      sink.fail(new IOException(e));
    }
  }

  @Override
  public int read() throws IOException {
    return chunks.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return chunks.read(b, off, len);
  }

  @Override
  public void close() throws IOException {
    chunks.close();
    reader.interrupt();
  }
}
