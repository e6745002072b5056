package dev.hoist.cli;

import dev.hoist.internal.runtime.ContainerProcess;
import dev.hoist.internal.runtime.Stdio;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams of a foreground container ({@code run}, {@code start -a}, {@code exec}): hoist's
 * own when it runs as a program, else pipes copied into the command's writers, so that
 * {@link Main#execute} callers get the output. Without {@code -t} the container never gets the
 * host's terminal, as with Docker: a stream of hoist's that is a terminal reaches it through a
 * pipe that hoist copies, so the container cannot change the terminal's settings (or read what
 * else is typed there). With {@code -t} the runtime gives the container a terminal of its own
 * and relays it; other streams (files, pipes) are handed over as they are, nothing copied.
 */
final class ContainerStreams {
  private final boolean direct;
  private final boolean interactive;
  private final boolean tty;
  private final List<Thread> copiers = new ArrayList<>();
  private boolean relayIn;
  private boolean relayOut;
  private boolean relayErr;

  /**
   * @param direct the command's streams are this process's own (else: writers to copy into)
   * @param interactive {@code -i}: stdin stays attached
   * @param tty {@code -t}: the container has a terminal of its own
   */
  ContainerStreams(boolean direct, boolean interactive, boolean tty) {
    this.direct = direct;
    this.interactive = interactive;
    this.tty = tty;
  }

  Stdio stdio() {
    Redirect devNull = Redirect.from(new File("/dev/null"));
    if (!direct) {
      return new Stdio(devNull, Redirect.PIPE, Redirect.PIPE);
    }
    relayIn = interactive && !tty && isTerminal(0);
    relayOut = !tty && isTerminal(1);
    relayErr = !tty && isTerminal(2);
    return new Stdio(!interactive ? devNull : relayIn ? Redirect.PIPE : Redirect.INHERIT,
        relayOut ? Redirect.PIPE : Redirect.INHERIT, relayErr ? Redirect.PIPE : Redirect.INHERIT);
  }

  /** Starts copying the container's output into {@code out} and {@code err} (pipes only). */
  void attach(ContainerProcess process, PrintWriter out, PrintWriter err) {
    if (!direct) {
      copiers.add(copy(process.stdout(), out));
      copiers.add(copy(process.stderr(), err));
      return;
    }
    if (relayOut) {
      copiers.add(relay(process.stdout(), new FileOutputStream(FileDescriptor.out), false));
    }
    if (relayErr) {
      copiers.add(relay(process.stderr(), new FileOutputStream(FileDescriptor.err), false));
    }
    if (relayIn) {
      // not waited for: it ends with the container's stdin, or blocks on the terminal until
      // hoist exits
      relay(new FileInputStream(FileDescriptor.in), process.stdin(), true);
    }
  }

  /** Whether file descriptor {@code fd} of this process is a terminal. */
  static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      return false; // closed, or no /proc: nothing to protect
    }
  }

  /** Copies bytes as they come, flushing each chunk; closes {@code to} at the end if asked. */
  private static Thread relay(InputStream from, OutputStream to, boolean closeAtEnd) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = from.read(buf)) > 0; ) {
          to.write(buf, 0, n);
          to.flush();
        }
      } catch (IOException e) {
        // the container or the terminal is gone
      } finally {
        if (closeAtEnd) {
          try {
            to.close();
          } catch (IOException ignored) {
            // the container is gone
          }
        }
      }
    }, "container-relay");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits until everything the container wrote has been copied. */
  void await() throws InterruptedException {
    for (Thread t : copiers) {
      t.join();
    }
  }

  private static Thread copy(InputStream in, PrintWriter to) {
    Thread t = new Thread(() -> {
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        char[] buf = new char[8192];
        for (int n; (n = reader.read(buf)) > 0; ) {
          synchronized (to) {
            to.write(buf, 0, n);
            to.flush();
          }
        }
      } catch (IOException e) {
        // the container is gone
      }
    }, "container-output");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
