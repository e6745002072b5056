package dev.hoist.cache.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs real command-line tools (skopeo, umoci, tar) for interoperability tests. */
final class Tools {
  private Tools() {}

  /** Skips the test, saying what is missing, when a tool is not installed. */
  static void require(String tool) {
    boolean found = false;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        found = true;
        break;
      }
    }
    Assumptions.assumeTrue(found, tool + " is not installed (apt-get install " + tool
        + "); skipping this interoperability test");
  }

  /** Runs a command, fails the test on a non-zero exit, returns its standard output. */
  static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    process.waitFor(120, TimeUnit.SECONDS);
    assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed: "
        + new String(err, StandardCharsets.UTF_8));
    return new String(out, StandardCharsets.UTF_8);
  }
}
