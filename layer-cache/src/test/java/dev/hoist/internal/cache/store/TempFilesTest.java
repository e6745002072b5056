package dev.hoist.internal.cache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files of killed writers go the next time; those of live ones stay. */
class TempFilesTest {
  @TempDir Path dir;

  private static void age(Path p) throws Exception {
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofMinutes(2))));
  }

  private static List<String> tempNames(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(AtomicFiles.TEMP_PREFIX)).sorted().toList();
    }
  }

  /** A PID that was a process a moment ago and is no longer. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertEquals(0, p.waitFor());
    return p.pid();
  }

  @Test
  void aKilledBlobWritersTemporaryFileGoesALiveOnesStays() throws Exception {
    Path blobs = dir.resolve("blobs");
    Process writer = ChildJvm.start(BlobWriterProcess.class, blobs.toString(),
        Long.toString(1L << 30), "1", "1000");
    BufferedReader out = new BufferedReader(
        new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("started", out.readLine());
    writer.destroyForcibly(); // SIGKILL: no clean-up of its own
    assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
    Path sha = blobs.resolve("sha256");
    List<String> left = tempNames(sha);
    assertEquals(1, left.size(), "the killed writer's temporary file: " + left);
    age(sha.resolve(left.get(0)));
    Path mine = Files.writeString(sha.resolve(TempFiles.name()), "being written");
    age(mine);

    assertEquals(1, TempFiles.removeAbandoned(sha, null));
    assertEquals(List.of(mine.getFileName().toString()), tempNames(sha));
  }

  @Test
  void aCrashedSavesTemporaryFileGoesWithTheNextSaveToTheSamePlace() throws Exception {
    long dead = deadPid();
    Path target = dir.resolve("image.tar");
    Path crashed = Files.writeString(dir.resolve(AtomicFiles.TEMP_PREFIX + dead + "-"
        + java.util.UUID.randomUUID() + "-image.tar"), "half an archive");
    Path other = Files.writeString(dir.resolve(AtomicFiles.TEMP_PREFIX + dead + "-"
        + java.util.UUID.randomUUID() + "-other.tar"), "another file's");
    age(crashed);
    age(other);
    AtomicFiles.writeOutput(target, o -> o.write("whole".getBytes(StandardCharsets.UTF_8)));
    assertEquals("whole", Files.readString(target));
    assertEquals(List.of(other.getFileName().toString()), tempNames(dir),
        "only the temporary file of the same target goes");
  }
}
