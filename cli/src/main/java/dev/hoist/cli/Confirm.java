package dev.hoist.cli;

import java.io.Console;

/** The confirmation prune commands ask for, as Docker's: {@code [y/N]} unless {@code -f}. */
final class Confirm {
  private Confirm() {}

  /**
   * Whether to go on: yes with {@code force}; otherwise the answer to {@code prompt} (a format)
   * on the terminal. Without a terminal, a user error saying {@code what} and to use --force.
   */
  static boolean ask(String what, boolean force, String prompt) {
    if (force) {
      return true;
    }
    Console console = System.console();
    if (console == null) {
      throw new UserError(what + ": confirm with --force when not on a terminal");
    }
    String answer = console.readLine(prompt);
    return answer != null && answer.strip().equalsIgnoreCase("y");
  }
}
