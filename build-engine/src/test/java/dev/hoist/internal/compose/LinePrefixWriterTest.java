package dev.hoist.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Prefixed lines, flushed each line only for a followed log; the same output either way. */
class LinePrefixWriterTest {
  /** A writer that counts its flushes. */
  private static final class Flushes extends StringWriter {
    int count;

    @Override
    public void flush() {
      count++;
    }
  }

  private static Flushes write(boolean flushEachLine) throws Exception {
    Flushes out = new Flushes();
    try (LinePrefixWriter w = new LinePrefixWriter(out, "web-1 | ", flushEachLine)) {
      w.write("one\ntw");
      w.write("o\nthree\nlast, no newline");
    }
    return out;
  }

  @Test
  void aFollowedLogIsFlushedEachLineAndAPrintedOneOnClose() throws Exception {
    Flushes printed = write(false);
    Flushes followed = write(true);
    String expected = "web-1 | one\nweb-1 | two\nweb-1 | three\nweb-1 | last, no newline\n";
    assertEquals(expected, printed.toString());
    assertEquals(expected, followed.toString());
    assertEquals(1, printed.count, "once, on close");
    assertEquals(5, followed.count, "each of the four lines, and on close");
  }
}
