package dev.hoist.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --progress}: how pull, push and copy show their transfers. */
final class ProgressOption {
  @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|plain|tty|quiet",
      description = "How to show progress on standard error (default: bars on a terminal, else plain lines).")
  String progress;

  ProgressDisplay display(PrintWriter err) {
    return new ProgressDisplay(err, ProgressDisplay.Mode.parse(progress));
  }
}
