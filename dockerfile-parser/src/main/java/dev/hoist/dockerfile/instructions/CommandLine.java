package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * The command of RUN, CMD or ENTRYPOINT: the exec-form strings, or a shell-form command line
 * (one string) that runs through the stage's SHELL ({@code prependShell}).
 *
 * @param args the exec-form strings, or the shell-form command line as one string
 * @param prependShell whether it runs through the shell
 */
public record CommandLine(List<String> args, boolean prependShell) {
  /**
   * Creates the record; lists and maps are copied.
   *
   * @param args the exec-form strings, or the shell-form command line as one string
   * @param prependShell whether it runs through the shell
   */
  public CommandLine {
    args = List.copyOf(args);
  }
}
