package dev.hoist.internal.runtime;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a foreground container's output in its log, as the monitor keeps a detached one's (and
 * as Docker keeps every container's). A stream the caller reads through a pipe is logged as the
 * caller reads it; a stream the caller hands over ({@link Redirect#INHERIT}) becomes a pipe that
 * this class copies to this process's own stream and into the log. With a terminal ({@code -t})
 * the terminal's stream is logged as stdout, as Docker does; the runtime's stderr then carries
 * only its own errors and is left as it is. Other redirects (files) are not logged.
 *
 * <p>Use: {@link #stdio()} to start the container, {@link #attach} on the started process (the
 * caller reads the returned process's streams), {@link #await} once it exited.
 */
public final class ForegroundLog {
  private static final int CHUNK = 65536; // a pipe's capacity: one read empties it
  private final ContainerLogWriter log;
  private final Stdio given;
  private final boolean tty;
  private final List<Thread> relays = new ArrayList<>();

  private ForegroundLog(ContainerLogWriter log, Stdio given, boolean tty) {
    this.log = log;
    this.given = given;
    this.tty = tty;
  }

  /** Logs into {@code file} (appended) what the container started with {@code stdio} writes. */
  public static ForegroundLog open(Path file, Stdio stdio, boolean tty) throws IOException {
    return new ForegroundLog(ContainerLogWriter.append(file), stdio, tty);
  }

  /** The streams to start the container with. */
  public Stdio stdio() {
    return new Stdio(given.stdin(), piped(given.stdout(), true), piped(given.stderr(), !tty));
  }

  private static Redirect piped(Redirect r, boolean logged) {
    return logged && r == Redirect.INHERIT ? Redirect.PIPE : r;
  }

  private static boolean logged(Redirect r, boolean logged) {
    return logged && (r == Redirect.INHERIT || r == Redirect.PIPE);
  }

  /**
   * Starts logging {@code process}'s output; the process to hand to the caller, whose
   * {@link ContainerProcess#stdout()} and {@link ContainerProcess#stderr()} are logged as read.
   */
  public ContainerProcess attach(ContainerProcess process) {
    // both streams are counted by the log before either is copied: a container that has
    // already ended would otherwise end the first stream, and close the log with it, before
    // the second was counted (its records then lost)
    InputStream out = teed("stdout", process.stdout(), given.stdout(), true);
    InputStream err = teed("stderr", process.stderr(), given.stderr(), !tty);
    return new Logged(process, relayed(out, given.stdout(), true, FileDescriptor.out),
        relayed(err, given.stderr(), !tty, FileDescriptor.err));
  }

  private InputStream teed(String name, InputStream from, Redirect r, boolean logged) {
    return logged(r, logged) ? log.tee(name, from) : from;
  }

  /** {@code teed} for the caller to read, or copied to this process's own stream. */
  private InputStream relayed(InputStream teed, Redirect r, boolean logged, FileDescriptor own) {
    if (!logged(r, logged) || r == Redirect.PIPE) {
      return teed;
    }
    relays.add(relay(teed, new FileOutputStream(own)));
    return InputStream.nullInputStream();
  }

  /**
   * Copies {@code from} to {@code to}; when {@code to} fails (a closed pipe: {@code | head}),
   * closes {@code from}, so the container gets the broken pipe as it got it before.
   */
  private static Thread relay(InputStream from, OutputStream to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[CHUNK];
      try (from) {
        for (int n; (n = from.read(buf)) > 0; ) {
          to.write(buf, 0, n);
        }
      } catch (IOException e) {
        // our stream is closed: from is closed, so the container's writes fail as they would
      }
    }, "foreground-log");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Waits until the streams this class copies are copied; the log is closed once the caller's
   * streams ended too.
   */
  public void await() throws InterruptedException, IOException {
    for (Thread t : relays) {
      t.join();
    }
    log.close();
  }

  /** The started process, its output streams logged. */
  private static final class Logged extends ForwardingContainerProcess {
    private final InputStream stdout;
    private final InputStream stderr;

    Logged(ContainerProcess process, InputStream stdout, InputStream stderr) {
      super(process);
      this.stdout = stdout;
      this.stderr = stderr;
    }

    @Override
    public InputStream stdout() {
      return stdout;
    }

    @Override
    public InputStream stderr() {
      return stderr;
    }
  }
}
