package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.MediaTypes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The two ways progress is shown: bars redrawn in place on a terminal, plain lines otherwise. */
class ProgressDisplayTest {
  private static final Descriptor LAYER = Descriptor.of(MediaTypes.OCI_LAYER_GZIP,
      Digest.sha256("layer".getBytes(StandardCharsets.UTF_8)), 10_000_000);
  private static final Descriptor CONFIG = Descriptor.of(MediaTypes.OCI_CONFIG,
      Digest.sha256("config".getBytes(StandardCharsets.UTF_8)), 500);

  @Test
  void plainLinesPerStateChange() {
    StringWriter err = new StringWriter();
    ProgressDisplay display = new ProgressDisplay(new PrintWriter(err), ProgressDisplay.Mode.PLAIN);
    display.started(LAYER, "Downloading");
    display.progress(LAYER, 5_000_000);
    display.finished(CONFIG, "Already exists");
    display.finished(LAYER, "Pull complete");
    String l = LAYER.digest().shortHex();
    assertEquals(l + ": Downloading (10.0MB)\n" + CONFIG.digest().shortHex() + ": Already exists\n"
        + l + ": Pull complete\n", err.toString());
  }

  @Test
  void terminalBarsAreRedrawnInPlace() throws InterruptedException {
    StringWriter err = new StringWriter();
    ProgressDisplay display = new ProgressDisplay(new PrintWriter(err), ProgressDisplay.Mode.TTY);
    display.started(LAYER, "Downloading");
    display.started(CONFIG, "Downloading");
    display.finished(CONFIG, "Pull complete");
    Thread.sleep(150); // redraws are at most ten a second
    display.progress(LAYER, 5_000_000);
    display.finished(LAYER, "Pull complete");
    String out = err.toString();
    assertTrue(out.contains("\033[2A"), "moves up over the two lines to redraw them: " + out);
    assertTrue(out.contains("[" + "=".repeat(15) + ">" + " ".repeat(14) + "] 5.00MB/10.0MB"), "a half-filled bar: " + out);
    String last = out.substring(out.lastIndexOf("\033[2A") + 4);
    assertEquals("\033[2K" + LAYER.digest().shortHex() + ": Pull complete\n\033[2K" + CONFIG.digest().shortHex()
        + ": Pull complete\n", last);
  }

  @Test
  void quietShowsNothing() {
    StringWriter err = new StringWriter();
    ProgressDisplay display = new ProgressDisplay(new PrintWriter(err), ProgressDisplay.Mode.QUIET);
    display.started(LAYER, "Pushing");
    display.finished(LAYER, "Pushed");
    assertEquals("", err.toString());
  }
}
