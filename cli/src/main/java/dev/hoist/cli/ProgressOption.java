package dev.hoist.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --progress}: how pull, push and copy show their transfers. */
final class ProgressOption {
  @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|plain|tty|quiet",
      description = "How to show progress on standard error (default: bars on a terminal, else plain lines).")
  String progress;

  ProgressDisplay display(PrintWriter err) {
    return display(err, false);
  }

  /** With {@code quiet} (pull's and push's {@code -q}), no progress whatever the mode. */
  ProgressDisplay display(PrintWriter err, boolean quiet) {
    return new ProgressDisplay(err, quiet ? ProgressDisplay.Mode.QUIET
        : ProgressDisplay.Mode.parse(progress));
  }
}
