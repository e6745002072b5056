package dev.hoist.cli;

import static dev.hoist.cli.ContainerCommandsTest.hoist;
import static dev.hoist.cli.ContainerCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist attach} with standard input: a detached container made with {@code -i} reads
 * what the attacher's stdin gives (through its monitor), the detach keys (Docker's default and
 * {@code --detach-keys}) end the attachment and leave it running, {@code --no-stdin} gives
 * nothing; on real containers (root and busybox-static).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttachStdinTest {
  @TempDir static Path dir;

  @BeforeAll
  void setUp() throws Exception {
    CliHome.withShImage(dir, "box:test");
  }

  @AfterAll
  void tearDown() {
    CliHome.release();
  }

  /** Runs {@code hoist args} with {@code in} as System.in, in the background. */
  private static CompletableFuture<ContainerCommandsTest.Result> withStdin(InputStream in,
      String... args) {
    return CompletableFuture.supplyAsync(() -> {
      InputStream saved = System.in;
      System.setIn(in);
      try {
        return hoist(args);
      } finally {
        System.setIn(saved);
      }
    });
  }

  private static String awaitLog(String id, String text) throws Exception {
    String logs = "";
    for (int i = 0; i < 300 && !logs.contains(text); i++) {
      Thread.sleep(50);
      logs = hoist("logs", id).out();
    }
    return logs;
  }

  @Test
  void attachedStdinReachesTheContainerAndTheDetachKeysLeaveItRunning() throws Exception {
    String id = ok("run", "-d", "-i", "--network", "none", "box:test", "sh", "-c",
        "while read line; do echo \"got $line\"; done; echo stdin ended").out().trim();
    try {
      PipedOutputStream keyboard = new PipedOutputStream();
      PipedInputStream in = new PipedInputStream(keyboard);
      // typed before the attachment begins: its answer is still the attachment's output (it
      // follows the log from before it passes stdin on; it once began after, and lost the
      // answer when a loaded machine delayed it, which a sleep here hid)
      keyboard.write("hello\n".getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      CompletableFuture<ContainerCommandsTest.Result> attach = withStdin(in, "attach", id);
      assertTrue(awaitLog(id, "got hello").contains("got hello"), "the line reached it");
      keyboard.write(new byte[] {0x10, 'x', '\n'}); // ctrl-p then another key: passed on
      keyboard.write(new byte[] {0x10, 0x11}); // ctrl-p, ctrl-q: detached
      keyboard.flush();
      ContainerCommandsTest.Result r = attach.get(30, TimeUnit.SECONDS);
      keyboard.close();
      assertEquals(0, r.code(), r.all());
      assertTrue(r.out().contains("got hello\n"), r.all());
      assertTrue(r.err().contains("read escape sequence"), r.all());
      assertTrue(awaitLog(id, "got \u0010x").contains("got \u0010x"), "a broken sequence goes on");
      assertEquals("running\n", ok("inspect", "-f", "{{.State.Status}}", id).out());

      // attached again, with keys of its own: the container's stdin was never closed
      PipedOutputStream again = new PipedOutputStream();
      CompletableFuture<ContainerCommandsTest.Result> second = withStdin(
          new PipedInputStream(again), "attach", "--detach-keys", "ctrl-a,d", id);
      again.write("twice\n\u0001d".getBytes(StandardCharsets.UTF_8));
      again.flush();
      ContainerCommandsTest.Result r2 = second.get(30, TimeUnit.SECONDS);
      again.close();
      assertEquals(0, r2.code(), r2.all());
      assertTrue(awaitLog(id, "got twice").contains("got twice"));
      assertEquals("running\n", ok("inspect", "-f", "{{.State.Status}}", id).out());
    } finally {
      ok("rm", "-f", id);
    }
  }

  @Test
  void noStdinGivesNothingAndTheAttachmentEndsWithTheContainer() throws Exception {
    String id = ok("run", "-d", "-i", "--network", "none", "box:test", "sh", "-c",
        "sleep 1; echo done; exit 3").out().trim();
    try {
      CompletableFuture<ContainerCommandsTest.Result> attach = withStdin(
          new java.io.ByteArrayInputStream("ignored\n".getBytes(StandardCharsets.UTF_8)),
          "attach", "--no-stdin", id);
      ContainerCommandsTest.Result r = attach.get(60, TimeUnit.SECONDS);
      assertEquals(3, r.code(), r.all());
      assertEquals("done\n", r.out(), r.all());
    } finally {
      ok("rm", "-f", id);
    }
  }

  @Test
  void badDetachKeysAreRefusedWithDockersMessage() {
    ContainerCommandsTest.Result r = hoist("attach", "--detach-keys", "ctrl-1", "x");
    assertTrue(r.code() != 0, r.all());
    assertTrue(r.err().contains("Unknown character: 'ctrl-1'"), r.all());
  }
}
