package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A process of the host named by PID and start time, so that a PID the kernel has given to
 * another process since is never signalled: {@code hoist stop} of a container whose process
 * is long gone does nothing.
 */
public record HostProcess(long pid, long startTicks) {
  private static final Pattern SIGNAL = Pattern.compile("[A-Za-z0-9+-]{1,16}"); // RTMAX-1

  /** The process with this PID now, if any. */
  public static Optional<HostProcess> of(long pid) {
    return startTicks(pid).map(start -> new HostProcess(pid, start));
  }

  /** Field 22 of {@code /proc/PID/stat}: when the process started, in clock ticks after boot. */
  static Optional<Long> startTicks(long pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"),
          StandardCharsets.UTF_8);
      // the command name (field 2) is in parentheses and may hold spaces: count after the last ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      if (fields[0].equals("Z") || fields[0].equals("X")) {
        return Optional.empty(); // a zombie has exited
      }
      return Optional.of(Long.parseLong(fields[19]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public boolean isAlive() {
    return startTicks(pid).filter(t -> t == startTicks).isPresent();
  }

  /**
   * Whether a process with this PID runs: false when there is none, and for a zombie (it has
   * exited; where PID 1 reaps orphans late, a killed process stays one for a while, and
   * {@link ProcessHandle#isAlive} still answers true for it).
   */
  public static boolean running(long pid) {
    return startTicks(pid).isPresent();
  }

  /**
   * Sends a signal (name with or without {@code SIG}, or number); false when the process is
   * gone.
   */
  public boolean signal(String signal) throws IOException {
    String s = signal.toUpperCase(java.util.Locale.ROOT);
    s = s.startsWith("SIG") ? s.substring(3) : s;
    if (!SIGNAL.matcher(s).matches()) {
      throw new IllegalArgumentException("invalid signal: " + signal);
    }
    if (!isAlive()) {
      return false;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isPresent() && (s.equals("KILL") || s.equals("9"))) {
      return handle.get().destroyForcibly() || !isAlive();
    }
    if (handle.isPresent() && (s.equals("TERM") || s.equals("15"))) {
      return handle.get().destroy() || !isAlive();
    }
    Process kill = new ProcessBuilder("kill", "-s", s, Long.toString(pid))
        .redirectErrorStream(true).start();
    try {
      String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (kill.waitFor() != 0) {
        if (!isAlive()) {
          return false;
        }
        throw new IllegalArgumentException("cannot send signal " + signal + ": " + out.trim());
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending " + signal, e);
    }
  }
}
