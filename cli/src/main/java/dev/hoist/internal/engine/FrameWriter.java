package dev.hoist.internal.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * One of a container's streams written to a connection as Docker writes it: with no TTY each
 * write is a frame of the multiplexed stream ({@code [stream, 0, 0, 0, size (4 bytes, big
 * endian)]} then the bytes; stream 1 stdout, 2 stderr); with a TTY the bytes alone. Writers of
 * both streams share the connection's stream and lock on it.
 */
final class FrameWriter extends Writer {
  static final int STDOUT = 1;
  static final int STDERR = 2;

  private final OutputStream out;
  private final int stream;
  private final boolean raw;

  FrameWriter(OutputStream out, int stream, boolean raw) {
    super(out);
    this.out = out;
    this.stream = stream;
    this.raw = raw;
  }

  /** A writer that drops what it is given (a stream the client did not ask for). */
  static Writer discard() {
    return Writer.nullWriter();
  }

  @Override
  public void write(char[] chars, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    byte[] bytes = new String(chars, off, len).getBytes(StandardCharsets.UTF_8);
    if (raw) {
      synchronized (out) {
        out.write(bytes);
      }
    } else {
      frame(out, stream, bytes, bytes.length);
    }
  }

  /** Writes the first {@code length} bytes of {@code bytes} as one frame of {@code stream}. */
  static void frame(OutputStream out, int stream, byte[] bytes, int length) throws IOException {
    synchronized (out) {
      out.write(new byte[] {(byte) stream, 0, 0, 0, (byte) (length >>> 24),
          (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
      out.write(bytes, 0, length);
      out.flush();
    }
  }

  @Override
  public void flush() throws IOException {
    synchronized (out) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
