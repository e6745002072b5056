package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs one of the host's network tools ({@code ip}, {@code iptables}) as a process: its
 * standard input is the given text (an {@code ip -batch -} script), its output and errors come
 * back together.
 */
final class HostCommand {
  private HostCommand() {}

  /** What a command printed and how it exited. */
  record Result(int code, String output) {
    boolean ok() {
      return code == 0;
    }
  }

  static Result run(List<String> command, String stdin) throws IOException {
    Process p = start(command);
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    return finish(p, command);
  }

  /**
   * Starts the command, its standard input closed: {@link #finish} waits for it. A program just
   * extracted ({@code hoist-net}) can be refused once with ETXTBSY ("error=26, Text file busy"):
   * a process forked by another thread of this JVM at the moment it was being written holds
   * the written file's descriptor until it execs; tried again a few times, as Go's os/exec does.
   */
  static Process start(List<String> command) throws IOException {
    return start(new ProcessBuilder(command).redirectErrorStream(true));
  }

  /**
   * Starts the command to run on its own, beyond this process's life if need be: its input
   * and output go nowhere (no pipe to this JVM that would break when it exits). Nobody reads
   * what it says: it must leave what it could not do for a later repair to find.
   */
  static Process startOnItsOwn(List<String> command) throws IOException {
    return start(new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD));
  }

  private static Process start(ProcessBuilder builder) throws IOException {
    List<String> command = builder.command();
    for (int attempt = 0; ; attempt++) {
      try {
        return builder.start();
      } catch (IOException e) {
        if (textFileBusy(e) && attempt < 20) {
          pause(5L * (attempt + 1));
          continue;
        }
        throw new IOException("the bridge network needs " + command.get(0) + " ("
            + (command.get(0).startsWith("/") ? "hoist's own helper"
                : "apt-get install " + (command.get(0).equals("ip") ? "iproute2" : command.get(0)))
            + "), or use --network none: " + e.getMessage(), e);
      }
    }
  }

  private static boolean textFileBusy(IOException e) {
    return e.getMessage() != null && e.getMessage().contains("error=26,");
  }

  private static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting a host command", e);
    }
  }

  /** Waits for {@code p} (started from {@code command}), with what it printed. */
  static Result finish(Process p, List<String> command) throws IOException {
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      return new Result(p.waitFor(), out.trim());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }

  static Result run(String... command) throws IOException {
    return run(List.of(command), null);
  }

  /** Runs the command and fails with its output when it fails. */
  static String check(List<String> command, String stdin) throws IOException {
    Result r = run(command, stdin);
    if (!r.ok()) {
      throw new IOException(String.join(" ", command)
          + (stdin == null ? "" : " <<< " + stdin.strip().replace('\n', ';'))
          + ": " + r.output());
    }
    return r.output();
  }

  static String check(String... command) throws IOException {
    return check(List.of(command), null);
  }
}
