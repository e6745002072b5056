package dev.hoist.internal.runtime.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * {@code hoist-net serve} processes that run {@code hoist-net}'s commands for this JVM, so that
 * an attach or a removal costs a fork in a small C process instead of a process start from the
 * JVM (in a warm Engine API service, two of those were a fifth of a {@code docker run --rm}).
 * One request at a time per process; a caller takes an idle one (or starts one) and gives it
 * back when its answer is read. The processes end when this JVM does: their input closes. A
 * program about to exit ends them first ({@link #endIdle}): a JVM exits only once no thread is
 * in a native call or 0.3 s have passed, and each live server's process reaper waits in one.
 */
public final class NetHelperServers {
  /** Idle processes kept beyond this many are ended. */
  private static final int KEEP_IDLE = 4;
  private static final ConcurrentLinkedDeque<Server> IDLE = new ConcurrentLinkedDeque<>();

  private NetHelperServers() {}

  /**
   * Ends the idle servers and waits up to {@code wait} for them to exit (a removal's kernel tail
   * they still wait for takes some milliseconds): for a command about to exit.
   */
  public static void endIdle(java.time.Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    List<Server> ending = new java.util.ArrayList<>();
    for (Server s = IDLE.pollFirst(); s != null; s = IDLE.pollFirst()) {
      s.end();
      ending.add(s);
    }
    try {
      for (Server s : ending) {
        s.process.waitFor(Math.max(0, deadline - System.nanoTime()),
            java.util.concurrent.TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends {@code args} (hoist-net's command line without the program) to an idle server. */
  static Call begin(String binary, List<String> args) throws IOException {
    for (String a : args) {
      if (a.isEmpty() || a.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("hoist-net argument " + a + ": empty or with NUL");
      }
    }
    Server idle = IDLE.pollFirst();
    while (idle != null) {
      if (idle.binary.equals(binary) && idle.send(args)) {
        return new Call(idle, args);
      }
      idle.end(); // gone (or another build's binary): a fresh one below
      idle = IDLE.pollFirst();
    }
    Server fresh = new Server(binary);
    if (!fresh.send(args)) {
      fresh.end();
      throw new IOException(binary + " serve ended at once (" + fresh.exitStatus() + ")");
    }
    return new Call(fresh, args);
  }

  /** A request sent, its answer not read yet. */
  static final class Call {
    private final Server server;
    private final List<String> args;

    private Call(Server server, List<String> args) {
      this.server = server;
      this.args = args;
    }

    /** Waits for the answer: what the command printed, how it exited. */
    HostCommand.Result finish() throws IOException {
      HostCommand.Result r;
      try {
        r = server.answer();
      } catch (IOException e) {
        server.end();
        throw new IOException("hoist-net " + String.join(" ", args) + ": " + e.getMessage(), e);
      }
      if (IDLE.size() < KEEP_IDLE) {
        IDLE.addFirst(server);
      } else {
        server.end();
      }
      return r;
    }
  }

  /** One {@code hoist-net serve} process. */
  private static final class Server {
    final String binary;
    private final Process process;
    private final OutputStream in;
    private final InputStream out;

    Server(String binary) throws IOException {
      this.binary = binary;
      this.process = HostCommand.startServing(List.of(binary, "serve"));
      this.in = process.getOutputStream();
      this.out = process.getInputStream();
    }

    /** Writes one request; false when the process is gone. */
    boolean send(List<String> args) {
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes((args.size() + "\n").getBytes(StandardCharsets.US_ASCII));
      for (String a : args) {
        request.writeBytes(a.getBytes(StandardCharsets.UTF_8));
        request.write(0);
      }
      try {
        in.write(request.toByteArray());
        in.flush();
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    /** Reads one answer: "STATUS LENGTH\n" and LENGTH bytes. */
    HostCommand.Result answer() throws IOException {
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      for (int b = out.read(); b != '\n'; b = out.read()) {
        if (b < 0 || header.size() > 64) {
          throw new IOException("no answer from " + binary + " serve"
              + (process.isAlive() ? "" : " (it exited " + exitCode() + ")"));
        }
        header.write(b);
      }
      byte[] h = header.toByteArray();
      String[] fields = new String(h, StandardCharsets.US_ASCII).split(" ");
      int status;
      int length;
      try {
        status = Integer.parseInt(fields[0]);
        length = Integer.parseInt(fields[1]);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        length = -1;
        status = 0;
      }
      if (length < 0) {
        throw new IOException("a garbled answer from " + binary + " serve: "
            + new String(h, StandardCharsets.US_ASCII));
      }
      byte[] text = out.readNBytes(length);
      if (text.length != length) {
        throw new IOException("a cut answer from " + binary + " serve");
      }
      return new HostCommand.Result(status, new String(text, StandardCharsets.UTF_8).trim());
    }

    private String exitCode() {
      try {
        return Integer.toString(process.exitValue());
      } catch (IllegalThreadStateException e) {
        return "?";
      }
    }

    String exitStatus() {
      return process.isAlive() ? "running" : "exit " + exitCode();
    }

    /**
     * Ends it: its input closed, it exits once a request under way is answered (its output is
     * closed then, not before: a server whose answer could not be written would die mid-way).
     */
    void end() {
      try {
        in.close();
      } catch (IOException e) {
        // gone already
      }
      process.onExit().thenRun(() -> {
        try {
          out.close();
        } catch (IOException e) {
          // closed already
        }
      });
    }
  }
}
