package dev.hoist.internal.runtime;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Appends to a container's log in the format {@code hoist-monitor} writes (Docker's json-file):
 * one {@code {"log":"text\n","stream":"stdout","time":"…"}} object per line, lines longer than
 * 16 KiB split as Docker splits them, invalid UTF-8 as U+FFFD, the same escapes as the monitor's
 * {@code log_line}, so that {@link ContainerLog} reads both alike. Each stream keeps its partial
 * line until its newline or its end; the records of what one read of a stream gave are written
 * whole with one {@code write(2)}, so a {@code hoist logs -f} elsewhere reads them as they
 * come and the two streams' records never interleave within a record. The
 * time of a record is when its chunk was read (as Docker's copier stamps it).
 */
public final class ContainerLogWriter implements Closeable {
  /** As Docker (and the monitor's LINE_MAX_BYTES): longer lines are split. */
  static final int LINE_MAX_BYTES = 16384;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final FileOutputStream file;
  private int open;

  private ContainerLogWriter(FileOutputStream file) {
    this.file = file;
  }

  /** Opens {@code log} for appending (created when missing). */
  public static ContainerLogWriter append(Path log) throws IOException {
    return new ContainerLogWriter(new FileOutputStream(log.toFile(), true));
  }

  /**
   * {@code in}, whose bytes are also logged as {@code stream} as they are read; its partial
   * last line is logged at its end or when it is closed.
   */
  public InputStream tee(String stream, InputStream in) {
    synchronized (this) {
      open++;
    }
    Lines lines = new Lines(stream);
    return new FilterInputStream(in) {
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          lines.add(b, off, n);
        } else if (n < 0) {
          end();
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          end();
        }
      }

      private void end() throws IOException {
        if (!ended) {
          ended = true;
          lines.end();
        }
      }
    };
  }

  /** Closes the file once every stream {@link #tee} gave has ended (now, when none was). */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (open > 0) {
        return;
      }
    }
    file.close();
  }

  private void streamEnded() throws IOException {
    boolean last;
    synchronized (this) {
      last = --open == 0;
    }
    if (last) {
      file.close();
    }
  }

  /**
   * One stream's line splitter, as the monitor's {@code pump}; the records of what one read
   * gave are encoded together and written with one write.
   */
  private final class Lines {
    private final byte[] name;
    private final byte[] buf = new byte[LINE_MAX_BYTES];
    private int len;
    private byte[] out = new byte[1 << 18];
    private int o;

    Lines(String stream) {
      this.name = stream.getBytes(StandardCharsets.US_ASCII);
    }

    void add(byte[] b, int off, int n) {
      byte[] suffix = suffix(now());
      int end = off + n;
      while (off < end) {
        int take = Math.min(end - off, buf.length - len);
        System.arraycopy(b, off, buf, len, take);
        off += take;
        int from = len;
        len += take;
        int start = 0;
        for (int i = from; i < len; i++) {
          if (buf[i] == '\n') {
            record(buf, start, i + 1 - start, suffix);
            start = i + 1;
          }
        }
        if (start == 0 && len == buf.length) {
          record(buf, 0, len, suffix);
          start = len;
        }
        System.arraycopy(buf, start, buf, 0, len - start);
        len -= start;
      }
      flush();
    }

    /** The end of this stream's records read at {@code time}: stream, time, closing brace. */
    private byte[] suffix(byte[] time) {
      byte[] s = new byte[STREAM.length + name.length + TIME_KEY.length + time.length
          + END.length];
      int at = 0;
      for (byte[] part : new byte[][] {STREAM, name, TIME_KEY, time, END}) {
        System.arraycopy(part, 0, s, at, part.length);
        at += part.length;
      }
      return s;
    }

    void end() throws IOException {
      try {
        if (len > 0) {
          record(buf, 0, len, suffix(now()));
          len = 0;
          flush();
        }
      } finally {
        streamEnded();
      }
    }

    private void flush() {
      if (o > 0) {
        writeRecords(out, o);
        o = 0;
      }
    }

    /** Encodes one record after those of this read. */
    private void record(byte[] text, int off, int n, byte[] suffix) {
      int need = n * 6 + suffix.length + START.length;
      if (out.length - o < need) {
        flush();
        if (out.length < need) {
          out = new byte[need];
        }
      }
      byte[] out = this.out;
      int o = this.o;
      System.arraycopy(START, 0, out, o, START.length);
      o += START.length;
      for (int i = off, end = off + n; i < end; ) {
        int ch = text[i] & 0xff;
        if (ch >= 0x80) {
          int l = utf8Length(text, i, end);
          if (l == 0) {
            System.arraycopy(REPLACEMENT, 0, out, o, REPLACEMENT.length);
            o += REPLACEMENT.length;
            i++;
          } else {
            System.arraycopy(text, i, out, o, l);
            o += l;
            i += l;
          }
          continue;
        }
        byte[] escape = ESCAPES[ch];
        if (escape == null) {
          out[o++] = (byte) ch;
        } else if (escape.length == 6) {
          out[o] = '\\';
          out[o + 1] = 'u';
          out[o + 2] = '0';
          out[o + 3] = '0';
          out[o + 4] = escape[4];
          out[o + 5] = escape[5];
          o += 6;
        } else {
          out[o] = escape[0];
          out[o + 1] = escape[1];
          o += 2;
        }
        i++;
      }
      System.arraycopy(suffix, 0, out, o, suffix.length);
      this.o = o + suffix.length;
    }

  }

  private static byte[] now() {
    return TIME.format(Instant.now()).getBytes(StandardCharsets.US_ASCII);
  }

  /** Writes whole records with one write; a failed write loses them, never the run. */
  private synchronized void writeRecords(byte[] records, int n) {
    try {
      file.write(records, 0, n);
    } catch (IOException e) {
      // a full disk loses log lines, never the container's output (as the monitor)
    }
  }

  private static final byte[] START = ascii("{\"log\":\"");
  private static final byte[] STREAM = ascii("\",\"stream\":\"");
  private static final byte[] TIME_KEY = ascii("\",\"time\":\"");
  private static final byte[] END = ascii("\"}\n");
  private static final byte[] REPLACEMENT = ascii("\\ufffd");

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The JSON escape of each ASCII byte as the monitor writes it; null: the byte as it is. */
  private static final byte[][] ESCAPES = new byte[128][];

  static {
    for (int ch = 0; ch < 0x20; ch++) {
      ESCAPES[ch] = String.format("\\u%04x", ch).getBytes(StandardCharsets.US_ASCII);
    }
    ESCAPES[0x7f] = "\\u007f".getBytes(StandardCharsets.US_ASCII);
    ESCAPES['\n'] = "\\n".getBytes(StandardCharsets.US_ASCII);
    ESCAPES['\t'] = "\\t".getBytes(StandardCharsets.US_ASCII);
    ESCAPES['\r'] = "\\r".getBytes(StandardCharsets.US_ASCII);
    ESCAPES['"'] = "\\\"".getBytes(StandardCharsets.US_ASCII);
    ESCAPES['\\'] = "\\\\".getBytes(StandardCharsets.US_ASCII);
  }

  /** Length of the valid UTF-8 sequence at {@code s[i]}, 0 when it is not valid (as the monitor). */
  static int utf8Length(byte[] s, int i, int end) {
    int b = s[i] & 0xff;
    int len;
    int cp;
    int min;
    if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1F;
      min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0F;
      min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07;
      min = 0x10000;
    } else {
      return 0;
    }
    if (len > end - i) {
      return 0;
    }
    for (int k = 1; k < len; k++) {
      int c = s[i + k] & 0xff;
      if ((c & 0xC0) != 0x80) {
        return 0;
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return 0;
    }
    return len;
  }
}
