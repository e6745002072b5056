package dev.hoist.internal.runtime.net;

import dev.hoist.internal.runtime.ProgramStart;
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
   * Starts the command, its standard input closed: {@link #finish} waits for it ({@link
   * ProgramStart}: a just extracted {@code hoist-net} busy for a moment is tried again).
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

  /**
   * Starts a helper that serves this JVM through its standard input and output ({@link
   * NetHelperServers}); what it says on its standard error goes nowhere (it would hold this
   * JVM's error stream open for whoever waits for it to close).
   */
  static Process startServing(List<String> command) throws IOException {
    return start(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD));
  }

  private static Process start(ProcessBuilder builder) throws IOException {
    List<String> command = builder.command();
    try {
      return ProgramStart.start(builder);
    } catch (IOException e) {
      throw new IOException("the bridge network needs " + command.get(0) + " ("
          + (command.get(0).startsWith("/") ? "hoist's own helper"
              : "apt-get install " + (command.get(0).equals("ip") ? "iproute2" : command.get(0)))
          + "), or use --network none: " + e.getMessage(), e);
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
