package dev.hoist.internal.cache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.Privileges;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertEquals(0, p.waitFor(), String.join(" ", command));
  }

  private long leftovers() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX))
          .count();
    }
  }

  @Test
  void aRegularOutputIsReplacedAtomicallyAndASymlinkWrittenThrough() throws Exception {
    Path file = dir.resolve("image.tar");
    Files.writeString(file, "old");
    AtomicFiles.writeOutput(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
    assertEquals("new", Files.readString(file));
    Path link = dir.resolve("link.tar");
    Files.createSymbolicLink(link, file.getFileName());
    AtomicFiles.writeOutput(link, out -> out.write("through".getBytes(StandardCharsets.UTF_8)));
    assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
    assertEquals("through", Files.readString(file));
    assertEquals(0, leftovers());
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws Exception {
    Path file = dir.resolve("image.tar");
    Files.writeString(file, "old");
    assertThrows(IOException.class, () -> AtomicFiles.writeOutput(file, out -> {
      out.write(new byte[100_000]);
      throw new IOException("registry gone");
    }));
    assertEquals("old", Files.readString(file));
    assertEquals(0, leftovers());
    assertThrows(IOException.class, () -> AtomicFiles.writeOutput(dir, out -> { }));
  }

  @Test
  void aDeviceOrFifoIsWrittenIntoNotReplaced() throws Exception {
    // hoist save -o /dev/null used to rename a regular file over the device node
    Assumptions.assumeTrue(Privileges.isRoot(), "needs root to make a device node");
    Path devNull = dir.resolve("null");
    run("mknod", "-m", "666", devNull.toString(), "c", "1", "3");
    AtomicFiles.writeOutput(devNull, out -> out.write(new byte[1 << 20]));
    assertTrue(!Files.isRegularFile(devNull) && Files.exists(devNull),
        "the device node was replaced");
    assertEquals(0, leftovers());

    Path fifo = dir.resolve("fifo");
    run("mkfifo", fifo.toString());
    CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readAllBytes(fifo);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    AtomicFiles.writeOutput(fifo, out -> out.write("piped".getBytes(StandardCharsets.UTF_8)));
    assertArrayEquals("piped".getBytes(StandardCharsets.UTF_8), read.get());
    assertTrue(!Files.isRegularFile(fifo), "the FIFO was replaced");
  }
}
