package dev.hoist.cli;

import dev.hoist.runtime.ContainerProcess;
import dev.hoist.runtime.Stdio;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams of a foreground container ({@code run}, {@code start -a}, {@code exec}): hoist's
 * own when it runs as a program (a terminal stays a terminal, nothing is copied), else pipes
 * copied into the command's writers, so that {@link Main#execute} callers get the output.
 */
final class ContainerStreams {
  private final boolean direct = Main.processStreams;
  private final boolean interactive;
  private final List<Thread> copiers = new ArrayList<>();

  ContainerStreams(boolean interactive) {
    this.interactive = interactive;
  }

  Stdio stdio() {
    Redirect stdin = interactive && direct ? Redirect.INHERIT : Redirect.from(new File("/dev/null"));
    return direct
        ? new Stdio(stdin, Redirect.INHERIT, Redirect.INHERIT)
        : new Stdio(stdin, Redirect.PIPE, Redirect.PIPE);
  }

  /** Starts copying the container's output into {@code out} and {@code err} (pipes only). */
  void attach(ContainerProcess process, PrintWriter out, PrintWriter err) {
    if (!direct) {
      copiers.add(copy(process.stdout(), out));
      copiers.add(copy(process.stderr(), err));
    }
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
