package dev.hoist.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's log, Docker's json-file format as {@code hoist-monitor} writes it: one
 * {@code {"log":…,"stream":"stdout"|"stderr","time":…}} object per line.
 */
public final class ContainerLog {
  /** One record: the stream, the time it was read (RFC 3339 with nanoseconds), the text. */
  public record Entry(String stream, String time, String text) {}

  private final Path file;

  public ContainerLog(Path file) {
    this.file = file;
  }

  /** Options of {@code hoist logs}: the last {@code tail} records (negative: all), timestamps. */
  public record Options(int tail, boolean timestamps) {}

  /**
   * Copies the log to {@code out} and {@code err} by stream. With {@code follow} it keeps
   * copying new records while {@code running} says the container runs, then copies the rest.
   */
  public void copy(Options options, Writer out, Writer err, boolean follow,
      BooleanSupplier running) throws IOException, InterruptedException {
    Deque<Entry> first = new ArrayDeque<>();
    long position = readNew(0, first::add);
    int skip = options.tail() < 0 ? 0 : Math.max(0, first.size() - options.tail());
    for (Entry e : first) {
      if (skip-- > 0) {
        continue;
      }
      write(e, options, out, err);
    }
    out.flush();
    err.flush();
    while (follow) {
      boolean alive = running.getAsBoolean();
      List<Entry> next = new ArrayList<>();
      position = readNew(position, next::add);
      for (Entry e : next) {
        write(e, options, out, err);
      }
      out.flush();
      err.flush();
      if (!alive) {
        return;
      }
      if (next.isEmpty()) {
        Thread.sleep(100);
      }
    }
  }

  /** Every record, in order. */
  public List<Entry> entries() throws IOException {
    List<Entry> all = new ArrayList<>();
    readNew(0, all::add);
    return all;
  }

  private static void write(Entry e, Options options, Writer out, Writer err) throws IOException {
    Writer target = e.stream().equals("stderr") ? err : out;
    if (options.timestamps()) {
      target.write(e.time());
      target.write(' ');
    }
    target.write(e.text());
  }

  private long readNew(long position, java.util.function.Consumer<Entry> sink) throws IOException {
    if (!Files.exists(file)) {
      return position;
    }
    byte[] bytes;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      if (length <= position) {
        return position;
      }
      bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - position)];
      raf.seek(position);
      raf.readFully(bytes);
    }
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--; // a record being written: read it next time
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = CanonicalJson.mapper().readTree(line);
      sink.accept(new Entry(node.path("stream").asText("stdout"), node.path("time").asText(""),
          node.path("log").asText("")));
    }
    return position + end;
  }
}
