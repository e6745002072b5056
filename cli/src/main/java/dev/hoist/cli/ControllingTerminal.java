package dev.hoist.cli;

import dev.hoist.internal.runtime.TerminalSize;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * This process's controlling terminal, for a command that relays a container's terminal
 * ({@code hoist attach}): its size ({@code stty size} on {@code /dev/tty}: the JVM has no call
 * for it) and its SIGWINCH.
 */
final class ControllingTerminal {
  private ControllingTerminal() {}

  /** Its size; empty without a controlling terminal (or one of size 0). */
  static Optional<TerminalSize> size() {
    try {
      return stty(ProcessBuilder.Redirect.from(new File("/dev/tty")), "size").map(out -> {
        String[] rowsCols = out.split("\\s+");
        return new TerminalSize(Integer.parseInt(rowsCols[0]), Integer.parseInt(rowsCols[1]));
      });
    } catch (RuntimeException e) {
      return Optional.empty(); // a size of 0, or stty's output not two numbers
    }
  }

  /**
   * Puts the terminal of this process's standard input into raw mode ({@code stty raw -echo},
   * as the docker CLI does for a TTY container), so that keys (detach keys, Ctrl-C for the
   * container) arrive one by one and unechoed, until the returned handle restores it; nothing
   * when standard input is no terminal.
   */
  static AutoCloseable raw() {
    if (System.console() == null) {
      return () -> { };
    }
    ProcessBuilder.Redirect stdin = ProcessBuilder.Redirect.INHERIT;
    Optional<String> saved = stty(stdin, "-g");
    if (saved.isEmpty() || stty(stdin, "raw", "-echo").isEmpty()) {
      return () -> { };
    }
    return () -> stty(stdin, saved.get());
  }

  /**
   * {@code stty ARGS} on the terminal {@code input} redirects from; its output, empty when it
   * failed (no terminal, no stty).
   */
  private static Optional<String> stty(ProcessBuilder.Redirect input, String... args) {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("stty"));
    command.addAll(java.util.List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectInput(input)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
          .trim();
      return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Calls {@code resized} with the terminal's size now and on each SIGWINCH (the window
   * changed), until the returned handle is closed; nothing without a terminal.
   */
  static AutoCloseable follow(java.util.function.Consumer<TerminalSize> resized) {
    Optional<TerminalSize> now = size();
    if (now.isEmpty()) {
      return () -> { };
    }
    resized.accept(now.get());
    return SignalHandlers.install(java.util.List.of("WINCH"), s -> size().ifPresent(resized));
  }
}
