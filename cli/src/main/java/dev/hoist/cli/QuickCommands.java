package dev.hoist.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.OptionalInt;

/**
 * The commands answered without picocli: {@code hoist version} and {@code hoist --version}
 * ({@code -V}), each alone on the command line. Their whole work is a few lines of text, and
 * picocli's model, built by reflection over annotations, costs a fresh JVM ten times more. The
 * text is the one the picocli commands print ({@link VersionCommand}, {@link VersionProvider});
 * any other argument goes through picocli.
 */
final class QuickCommands {
  private QuickCommands() {}

  /** The exit code when {@code args} is a quick command (its output printed), else empty. */
  static OptionalInt run(String[] args, PrintWriter out) {
    if (args.length != 1) {
      return OptionalInt.empty();
    }
    try {
      switch (args[0]) {
        case "version" -> VersionCommand.print(out);
        case "--version", "-V" -> {
          for (String line : new VersionProvider().getVersion()) {
            out.println(line);
          }
        }
        default -> {
          return OptionalInt.empty();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
    return OptionalInt.of(0);
  }
}
