package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The foreground log's writer: the monitor's json-file records, read back by ContainerLog. */
class ContainerLogWriterTest {
  @TempDir Path dir;

  @Test
  void linesAreSplitAt16KibAndAPartialLastLineIsKeptAtTheEnd() throws Exception {
    Path file = dir.resolve("log.json");
    ContainerLogWriter log = ContainerLogWriter.append(file);
    byte[] longLine = "x".repeat(ContainerLogWriter.LINE_MAX_BYTES + 10).getBytes(
        StandardCharsets.US_ASCII);
    byte[] text = (new String(longLine, StandardCharsets.US_ASCII) + "\nshort\ntail")
        .getBytes(StandardCharsets.US_ASCII);
    try (InputStream in = log.tee("stdout", new ByteArrayInputStream(text))) {
      byte[] buf = new byte[1000]; // read in small pieces, as pipes give them
      while (in.read(buf) > 0) {
        // the caller's copy
      }
    }
    List<ContainerLog.Entry> entries = new ContainerLog(file).entries();
    assertEquals(4, entries.size(), entries.toString());
    assertEquals(ContainerLogWriter.LINE_MAX_BYTES, entries.get(0).text().length());
    assertEquals("x".repeat(10) + "\n", entries.get(1).text());
    assertEquals("short\n", entries.get(2).text());
    assertEquals("tail", entries.get(3).text());
    for (String line : Files.readAllLines(file)) {
      assertTrue(line.matches("\\{\"log\":\".*\",\"stream\":\"stdout\",\"time\":\""
          + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z\"}"), line);
    }
  }

  @Test
  void twoStreamsShareTheFileWhichClosesWhenBothEnded() throws Exception {
    Path file = dir.resolve("log.json");
    ContainerLogWriter log = ContainerLogWriter.append(file);
    InputStream out = log.tee("stdout", new ByteArrayInputStream("o1\no2\n".getBytes()));
    InputStream err = log.tee("stderr", new ByteArrayInputStream("e1\n".getBytes()));
    log.close(); // while the streams are still read: the file stays open for them
    out.readAllBytes();
    err.readAllBytes();
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    new ContainerLog(file).copy(new ContainerLog.Options(-1, false), o, e, false, () -> false);
    assertEquals("o1\no2\n", o.toString());
    assertEquals("e1\n", e.toString());
  }

  @Test
  void copyFromTheEndTakenBeforeCopiesWhatCameAfterItEvenIfWrittenBeforeTheCopyBegan()
      throws Exception {
    Path file = dir.resolve("log.json");
    record(file, "stdout", "before\\n");
    ContainerLog reader = new ContainerLog(file);
    long end = reader.end(); // an attachment takes it, then passes its stdin on
    record(file, "stdout", "answer\\n"); // the container answers before the copy begins
    record(file, "stderr", "oops\\n");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    reader.copyFrom(end, new ContainerLog.Options(-1, false), o, e, () -> false);
    assertEquals("answer\n", o.toString(), "the record written before the copy began is kept");
    assertEquals("oops\n", e.toString());
    StringWriter none = new StringWriter();
    reader.copyFrom(reader.end(), new ContainerLog.Options(-1, false), none, none, () -> false);
    assertEquals("", none.toString());
  }

  /** Appends one json-file record, as the monitor writes them. */
  private static void record(Path file, String stream, String escapedText) throws Exception {
    Files.writeString(file, "{\"log\":\"" + escapedText + "\",\"stream\":\"" + stream
        + "\",\"time\":\"2026-01-01T00:00:00.000000000Z\"}\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }
}
