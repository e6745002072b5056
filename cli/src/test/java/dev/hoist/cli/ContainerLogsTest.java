package dev.hoist.cli;

import static dev.hoist.cli.ContainerCommandsTest.hoist;
import static dev.hoist.cli.ContainerCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.fixtures.ChildJvm;
import dev.hoist.internal.cache.store.HoistHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist logs} of every container, foreground ones included (with and without a
 * terminal), and its {@code --since}, {@code --until}, {@code --details}: real containers run
 * by the shim from a busybox image (root and busybox-static; skipped otherwise).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerLogsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Escapes, a tab, a control byte, invalid UTF-8 and a partial last line. */
  private static final String AWKWARD =
      "printf 'one\\n'; printf 'two\\n' >&2; printf 'q\"b\\\\s\\tt\\001\\377\\303\\251nd'";

  @TempDir static Path dir;
  Path home;

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
    home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "busybox:logs", ContainerConfig.builder()
        .cmd(List.of("sh")).build());
  }

  @AfterAll
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  @Test
  void aForegroundContainersLogHoldsWhatADetachedOnesHolds() throws Exception {
    ok("run", "--name", "fg-awkward", "busybox:logs", "sh", "-c", AWKWARD);
    ok("run", "-d", "--name", "bg-awkward", "busybox:logs", "sh", "-c", AWKWARD);
    ok("wait", "bg-awkward");
    ContainerCommandsTest.Result logs = ok("logs", "fg-awkward");
    assertEquals("one\nq\"b\\s\tt\u0001\ufffdénd", logs.out());
    assertEquals("two\n", logs.err());
    // each stream's records as the native monitor writes them, byte for byte but for the time
    // (the order between the two streams is the order the two pipes were read in)
    for (String stream : List.of("stdout", "stderr")) {
      assertEquals(recordsWithoutTime("bg-awkward", stream),
          recordsWithoutTime("fg-awkward", stream));
    }
  }

  @Test
  void aForegroundHoistsOwnStreamsGetTheOutputAndTheLogKeepsIt() throws Exception {
    Process cli = ChildJvm.start(HoistInHome.class, home.toString(), "run", "--name",
        "fg-child", "busybox:logs", "sh", "-c", "echo out; echo err >&2; exit 3");
    String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(cli.waitFor(120, TimeUnit.SECONDS));
    assertEquals(3, cli.exitValue());
    assertEquals("out\n", out);
    ContainerCommandsTest.Result logs = ok("logs", "fg-child");
    assertEquals("out\n", logs.out());
    assertEquals("err\n", logs.err());
  }

  @Test
  void withATerminalTheLogKeepsTheTerminalsStreamAsStdout() throws Exception {
    ContainerCommandsTest.Result run = hoist("run", "-t", "--name", "fg-tty", "busybox:logs",
        "sh", "-c", "echo out; echo err >&2");
    assertEquals(0, run.code(), run.all());
    ContainerCommandsTest.Result logs = ok("logs", "fg-tty");
    assertEquals("out\r\nerr\r\n", logs.out());
    assertEquals("", logs.err());
    for (JsonNode record : records("fg-tty")) {
      assertEquals("stdout", record.path("stream").asText(), record.toString());
    }
  }

  @Test
  void sinceAndUntilSelectRecordsByTheirTimeInEachOfDockersForms() throws Exception {
    ok("run", "--name", "timed", "busybox:logs", "sh", "-c", "echo early; sleep 1.2; echo late");
    List<JsonNode> records = records("timed");
    assertEquals(2, records.size(), records.toString());
    Instant early = Instant.parse(records.get(0).path("time").asText());
    Instant late = Instant.parse(records.get(1).path("time").asText());
    Instant between = early.plusMillis(600);
    assertTrue(between.isBefore(late), early + " " + late);

    assertEquals("late\n", ok("logs", "--since", between.toString(), "timed").out());
    assertEquals("early\n", ok("logs", "--until", between.toString(), "timed").out());
    String unixSeconds = between.getEpochSecond() + "." + String.format("%09d", between.getNano());
    assertEquals("late\n", ok("logs", "--since", unixSeconds, "timed").out());
    assertEquals("early\n", ok("logs", "--until", unixSeconds, "timed").out());
    assertEquals("early\nlate\n", ok("logs", "--since", "1h", "timed").out());
    assertEquals("", ok("logs", "--until", "1h", "timed").out(), "an hour ago: nothing yet");
    // as Docker: the tail is taken first, then the time bounds
    assertEquals("", ok("logs", "--tail", "1", "--until", between.toString(), "timed").out());
    // Docker's --details: the record's attributes (hoist records none) and a space
    assertEquals(" early\n late\n", ok("logs", "--details", "timed").out());

    ContainerCommandsTest.Result bad = hoist("logs", "--since", "soon", "timed");
    assertNotEquals(0, bad.code());
    assertTrue(bad.err().contains("--since") && bad.err().contains("\"soon\""), bad.all());
  }

  private List<String> recordsWithoutTime(String container, String stream) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(logPath(container), StandardCharsets.UTF_8)) {
      if (line.contains("\"stream\":\"" + stream + "\"")) {
        lines.add(line.replaceAll(",\"time\":\"[^\"]*\"", ""));
      }
    }
    return lines;
  }

  private List<JsonNode> records(String container) throws Exception {
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(logPath(container), StandardCharsets.UTF_8)) {
      records.add(JSON.readTree(line));
    }
    return records;
  }

  private static Path logPath(String container) throws Exception {
    String path = JSON.readTree(ok("inspect", container).out()).get(0).path("LogPath").asText();
    assertTrue(Files.isRegularFile(Path.of(path)), "LogPath: " + path);
    return Path.of(path);
  }
}
