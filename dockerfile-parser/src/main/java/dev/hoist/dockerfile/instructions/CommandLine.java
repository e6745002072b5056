package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * The command of RUN, CMD or ENTRYPOINT: the exec-form strings, or a shell-form command line
 * (one string) that runs through the stage's SHELL ({@code prependShell}).
 */
public record CommandLine(List<String> args, boolean prependShell) {
  public CommandLine {
    args = List.copyOf(args);
  }
}
