package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A timing log for finding where a container's run spends its time (docs/engine-api.md,
 * "Where a run's time goes"): off unless the environment variable {@code HOIST_TRACE} names a
 * file, to which each {@link #mark} appends one line, {@code SECONDS.MICROS PID THREAD EVENT}
 * (wall-clock time, so that the lines of the monitor, which writes the same file, interleave).
 * Off, a mark costs one static field read.
 */
public final class Trace {
  private static final FileChannel OUT = open(System.getenv("HOIST_TRACE"));
  private static final long PID = ProcessHandle.current().pid();

  private Trace() {}

  /** Whether marks are written. */
  public static boolean on() {
    return OUT != null;
  }

  /** Appends {@code event} with the time and this thread's name, when tracing is on. */
  public static void mark(String event) {
    if (OUT == null) {
      return;
    }
    Instant now = Instant.now();
    String line = String.format("%d.%06d %d %s %s%n", now.getEpochSecond(),
        now.getNano() / 1000, PID, Thread.currentThread().getName(), event);
    try {
      OUT.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8))); // O_APPEND: one write
    } catch (IOException ignored) {
      // a timing log that cannot be written is no reason to fail a run
    }
  }

  private static FileChannel open(String file) {
    if (file == null || file.isEmpty()) {
      return null;
    }
    try {
      return FileChannel.open(Path.of(file), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException | RuntimeException e) {
      System.err.println("hoist: HOIST_TRACE: cannot open " + file + ": " + e.getMessage());
      return null;
    }
  }
}
