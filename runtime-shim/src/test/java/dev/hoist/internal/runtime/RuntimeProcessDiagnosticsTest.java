package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A clean-up that fails after a container's process ended is told to the {@link Diagnostics}
 * the runtime was given, not printed by the library on standard error.
 */
class RuntimeProcessDiagnosticsTest {
  @Test
  void aFailedCleanUpIsToldToTheDiagnosticsAndNothingIsPrinted() throws Exception {
    List<String> told = new CopyOnWriteArrayList<>();
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      Process p = new ProcessBuilder("true").start();
      RuntimeProcess process = new RuntimeProcess(p, () -> {
        throw new IOException("cgroup busy");
      }, told::add);
      assertEquals(0, process.waitFor());
    } finally {
      System.setErr(stderr);
    }
    assertEquals(List.of("cleaning up after the container: cgroup busy"), told);
    assertEquals("", printed.toString(StandardCharsets.UTF_8));
  }
}
