package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.net.Owner;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the monitor's steps ({@link MonitorStep}: start, exit) in this JVM, for a program that
 * stays up (the Engine API service): {@code hoist-monitor} connects to this UNIX socket
 * (monitor.conf's {@code steps=PATH}) instead of starting a JVM per step. The protocol is in
 * {@code hoist-monitor.c}'s head: the request's records ({@code step}, {@code id}, {@code pid}
 * of the monitor, {@code code} and {@code finished} for an exit), for a start the runtime's
 * command line and the PID back as on the step's fds 3 and 4 ({@link MonitorChannel#over}),
 * what goes wrong as {@code err=} records (lines of the container's log) and the step's
 * {@code status=} last. The monitor still owns the container: its output, its exit, its
 * restarts; when this server is gone (the program stopped or was killed) the monitor runs the
 * step command as before. The socket is mode 0600: whoever reaches it runs steps for the store.
 */
public final class MonitorStepServer implements AutoCloseable {
  private final HoistHome home;
  private final Path socket;
  private final ServerSocketChannel server;
  private final Consumer<String> log;
  private final Thread acceptor;
  /** The steps being served (guarded by this). */
  private int serving;

  private MonitorStepServer(HoistHome home, Path socket, ServerSocketChannel server,
      Consumer<String> log) {
    this.home = home;
    this.socket = socket;
    this.server = server;
    this.log = log;
    this.acceptor = new Thread(this::accept, "hoist-monitor-steps");
    this.acceptor.setDaemon(true);
  }

  /** How many servers this JVM has started (the second and later: {@code PID-N.sock}). */
  private static final java.util.concurrent.atomic.AtomicInteger STARTED =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Serves the steps of {@code home}'s containers on {@code home/steps/PID.sock} (this
   * process's PID; {@code PID-N.sock} for its Nth server, so that two in one JVM, a service and
   * a compose command run in-process, never take each other's socket; sockets of processes
   * that are gone are removed). {@code log}: what fails outside a step.
   */
  public static MonitorStepServer start(HoistHome home, Consumer<String> log) throws IOException {
    Path dir = home.root().resolve("steps");
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    removeStaleSockets(dir);
    int n = STARTED.incrementAndGet();
    Path socket = dir.resolve(ProcessHandle.current().pid() + (n == 1 ? "" : "-" + n) + ".sock");
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(socket);
      throw e;
    }
    MonitorStepServer steps = new MonitorStepServer(home, socket, server, log);
    steps.acceptor.start();
    return steps;
  }

  /** Where the monitors reach it (monitor.conf's {@code steps}). */
  public Path socket() {
    return socket;
  }

  private static void removeStaleSockets(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".sock")) {
          continue;
        }
        try {
          String base = name.substring(0, name.length() - ".sock".length());
          long pid = Long.parseLong(base.contains("-") ? base.substring(0, base.indexOf('-'))
              : base);
          if (ProcessHandle.of(pid).isEmpty()) {
            Files.deleteIfExists(file);
          }
        } catch (NumberFormatException notOurs) {
          // left alone
        }
      }
    }
  }

  private void accept() {
    while (server.isOpen()) {
      SocketChannel connection;
      try {
        connection = server.accept();
      } catch (IOException e) {
        if (server.isOpen()) {
          log.accept("monitor steps: " + e.getMessage());
        }
        return;
      }
      synchronized (this) {
        serving++;
      }
      Thread step = new Thread(() -> {
        try {
          serve(connection);
        } finally {
          synchronized (this) {
            serving--;
            notifyAll();
          }
        }
      }, "hoist-monitor-step");
      step.setDaemon(true);
      step.start();
    }
  }

  /** One step, from the monitor's request to its status. */
  private void serve(SocketChannel connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(Channels.newInputStream(connection));
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(connection));
      Map<String, String> request = readRequest(in);
      Trace.mark("step " + request.get("step") + ": begins");
      StepAnswer answer = new StepAnswer(out);
      int status = run(request, in, answer);
      answer.record("status=" + status);
      out.flush();
      Trace.mark("step " + request.get("step") + ": answered");
    } catch (IOException e) {
      log.accept("monitor step: " + e.getMessage()); // the monitor runs the step command
    }
  }

  private int run(Map<String, String> request, InputStream in, StepAnswer answer)
      throws IOException {
    String step = request.getOrDefault("step", "");
    String id = request.get("id");
    boolean start = step.equals("start");
    Containers containers = new Containers(home, MonitorCommand.NONE, answer::warn);
    try {
      if (id == null || !(start || step.equals("exit"))) {
        throw new IllegalArgumentException("a monitor step needs step=start|exit and id: "
            + request);
      }
      if (start) {
        long pid = Long.parseLong(request.getOrDefault("pid", "0"));
        Owner monitor = Owner.of(ProcessHandle.of(pid).orElseThrow(
            () -> new IllegalArgumentException("no monitor process " + pid)));
        try {
          containers.startUnderMonitor(containers.store().require(id),
              MonitorChannel.over(monitor, answer.out, in));
        } finally {
          Networking.releasePortsHandedOver(answer::warn); // the monitor holds them from now on
        }
        return 0;
      }
      boolean restart = containers.exitUnderMonitor(id,
          Integer.parseInt(request.getOrDefault("code", "")), request.getOrDefault("finished",
              ""));
      return restart ? MonitorStep.RESTART : 0;
    } catch (IllegalArgumentException | IOException e) {
      answer.warn(e.getMessage());
      return start ? 125 : 1;
    } catch (RuntimeException e) {
      answer.warn(e.toString());
      return start ? 125 : 1;
    }
  }

  /** NUL-terminated {@code key=value} records up to an empty one. */
  private static Map<String, String> readRequest(InputStream in) throws IOException {
    Map<String, String> records = new HashMap<>();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b != 0) {
        record.write(b);
        continue;
      }
      if (record.size() == 0) {
        return records;
      }
      String text = record.toString(StandardCharsets.UTF_8);
      int eq = text.indexOf('=');
      if (eq > 0) {
        records.put(text.substring(0, eq), text.substring(eq + 1));
      }
      record.reset();
    }
    throw new IOException("a monitor's step request ended early");
  }

  /** The step's records to the monitor: its warnings as lines of the container's log. */
  private static final class StepAnswer {
    private final OutputStream out;

    StepAnswer(OutputStream out) {
      this.out = out;
    }

    synchronized void warn(String message) {
      try {
        record("err=hoist: " + message.replace('\0', ' ').replace('\n', ' '));
        out.flush();
      } catch (IOException gone) {
        // the monitor is gone: nobody to tell
      }
    }

    synchronized void record(String record) throws IOException {
      out.write(record.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
  }

  /**
   * Stops accepting, then waits (up to {@value #DRAIN_SECONDS} s) for the steps being served to
   * end: a program that exits right after (a CLI command) would otherwise cut a step short, and
   * the monitor would run a cut exit step's command over what it had done.
   */
  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
    try {
      acceptor.join(1000); // it counts a connection it accepted before the close (serving)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long deadline = System.nanoTime() + DRAIN_SECONDS * 1_000_000_000L;
    synchronized (this) {
      try {
        for (long left = deadline - System.nanoTime(); serving > 0 && left > 0;
            left = deadline - System.nanoTime()) {
          wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final int DRAIN_SECONDS = 10;
}
