package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.net.Owner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The start step's side of the monitor ({@code hoist-monitor.c}): the runtime's command line
 * goes to the monitor on file descriptor 3 (NUL-terminated {@code env=NAME=VALUE} records, then
 * {@code arg=…} records, then an empty record), the monitor starts it as its own child (its
 * output on the container's log) and answers with its PID on file descriptor 4 ({@code 0}: it
 * could not), ended by a newline. The monitor, this JVM's parent, owns the container's network.
 * A service that runs the steps in its own JVM ({@link MonitorStepServer}) speaks the same
 * records over the monitor's connection ({@link #over}).
 */
final class MonitorChannel implements Launcher {
  private static final Path TO_MONITOR = Path.of("/proc/self/fd/3");
  private static final Path FROM_MONITOR = Path.of("/proc/self/fd/4");
  private final Owner monitor;
  private final Opener<OutputStream> to;
  private final Opener<InputStream> from;
  private final boolean closes;
  private boolean used;

  /** Opens one end of the channel. */
  private interface Opener<T> {
    T open() throws IOException;
  }

  private MonitorChannel(Owner monitor, Opener<OutputStream> to, Opener<InputStream> from,
      boolean closes) {
    this.monitor = monitor;
    this.to = to;
    this.from = from;
    this.closes = closes;
  }

  /** The channel to the monitor that started this JVM (its parent): fds 3 and 4. */
  static MonitorChannel ofParent() {
    ProcessHandle parent = ProcessHandle.current().parent().orElseThrow(
        () -> new IllegalStateException("not started by hoist-monitor: no parent process"));
    return new MonitorChannel(Owner.of(parent), () -> Files.newOutputStream(TO_MONITOR),
        () -> Files.newInputStream(FROM_MONITOR), true);
  }

  /** The channel over a monitor's connection to a service (left open: the step goes on). */
  static MonitorChannel over(Owner monitor, OutputStream to, InputStream from) {
    return new MonitorChannel(monitor, () -> to, () -> from, false);
  }

  @Override
  public Owner networkOwner() {
    return monitor;
  }

  /** Sends {@code command} to the monitor, once; its output is the container's log. */
  @Override
  public synchronized Process start(ProcessBuilder command) throws IOException {
    if (used) {
      throw new IllegalStateException("the monitor starts one runtime process per run");
    }
    used = true;
    ByteArrayOutputStream records = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : command.environment().entrySet()) {
      record(records, "env=" + e.getKey() + "=" + e.getValue());
    }
    for (String arg : command.command()) {
      record(records, "arg=" + arg);
    }
    records.write(0); // the end: fd 3 itself stays open in this JVM, which cannot close it
    OutputStream out = to.open();
    try {
      records.writeTo(out);
      out.flush();
    } finally {
      if (closes) {
        out.close();
      }
    }
    InputStream in = from.open();
    String answer;
    try {
      answer = line(in);
    } finally {
      if (closes) {
        in.close();
      }
    }
    long pid;
    try {
      pid = Long.parseLong(answer);
    } catch (NumberFormatException e) {
      pid = 0;
    }
    if (pid <= 0) {
      throw new IOException("the monitor could not start " + command.command().get(0));
    }
    HostProcess process = HostProcess.of(pid).orElse(new HostProcess(pid, 0));
    return new MonitoredProcess(process);
  }

  /** What the monitor answers, up to its newline or its end. */
  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString().trim();
  }

  private static void record(ByteArrayOutputStream out, String record) {
    byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
    out.write(0);
  }
}
