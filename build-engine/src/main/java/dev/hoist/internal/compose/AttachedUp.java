package dev.hoist.internal.compose;

import dev.hoist.internal.runtime.ContainerLog;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.service.Hoist;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Attached {@code up} (no {@code -d}): every container's output followed on one writer, each
 * line prefixed {@code web-1  | } (coloured on a terminal), until every container has exited;
 * {@link #interrupt} (Ctrl-C) stops them all; with {@code abortOnContainerExit} the first exit
 * stops them all. Nothing is followed before {@link #start}, and only what it returns can be
 * awaited: {@link Following#await} returns {@code exitCodeFrom}'s exit code, else the first
 * exited container's when aborting, 130 when interrupted, else 0.
 */
public final class AttachedUp {
  /** Attached {@code up}'s options. */
  public record Options(boolean abortOnContainerExit, String exitCodeFrom, boolean colours) {}

  private final ComposeService compose;
  private final Hoist hoist;
  private final ComposeProject project;
  private final List<String> services;
  private final Options options;
  private final Consumer<ComposeEvent> events;
  private final List<ContainerState> containers;
  private final BlockingQueue<Exit> exits = new LinkedBlockingQueue<>();
  private final PrefixedLogs logs;
  private final Writer out;
  private volatile boolean stopping;
  /** The thread stopping every container, once one exited or Ctrl-C came (null before). */
  private volatile Thread stopper;
  private volatile boolean interrupted;
  private boolean started;

  private record Exit(ContainerState container, int code) {}

  AttachedUp(ComposeService compose, Hoist hoist, ComposeProject project, List<String> services,
      Options options, Writer out, Consumer<ComposeEvent> events) throws IOException {
    this.compose = compose;
    this.hoist = hoist;
    this.project = project;
    this.services = services;
    this.options = options;
    this.events = events;
    this.out = out;
    if (options.exitCodeFrom() != null) {
      project.service(options.exitCodeFrom());
    }
    this.containers = compose.containers(project, services);
    this.logs = new PrefixedLogs(hoist.containers(), containers, options.colours());
  }

  /**
   * Every container's output followed and its exit awaited from now on: called once the
   * caller's signal handlers are in place, so that a signal after the first line of output
   * reaches {@link #interrupt}. Once only.
   *
   * @return what awaits the containers' exits
   * @throws IllegalStateException when called a second time
   */
  public synchronized Following start() {
    if (started) {
      throw new IllegalStateException("attached up of " + project.name() + " started already");
    }
    started = true;
    // a follower's failure is the container gone: its output ends there
    logs.follow(new ContainerLog.Options(-1, false), out, out);
    for (ContainerState c : containers) {
      daemon(() -> awaitExit(c), "await " + c.name()).start();
    }
    return new Following();
  }

  private static Thread daemon(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }

  private void line(String text) {
    try {
      synchronized (out) {
        out.write(text + "\n");
        out.flush();
      }
    } catch (IOException e) {
      // the output is gone: nothing to tell
    }
  }

  private void awaitExit(ContainerState c) {
    int code;
    try {
      code = hoist.containers().await(c.id());
    } catch (IOException | RuntimeException e) {
      code = -1;
    } catch (InterruptedException e) {
      return;
    }
    exits.add(new Exit(c, code));
  }

  /** Ctrl-C: every container stopped (once); {@link #await} then returns 130. */
  public void interrupt() {
    interrupted = true;
    stopAll();
  }

  private synchronized void stopAll() {
    if (stopping) {
      return;
    }
    stopping = true;
    line("Gracefully stopping...");
    stopper = daemon(() -> {
      try {
        compose.stop(project, services, null, events);
      } catch (IOException | RuntimeException e) {
        line("error: stopping: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "stop " + project.name());
    stopper.start();
  }

  /** An attached {@code up} {@link #start}ed: only that can be awaited (a wait for ever else). */
  public final class Following {
    private Following() {}

    /** Waits until every container has exited; the exit code as {@link AttachedUp} says. */
    public int await() throws InterruptedException {
      return awaitExits();
    }
  }

  private int awaitExits() throws InterruptedException {
    boolean abort = options.abortOnContainerExit() || options.exitCodeFrom() != null;
    Integer first = null;
    Integer from = null;
    for (int left = containers.size(); left > 0; left--) {
      Exit e = exits.take();
      // its last lines before the exit line: its follower ends with the container
      logs.awaitFollower(e.container(), 2000);
      line(ComposeService.prefix(e.container()) + " exited with code " + e.code());
      if (first == null) {
        first = e.code();
      }
      if (from == null && e.container().labels().get(ComposeLabels.SERVICE)
          .equals(options.exitCodeFrom())) {
        from = e.code();
      }
      if (abort) {
        stopAll();
      }
    }
    logs.awaitFollowers(2000);
    Thread stopping = stopper;
    if (stopping != null) {
      // the containers' exits can be recorded before the stop that caused them has returned
      // (and said "Stopped"): up ends once it has
      stopping.join();
    }
    if (from != null) {
      return from;
    }
    if (interrupted) {
      return 130;
    }
    return abort && first != null ? first : 0;
  }
}
