package dev.hoist.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's log, Docker's json-file format as {@code hoist-monitor} writes it: one
 * {@code {"log":…,"stream":"stdout"|"stderr","time":…}} object per line.
 */
public final class ContainerLog {
  /**
   * One record: the stream, the time it was read (RFC 3339 with nanoseconds), the text, and the
   * record's extra attributes (Docker's {@code attrs}, from its {@code --log-opt labels/env/tag};
   * hoist writes none).
   */
  public record Entry(String stream, String time, String text, Map<String, String> attrs) {
    public Entry(String stream, String time, String text) {
      this(stream, time, text, Map.of());
    }

    /** The time, null when the record has none that parses. */
    Instant instant() {
      try {
        return Instant.parse(time);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }

  private final Path file;

  public ContainerLog(Path file) {
    this.file = file;
  }

  /**
   * Options of {@code hoist logs}: the last {@code tail} records (negative: all), timestamps,
   * only records at or after {@code since} and at or before {@code until} (null: no bound; as
   * Docker, the tail is taken first), {@code details}: each record's attributes and a space
   * first (Docker's {@code --details}; a record hoist wrote has none: the space alone).
   */
  public record Options(int tail, boolean timestamps, Instant since, Instant until,
      boolean details) {
    public Options(int tail, boolean timestamps) {
      this(tail, timestamps, null, null, false);
    }

    /**
     * The record count {@code --tail} (the Engine API's {@code tail}) gives: {@code all}, empty
     * or null for every record (-1), else a whole number.
     *
     * @throws IllegalArgumentException naming what {@code --tail} takes
     */
    public static int tail(String text) {
      if (text == null || text.isBlank() || text.trim().equals("all")) {
        return -1;
      }
      try {
        return Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--tail takes a number or all: " + text);
      }
    }

    boolean selects(Entry e) {
      if (since == null && until == null) {
        return true;
      }
      Instant t = e.instant();
      return t == null || ((since == null || !t.isBefore(since))
          && (until == null || !t.isAfter(until)));
    }
  }

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
      if (skip-- > 0 || !options.selects(e)) {
        continue;
      }
      write(e, options, out, err);
    }
    out.flush();
    err.flush();
    if (follow) {
      copyFrom(position, options, out, err, running);
    }
  }

  /**
   * Where the log's complete records end now: {@link #copyFrom} that position copies only what
   * comes after this moment. An attachment takes it before it passes its standard input on, so
   * what the container answers to that input cannot fall before it (as {@code copy} with
   * {@code tail} 0 would let it, when taking its start a moment after the input went in).
   */
  public long end() throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    // after the last complete record: read backwards from the end, a block at a time
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      byte[] block = new byte[8192];
      for (long to = raf.length(); to > 0; ) {
        int n = (int) Math.min(block.length, to);
        raf.seek(to - n);
        raf.readFully(block, 0, n);
        for (int i = n - 1; i >= 0; i--) {
          if (block[i] == '\n') {
            return to - n + i + 1;
          }
        }
        to -= n;
      }
      return 0;
    }
  }

  /**
   * Copies, as {@link #copy} with {@code follow}, the records after {@code position} (a value of
   * {@link #end}) that {@code options} selects (its {@code tail} aside), while {@code running}
   * says the container runs, then the rest.
   */
  public void copyFrom(long position, Options options, Writer out, Writer err,
      BooleanSupplier running) throws IOException, InterruptedException {
    Backoff backoff = new Backoff(2, 100);
    while (true) {
      boolean alive = running.getAsBoolean()
          && (options.until() == null || Instant.now().isBefore(options.until()));
      List<Entry> next = new ArrayList<>();
      position = readNew(position, next::add);
      for (Entry e : next) {
        if (options.selects(e)) {
          write(e, options, out, err);
        }
      }
      out.flush();
      err.flush();
      if (!alive) {
        return;
      }
      if (next.isEmpty()) {
        backoff.pause();
      } else {
        backoff.reset();
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
    if (options.details()) {
      // as moby's daemon: the attributes and a space, the space even when there are none
      target.write(details(e.attrs()));
      target.write(' ');
    }
    target.write(e.text());
  }

  /** Docker's {@code --details} prefix: {@code k=v,k2=v2}, query-escaped, keys sorted. */
  static String details(Map<String, String> attrs) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, String> a : new TreeMap<>(attrs).entrySet()) {
      if (s.length() > 0) {
        s.append(',');
      }
      s.append(URLEncoder.encode(a.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(a.getValue(), StandardCharsets.UTF_8));
    }
    return s.toString();
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
      Map<String, String> attrs = new TreeMap<>();
      node.path("attrs").fields().forEachRemaining(f -> attrs.put(f.getKey(), f.getValue().asText()));
      sink.accept(new Entry(node.path("stream").asText("stdout"), node.path("time").asText(""),
          node.path("log").asText(""), attrs));
    }
    return position + end;
  }
}
