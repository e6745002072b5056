package dev.hoist.internal.compose;

import java.io.IOException;
import java.io.Writer;

/** Writes to {@code out} with {@code prefix} before every line; closing flushes, not closes. */
final class LinePrefixWriter extends Writer {
  private final Writer out;
  private final String prefix;
  private boolean atLineStart = true;

  LinePrefixWriter(Writer out, String prefix) {
    this.out = out;
    this.prefix = prefix;
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      if (atLineStart) {
        out.write(prefix);
        atLineStart = false;
      }
      out.write(buf[i]);
      if (buf[i] == '\n') {
        atLineStart = true;
      }
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
