package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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

  /** As {@link #run}, asserting exit code 0 (the command and its output in the failure). */
  static CliRun ok(String... args) {
    CliRun r = run(args);
    assertEquals(0, r.code(), () -> String.join(" ", args) + " → exit " + r.code() + "\nout: "
        + r.out() + "\nerr: " + r.err());
    return r;
  }

  /** As {@link #run}, asserting a non-zero exit code. */
  static CliRun refused(String... args) {
    CliRun r = run(args);
    assertNotEquals(0, r.code(), () -> String.join(" ", args) + " succeeded:\n" + r.out());
    return r;
  }
}
