package dev.hoist.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --progress} and {@code -q}: how pull, push and copy show their transfers. */
final class ProgressOption {
  @Option(names = {"-q", "--quiet"},
      description = "No progress, and only the image's name on standard output (as --progress=quiet, plus Docker's output).")
  boolean quiet;

  @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|plain|tty|quiet",
      description = "How to show progress on standard error (default: bars on a terminal, else plain lines).")
  String progress;

  ProgressDisplay display(PrintWriter err) {
    return new ProgressDisplay(err, quiet ? ProgressDisplay.Mode.QUIET
        : ProgressDisplay.Mode.parse(progress));
  }
}
