package dev.hoist.internal.cache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Digest;
import dev.hoist.fixtures.ChildJvm;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  @TempDir Path dir;

  private ContentStore store() {
    return new ContentStore(dir.resolve("blobs"));
  }

  @Test
  void putAndReadBack() throws Exception {
    ContentStore store = store();
    byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
    Digest digest = store.put(content);
    assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        digest.toString());
    assertTrue(store.contains(digest));
    assertArrayEquals(content, store.read(digest));
    assertEquals(5L, store.size(digest).orElseThrow());
    assertEquals(dir.resolve("blobs/sha256/" + digest.hex()), store.path(digest));
    assertEquals(List.of(digest), store.list());
    assertTrue(store.verify(digest));
  }

  @Test
  void wrongDigestStoresNothing() throws Exception {
    ContentStore store = store();
    Digest claimed = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
    DigestMismatchException e = assertThrows(DigestMismatchException.class,
        () -> store.put(new ByteArrayInputStream("hello".getBytes()), claimed, -1));
    assertTrue(e.getMessage().contains("expected " + claimed), e.getMessage());
    assertFalse(store.contains(claimed));
    assertEquals(List.of(), store.list());
    assertNoTempFiles();
  }

  @Test
  void wrongSizeStoresNothing() throws Exception {
    ContentStore store = store();
    byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(content);
    assertThrows(DigestMismatchException.class,
        () -> store.put(new ByteArrayInputStream(content), digest, 4));
    assertThrows(DigestMismatchException.class,
        () -> store.put(new ByteArrayInputStream(content), digest, 6));
    assertFalse(store.contains(digest));
    assertNoTempFiles();
  }

  @Test
  void abandonedWriterLeavesNothing() throws Exception {
    ContentStore store = store();
    try (BlobWriter writer = store.writer()) {
      writer.write(new byte[1000]);
    }
    assertEquals(List.of(), store.list());
    assertNoTempFiles();
  }

  @Test
  void writingExistingContentAgainIsHarmless() throws Exception {
    ContentStore store = store();
    Digest first = store.put(new byte[] {1, 2, 3});
    Digest second = store.put(new byte[] {1, 2, 3});
    assertEquals(first, second);
    assertEquals(1, store.list().size());
  }

  @Test
  void missingBlobIsAClearError() {
    Digest digest = Digest.sha256(new byte[] {9});
    BlobNotFoundException e = assertThrows(BlobNotFoundException.class,
        () -> store().open(digest));
    assertTrue(e.getMessage().contains(digest.toString()));
  }

  @Test
  void verifyDetectsCorruption() throws Exception {
    ContentStore store = store();
    Digest digest = store.put("original".getBytes(StandardCharsets.UTF_8));
    Path file = store.path(digest);
    file.toFile().setWritable(true);
    Files.writeString(file, "tampered");
    assertFalse(store.verify(digest));
  }

  @Test
  void writerKilledAtAnyMomentNeverLeavesACorruptBlob() throws Exception {
    Path blobs = dir.resolve("blobs");
    Random random = new Random(42);
    int interrupted = 0;
    for (int round = 0; round < 12; round++) {
      Process writer = start(blobs, 8L << 20, round, 2);
      waitForLine(writer, "started");
      Thread.sleep(random.nextInt(400));
      writer.destroyForcibly(); // SIGKILL
      assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
      for (Digest digest : new ContentStore(blobs).list()) {
        assertTrue(new ContentStore(blobs).verify(digest), "corrupt blob " + digest);
      }
      if (tempFiles().size() > interrupted) {
        interrupted++; // this writer died mid-write: its temporary file is all that is left
      }
    }
    assertTrue(interrupted > 0, "no writer was killed mid-write; the test proved nothing");
    // and one that is left alone completes
    Process writer = start(blobs, 1L << 20, 99, 0);
    assertEquals(0, writer.waitFor());
    Digest digest = Digest.parse(lastLine(writer));
    assertTrue(new ContentStore(blobs).verify(digest));
  }

  @Test
  void concurrentWritersOfTheSameBlobInTwoProcesses() throws Exception {
    Path blobs = dir.resolve("blobs");
    List<Process> writers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      writers.add(start(blobs, 4L << 20, 7, 0)); // same seed: same content
    }
    List<String> digests = new ArrayList<>();
    for (Process writer : writers) {
      assertEquals(0, writer.waitFor(), () -> "writer failed");
      digests.add(lastLine(writer));
    }
    assertEquals(1, digests.stream().distinct().count(), digests.toString());
    ContentStore store = new ContentStore(blobs);
    assertEquals(List.of(Digest.parse(digests.get(0))), store.list());
    assertTrue(store.verify(Digest.parse(digests.get(0))));
    assertNoTempFiles();
  }

  private static Process start(Path blobs, long size, long seed, long pauseMillis)
      throws Exception {
    return ChildJvm.start(BlobWriterProcess.class, blobs.toString(), Long.toString(size),
        Long.toString(seed), Long.toString(pauseMillis));
  }

  private static void waitForLine(Process process, String expected) throws Exception {
    BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = reader.readLine();
    assertEquals(expected, line);
  }

  private static String lastLine(Process process) throws Exception {
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }

  private void assertNoTempFiles() throws Exception {
    assertEquals(List.of(), tempFiles());
  }

  private List<Path> tempFiles() throws Exception {
    Path sha = dir.resolve("blobs/sha256");
    if (!Files.isDirectory(sha)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(sha)) {
      return files.filter(p -> p.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX))
          .toList();
    }
  }
}
