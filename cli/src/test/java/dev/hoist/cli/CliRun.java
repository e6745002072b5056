package dev.hoist.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one run of the CLI printed and returned, for the command tests. */
record CliRun(int code, String out, String err) {
  /** Runs {@code hoist args...} in this JVM with captured output. */
  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }
}
