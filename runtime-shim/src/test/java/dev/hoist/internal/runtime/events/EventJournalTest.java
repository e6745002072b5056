package dev.hoist.internal.runtime.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events journal: Docker's message shape on each line, whole lines under many concurrent
 * appenders (threads and separate processes), since/until, follow mode across rotations.
 */
class EventJournalTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private EventJournal journal(long cap) {
    return new EventJournal(dir, cap, message -> {
      throw new AssertionError(message);
    });
  }

  @Test
  void aLineHasDockersEventMessageShapeWithTheLegacyFields() throws Exception {
    Instant at = Instant.parse("2024-05-01T12:00:00.123456789Z");
    journal(EventJournal.DEFAULT_CAP).append(Event.of(Event.CONTAINER, "start", "abc",
        Map.of("name", "web", "image", "busybox"), at));
    journal(EventJournal.DEFAULT_CAP).append(Event.of(Event.VOLUME, "create", "data",
        Map.of("driver", "local"), at));
    List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
    assertEquals("{\"status\":\"start\",\"id\":\"abc\",\"from\":\"busybox\",\"Type\":\"container\","
        + "\"Action\":\"start\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"image\":\"busybox\","
        + "\"name\":\"web\"}},\"scope\":\"local\",\"time\":1714564800,"
        + "\"timeNano\":1714564800123456789}", lines.get(0));
    assertEquals("{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"data\","
        + "\"Attributes\":{\"driver\":\"local\"}},\"scope\":\"local\",\"time\":1714564800,"
        + "\"timeNano\":1714564800123456789}", lines.get(1));
  }

  /** A line of about 3 KiB, so that torn writes would show. */
  private static Event big(String writer, int n) {
    return Event.of(Event.CONTAINER, "start", writer + "-" + n,
        Map.of("name", writer, "padding", "x".repeat(3000)));
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
      parsed.add(JSON.readTree(line)); // a torn or interleaved line would not parse
    }
    return parsed;
  }

  /**
   * An append that fails with an exception without a message (an interrupted write's
   * {@code ClosedByInterruptException}) is warned of by the exception's name, never "null".
   */
  @Test
  void aFailureWithoutAMessageIsWarnedOfByItsName() {
    List<String> warnings = new CopyOnWriteArrayList<>();
    Thread.currentThread().interrupt();
    try {
      new EventJournal(dir, EventJournal.DEFAULT_CAP, warnings::add).append(big("w", 1));
    } finally {
      Thread.interrupted();
    }
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).endsWith(": java.nio.channels.ClosedByInterruptException"),
        warnings.get(0));
  }

  @Test
  void concurrentThreadsNeverInterleavePartialLines() throws Exception {
    EventJournal journal = journal(EventJournal.DEFAULT_CAP * 4);
    int threads = 8;
    int each = 300;
    appendTogether(threads, each, t -> journal, "t");
    assertWholeAndInOrderPerWriter(lines(), threads, each, "t");
  }

  /**
   * {@code threads} threads let go at once, thread {@code t} appending {@code each} events
   * named {@code prefix + t} to {@code journals.apply(t)}; returns once all have ended.
   */
  private static void appendTogether(int threads, int each,
      java.util.function.IntFunction<EventJournal> journals, String prefix) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      EventJournal journal = journals.apply(t);
      String name = prefix + t;
      Thread thread = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < each; i++) {
          journal.append(big(name, i));
        }
      });
      thread.start();
      started.add(thread);
    }
    go.countDown();
    for (Thread t : started) {
      t.join();
    }
  }

  /**
   * Threads of one JVM rotating at once (the service's: each of its journals over one file)
   * take the rotation lock in turn: a JVM holds one file lock per file, and a second
   * {@code lock()} of it would throw {@code OverlappingFileLockException}, told as an event
   * not recorded.
   */
  @Test
  void threadsRotatingAtOnceTakeTheLockInTurn() throws Exception {
    List<String> warnings = new CopyOnWriteArrayList<>();
    // a journal each, as the service's services have: the guard is the file's, not the object's;
    // each line is larger than the cap, so every append rotates
    appendTogether(8, 150, t -> new EventJournal(dir, 1024, warnings::add), "r");
    assertEquals(List.of(), warnings.stream().distinct().limit(3).toList());
  }

  /** Appends {@code args[2]} events named {@code args[1]} to the journal in {@code args[0]}. */
  public static void main(String[] args) {
    EventJournal journal = new EventJournal(Path.of(args[0]), EventJournal.DEFAULT_CAP * 4,
        message -> {
          System.err.println(message);
          System.exit(2);
        });
    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
      journal.append(big(args[1], i));
    }
  }

  @Test
  void concurrentProcessesNeverInterleavePartialLines() throws Exception {
    int processes = 6;
    int each = 400;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> running = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      running.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          EventJournalTest.class.getName(), dir.toString(), "p" + p, Integer.toString(each))
          .redirectErrorStream(true).start());
    }
    for (Process p : running) {
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), output);
    }
    assertWholeAndInOrderPerWriter(lines(), processes, each, "p");
  }

  private static void assertWholeAndInOrderPerWriter(List<JsonNode> lines, int writers, int each,
      String prefix) {
    assertEquals(writers * each, lines.size());
    for (int w = 0; w < writers; w++) {
      String name = prefix + w;
      List<String> ids = new ArrayList<>();
      for (JsonNode line : lines) {
        if (line.get("Actor").get("Attributes").get("name").asText().equals(name)) {
          ids.add(line.get("Actor").get("ID").asText());
          assertEquals(3000, line.get("Actor").get("Attributes").get("padding").asText()
              .length());
        }
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < each; i++) {
        expected.add(name + "-" + i);
      }
      assertEquals(expected, ids, "writer " + name);
    }
  }

  @Test
  void readSelectsSinceAndUntilAndStopsWithoutFollow() throws Exception {
    EventJournal journal = journal(EventJournal.DEFAULT_CAP);
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < 5; i++) {
      journal.append(Event.of(Event.IMAGE, "tag", "img" + i, Map.of(), t0.plusSeconds(i)));
    }
    List<String> seen = new ArrayList<>();
    journal.read(t0.plusSeconds(1), t0.plusSeconds(3), true, e -> seen.add(e.actor().id()));
    assertEquals(List.of("img1", "img2", "img3"), seen);
  }

  @Test
  void followSeesAnEventAppendedAfterItStartedAndNotTheOlderOnes() throws Exception {
    EventJournal journal = journal(EventJournal.DEFAULT_CAP);
    journal.append(Event.of(Event.NETWORK, "create", "old", Map.of()));
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try {
        journal.read(null, null, true, e -> {
          seen.add(e.actor().id());
          return !e.actor().id().equals("last");
        });
      } catch (Exception e) {
        seen.add("failed: " + e);
      }
    });
    reader.start();
    awaitFollowing(reader);
    journal.append(Event.of(Event.NETWORK, "create", "new", Map.of()));
    journal.append(Event.of(Event.NETWORK, "destroy", "last", Map.of()));
    end(reader, Duration.ofSeconds(30));
    assertEquals(List.of("new", "last"), seen);
  }

  @Test
  void rotationKeepsTheCapAndAFollowerMissesNothingAcrossIt() throws Exception {
    long cap = 16 * 1024;
    EventJournal journal = journal(cap);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    int total = 60; // about 180 KiB: ten rotations
    Thread reader = new Thread(() -> {
      try {
        journal.read(null, null, true, e -> {
          seen.add(e.actor().id());
          return seen.size() < total;
        });
      } catch (Exception e) {
        seen.add("failed: " + e);
      }
    });
    reader.start();
    awaitFollowing(reader);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (int i = 0; i < total; i++) {
      // the follower has read everything before this one, so one rotation between its reads at
      // most (two lose lines, as EventJournal says), however late a loaded machine runs it
      while (seen.size() < i && reader.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(i, seen.size(), "the follower missed events before r-" + i + ": " + seen);
      journal.append(big("r", i));
    }
    end(reader, Duration.ofSeconds(30));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      expected.add("r-" + i);
    }
    assertEquals(expected, seen);
    Path current = dir.resolve("events.jsonl"); // absent when the last append rotated it
    assertTrue(!Files.exists(current) || Files.size(current) <= cap + 4096);
    assertTrue(Files.size(dir.resolve("events.1.jsonl")) <= cap + 4096);
    // a replay from the start reads the rotated file, then the current one, in order
    List<String> replay = new ArrayList<>();
    journal.read(Instant.EPOCH, Instant.now(), false, e -> replay.add(e.actor().id()));
    Set<String> unique = new HashSet<>(replay);
    assertEquals(replay.size(), unique.size());
    assertEquals(expected.subList(total - replay.size(), total), replay);
  }

  @Test
  void signalsAreNumberedAsDockersKillEvents() {
    assertEquals("15", Signals.number("TERM"));
    assertEquals("9", Signals.number("SIGKILL"));
    assertEquals("10", Signals.number("usr1"));
    assertEquals("12", Signals.number("12"));
  }

  /** Waits until {@code reader} sleeps between polls: it has taken its place at the end. */
  private static void awaitFollowing(Thread reader) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (reader.getState() != Thread.State.TIMED_WAITING && reader.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  /** Joins {@code reader}, interrupting it if it is still following: it ends before @TempDir. */
  private static void end(Thread reader, Duration within) throws InterruptedException {
    reader.join(within.toMillis());
    if (reader.isAlive()) {
      reader.interrupt();
      reader.join();
    }
  }
}
