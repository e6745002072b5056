package dev.hoist.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A client run under a real pseudo-terminal ({@code script -qefc COMMAND /dev/null}: script
 * opens the pty, runs COMMAND on its slave and relays its own stdin and stdout to the master),
 * typed into and read as a user at a terminal would. Everything it printed is kept.
 */
final class TerminalSession implements AutoCloseable {
  private final Process script;
  private final OutputStream keyboard;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  private TerminalSession(Process script) {
    this.script = script;
    this.keyboard = script.getOutputStream();
    Thread reader = new Thread(() -> {
      byte[] buffer = new byte[4096];
      try (InputStream in = script.getInputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          synchronized (screen) {
            screen.write(buffer, 0, n);
            screen.notifyAll();
          }
        }
      } catch (IOException ended) {
        // the session ended
      }
    }, "terminal-session");
    reader.setDaemon(true);
    reader.start();
  }

  /** {@code shellCommand} (sh -c) on a new terminal, a client of {@code service}. */
  static TerminalSession start(DockerCliHarness service, String shellCommand) throws IOException {
    return new TerminalSession(service.startClient(List.of("script", "-qefc", shellCommand,
        "/dev/null")));
  }

  /** All the session printed so far. */
  String screen() {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits until {@code text} is on the screen after position {@code from}; false at timeout. */
  boolean await(String text, int from, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (screen) {
      while (screen().indexOf(text, from) < 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        screen.wait(left);
      }
      return true;
    }
  }

  /** Types {@code line} and a return. */
  void type(String line) throws IOException {
    keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  /** Types {@code keys} as they are, no return after them (control keys among them). */
  void press(String keys) throws IOException {
    keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  /**
   * Types {@code line} until {@code expected} shows after it, for a state that comes
   * asynchronously (a resize the client sends once the container runs); false after
   * {@code timeout}.
   */
  boolean typeUntil(String line, String expected, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      int from = screen().length();
      type(line);
      if (await(expected, from, Duration.ofSeconds(2))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The terminal (its {@code /dev/pts/N}) of the process under this session whose program is
   * {@code program} (the docker CLI), once it runs.
   */
  Optional<Path> terminalOf(String program) throws IOException {
    for (ProcessHandle p : script.descendants().toList()) {
      if (p.info().command().map(c -> c.endsWith("/" + program)).orElse(false)) {
        return Optional.of(Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/fd/0")));
      }
    }
    return Optional.empty();
  }

  /** The session's exit code (script's, which is its command's with -e), waiting at most 60 s. */
  int exitCode() throws InterruptedException {
    if (!script.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the terminal session did not end in 60 s:\n" + screen());
    }
    return script.exitValue();
  }

  @Override
  public void close() {
    script.descendants().forEach(ProcessHandle::destroyForcibly);
    script.destroyForcibly();
  }
}
