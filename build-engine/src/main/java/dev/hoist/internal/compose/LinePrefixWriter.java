package dev.hoist.internal.compose;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes to {@code out} with {@code prefix} before every line, a whole line at a time under
 * {@code out}'s lock, so that several containers' writers on one {@code out} never mix within
 * a line; with {@code flushEachLine} (a followed log) each line is flushed as it is written,
 * else only on {@link #close}, which writes what is left of a last line and flushes, not
 * closes.
 */
final class LinePrefixWriter extends Writer {
  private final Writer out;
  private final String prefix;
  private final boolean flushEachLine;
  private final StringBuilder line = new StringBuilder();

  LinePrefixWriter(Writer out, String prefix, boolean flushEachLine) {
    this.out = out;
    this.prefix = prefix;
    this.flushEachLine = flushEachLine;
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      line.append(buf[i]);
      if (buf[i] == '\n') {
        emit();
      }
    }
  }

  private void emit() throws IOException {
    synchronized (out) {
      out.write(prefix);
      out.write(line.toString());
      if (flushEachLine) {
        out.flush();
      }
    }
    line.setLength(0);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (line.length() > 0) {
      line.append('\n');
      emit();
    }
    out.flush();
  }
}
