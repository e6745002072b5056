package dev.hoist.internal.runtime.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.runtime.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;

/**
 * The events journal, {@code $HOIST_HOME/events/events.jsonl}: one {@link Event} per line, in
 * the order they were written. Every hoist process (the CLI, the monitor's steps, a service)
 * appends with ONE {@code write(2)} of the whole line on a descriptor opened {@code O_APPEND},
 * which Linux makes atomic for a regular file: concurrent appenders never interleave partial
 * lines, and need no lock. The C monitor may append the same way.
 *
 * <p>Size cap: once the file is larger than {@link #DEFAULT_CAP} (8 MiB) after an append, the
 * appender renames it to {@code events.1.jsonl} (replacing the older one, under the lock file
 * {@code events/rotate.lock}, one thread of a JVM at a time, so that two appenders never rotate
 * twice), and the next append
 * starts a new file: the journal keeps the last 8 to 16 MiB (some 40 000 to 80 000 events).
 * An appender that opened the file just before a rotation writes its line into the rotated
 * file, which readers still read.
 *
 * <p>{@link #read} replays the journal (rotated file first) and, following, keeps reading new
 * lines as they arrive, across rotations.
 */
public final class EventJournal {
  /** The size after which the journal rotates. */
  public static final long DEFAULT_CAP = 8L << 20;
  static final String FILE = "events.jsonl";
  static final String ROTATED = "events.1.jsonl";
  private static final Duration POLL = Duration.ofMillis(50);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One monitor per rotation lock file in this JVM ({@link #rotate}). */
  private static final java.util.concurrent.ConcurrentMap<Path, Object> ROTATION_GUARDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Path dir;
  private final long cap;
  private final Diagnostics diagnostics;

  /**
   * The journal in {@code dir} ({@code $HOIST_HOME/events}); an append that fails is told to
   * {@code diagnostics} and fails nothing else.
   */
  public EventJournal(Path dir, Diagnostics diagnostics) {
    this(dir, DEFAULT_CAP, diagnostics);
  }

  /** As {@link #EventJournal(Path, Diagnostics)}, rotating after {@code cap} bytes. */
  public EventJournal(Path dir, long cap, Diagnostics diagnostics) {
    this.dir = dir;
    this.cap = cap;
    this.diagnostics = diagnostics;
  }

  /** The journal of the hoist home at {@code home}. */
  public static EventJournal of(Path home, Diagnostics diagnostics) {
    return new EventJournal(home.resolve("events"), diagnostics);
  }

  /** The current file. */
  public Path file() {
    return dir.resolve(FILE);
  }

  /**
   * Appends {@code event} as one line, with one write; a failure is told to the diagnostics
   * (an event lost never fails the command that caused it).
   */
  public void append(Event event) {
    try {
      byte[] line = line(event);
      Files.createDirectories(dir);
      long size;
      try (FileChannel out = FileChannel.open(file(), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(line.length).put(line).flip();
        int written = out.write(buffer); // one write(2) with O_APPEND: the line lands whole
        if (written != line.length) {
          throw new IOException("short write to " + file() + ": " + written + " of "
              + line.length + " bytes");
        }
        size = out.size();
      }
      if (size > cap) {
        rotate();
      }
    } catch (IOException | RuntimeException e) {
      diagnostics.warn("cannot record the event " + event.type() + " " + event.action()
          + " in " + file() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  /** The bytes of {@code event}'s line: compact JSON and a newline. */
  static byte[] line(Event event) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    JSON.writeValue(bytes, event);
    bytes.write('\n');
    return bytes.toByteArray();
  }

  /**
   * Renames the file away under {@code rotate.lock}: a file lock between processes and, since a
   * JVM holds one lock per file (a second {@code lock()} throws
   * {@link java.nio.channels.OverlappingFileLockException}), this JVM's monitor for that file
   * between its threads (every journal over one directory shares it, as {@code StoreLock} does).
   */
  private void rotate() throws IOException {
    Path lockFile = dir.resolve("rotate.lock").toAbsolutePath().normalize();
    synchronized (ROTATION_GUARDS.computeIfAbsent(lockFile, f -> new Object())) {
      try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
          FileLock held = lock.lock()) {
        try {
          if (Files.size(file()) <= cap) {
            return; // another appender rotated it meanwhile
          }
        } catch (NoSuchFileException gone) {
          return;
        }
        Files.move(file(), dir.resolve(ROTATED), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }

  /** Told each event read; false ends the reading. */
  @FunctionalInterface
  public interface Sink {
    boolean accept(Event event) throws IOException;
  }

  /**
   * Hands {@code sink} the events at or after {@code since} (null: only those that arrive from
   * now on, as {@code docker events} without {@code --since}) and not after {@code until}
   * (null: no end), in the journal's order; with {@code follow}, keeps waiting for new ones
   * until {@code until} has passed, the sink returns false, or the thread is interrupted.
   * Lines that are not events are skipped.
   */
  public void read(Instant since, Instant until, boolean follow, Sink sink)
      throws IOException, InterruptedException {
    Tail tail = new Tail();
    if (since == null) {
      tail.skipToEnd();
    } else {
      if (!tail.replayRotated(since, until, sink)) {
        return;
      }
    }
    Instant from = since == null ? Instant.EPOCH : since;
    while (true) {
      if (!tail.drain(from, until, sink)) {
        return;
      }
      if (!follow || until != null && Instant.now().isAfter(until)) {
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** The current file as read so far: its identity, the offset, an incomplete last line. */
  private final class Tail {
    private Object fileKey;
    private long offset;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    void skipToEnd() throws IOException {
      try {
        BasicFileAttributes a = Files.readAttributes(file(), BasicFileAttributes.class);
        fileKey = a.fileKey();
        offset = a.size();
      } catch (NoSuchFileException none) {
        fileKey = null;
        offset = 0;
      }
    }

    boolean replayRotated(Instant since, Instant until, Sink sink) throws IOException {
      Path rotated = dir.resolve(ROTATED);
      if (!Files.exists(rotated)) {
        return true;
      }
      try (var lines = Files.newBufferedReader(rotated, StandardCharsets.UTF_8)) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!deliver(line, since, until, sink)) {
            return false;
          }
        }
      }
      return true;
    }

    /**
     * Reads what the file it follows gained; once that file was rotated, the rest of it (now
     * {@code events.1.jsonl}) and then the new current file from its start. Two rotations
     * between reads (16 MiB appended within one poll) would lose the lines between.
     */
    boolean drain(Instant since, Instant until, Sink sink) throws IOException {
      Object current = key(file());
      if (fileKey != null && !fileKey.equals(current)) {
        if (fileKey.equals(key(dir.resolve(ROTATED)))
            && !readFrom(dir.resolve(ROTATED), since, until, sink)) {
          return false;
        }
        offset = 0;
        partial.reset();
      }
      fileKey = current;
      return current == null || readFrom(file(), since, until, sink);
    }

    private Object key(Path path) throws IOException {
      try {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      } catch (NoSuchFileException none) {
        return null;
      }
    }

    private boolean readFrom(Path path, Instant since, Instant until, Sink sink)
        throws IOException {
      try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
        if (in.size() < offset) {
          return true; // not the file we read (replaced meanwhile)
        }
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (true) {
          buffer.clear();
          int n = in.read(buffer, offset);
          if (n <= 0) {
            return true;
          }
          offset += n;
          byte[] bytes = buffer.array();
          for (int i = 0; i < n; i++) {
            if (bytes[i] != '\n') {
              partial.write(bytes[i]);
              continue;
            }
            String line = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            if (!deliver(line, since, until, sink)) {
              return false;
            }
          }
        }
      } catch (NoSuchFileException gone) {
        return true;
      }
    }
  }

  private static boolean deliver(String line, Instant since, Instant until, Sink sink)
      throws IOException {
    Event event;
    try {
      event = JSON.readValue(line, Event.class);
    } catch (IOException | RuntimeException notAnEvent) {
      return true;
    }
    Instant at = event.instant();
    if (since != null && at.isBefore(since)) {
      return true;
    }
    if (until != null && at.isAfter(until)) {
      return true; // a later line may still be in range (appenders' clocks race a little)
    }
    return sink.accept(event);
  }
}
