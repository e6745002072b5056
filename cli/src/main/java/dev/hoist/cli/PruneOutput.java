package dev.hoist.cli;

import java.io.PrintWriter;
import java.util.List;

/** What the prune commands print, as Docker's: a titled section per kind removed, the total. */
final class PruneOutput {
  private final PrintWriter out;

  PruneOutput(PrintWriter out) {
    this.out = out;
  }

  /** {@code title}, the lines, an empty line; nothing when nothing of the kind was removed. */
  PruneOutput section(String title, List<String> lines) {
    if (!lines.isEmpty()) {
      out.println(title);
      lines.forEach(out::println);
      out.println();
    }
    return this;
  }

  /** {@code Total reclaimed space: SIZE}. */
  void total(long bytes) {
    out.println("Total reclaimed space: " + Sizes.human(bytes));
  }
}
