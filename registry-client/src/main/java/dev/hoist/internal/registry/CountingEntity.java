package dev.hoist.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * A request body of exactly {@code length} bytes read from a stream that the caller owns (it may
 * go on with the next chunk from the same stream), reporting progress as bytes are written.
 */
final class CountingEntity extends AbstractHttpEntity {
  private static final int BUFFER = 256 * 1024;
  private final InputStream in;
  private final long length;
  private final LongConsumer written;

  CountingEntity(InputStream in, long length, LongConsumer written) {
    super(ContentType.APPLICATION_OCTET_STREAM, null);
    this.in = in;
    this.length = length;
    this.written = written;
  }

  @Override
  public boolean isRepeatable() {
    return false;
  }

  @Override
  public long getContentLength() {
    return length;
  }

  @Override
  public InputStream getContent() {
    throw new UnsupportedOperationException("write-only entity");
  }

  @Override
  public boolean isStreaming() {
    return false;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, length))];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("the blob ended " + left + " bytes early");
      }
      out.write(buffer, 0, n);
      left -= n;
      written.accept(n);
    }
  }

  @Override
  public void close() {}
}
