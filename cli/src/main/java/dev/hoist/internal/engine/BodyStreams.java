package dev.hoist.internal.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A request body's two framings (a length, chunked) and a chunked response body. */
final class BodyStreams {
  private BodyStreams() {}

  /** An input stream that reads a byte as a block of one. */
  abstract static class BlockInput extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
  }

  /** The next {@code length} bytes of {@code in}, then its end. */
  static InputStream limited(InputStream in, long length) {
    return new BlockInput() {
      long left = length;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
          throw new IOException("request body ended " + left + " bytes early");
        }
        left -= n;
        return n;
      }
    };
  }

  /** A chunked body of {@code in}, decoded, ending at its last chunk (trailers read). */
  static InputStream chunked(InputStream in) {
    return new BlockInput() {
      long left = 0;
      boolean done;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
          return -1;
        }
        if (left == 0) {
          String size = HttpRequest.readLine(in);
          if (size == null) {
            throw new IOException("chunked body ended early");
          }
          int semi = size.indexOf(';');
          try {
            left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
          } catch (NumberFormatException e) {
            throw new IOException("bad chunk size: " + size);
          }
          if (left == 0) {
            for (String t = HttpRequest.readLine(in); t != null && !t.isEmpty();
                t = HttpRequest.readLine(in)) {
              // trailers: none used
            }
            done = true;
            return -1;
          }
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
          throw new IOException("chunked body ended early");
        }
        left -= n;
        if (left == 0) {
          HttpRequest.readLine(in); // the chunk's CRLF
        }
        return n;
      }
    };
  }

  /** Writes each flush as one chunk; {@link OutputStream#close()} writes the last chunk. */
  static OutputStream chunkedOut(OutputStream out) {
    return new OutputStream() {
      private final byte[] buffer = new byte[8192];
      private int used;
      private boolean closed;

      @Override
      public synchronized void write(int b) throws IOException {
        if (used == buffer.length) {
          flush();
        }
        buffer[used++] = (byte) b;
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len > buffer.length - used) {
          flush();
        }
        if (len > buffer.length) {
          chunk(b, off, len);
          return;
        }
        System.arraycopy(b, off, buffer, used, len);
        used += len;
      }

      @Override
      public synchronized void flush() throws IOException {
        if (used > 0) {
          chunk(buffer, 0, used);
          used = 0;
        }
        out.flush();
      }

      private void chunk(byte[] b, int off, int len) throws IOException {
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b, off, len);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }

      @Override
      public synchronized void close() throws IOException {
        if (!closed) {
          closed = true;
          flush();
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      }
    };
  }
}
