package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist compose up -d} and {@code down} as processes of their own (as a user runs them),
 * with {@code HOIST_TRACE}: the containers' start steps run in {@code up}'s JVM and their exit
 * steps in {@code down}'s, which their monitors reach once {@code up} has ended (the other step
 * socket of the home), never in a step JVM of their own. Root, busybox-static.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeWarmStepsTest {
  @TempDir static Path dir;
  private Path home;
  private Path file;

  @BeforeAll
  void setUp() throws Exception {
    home = DockerCliHarness.storeWithBusybox(dir);
    file = dir.resolve("app").resolve("compose.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        services:
          one: {image: "busybox:test", command: ["sleep", "600"]}
          two: {image: "busybox:test", command: ["sleep", "600"], depends_on: [one]}
        """);
  }

  @AfterAll
  void tearDown() throws Exception {
    hoist(dir.resolve("teardown.trace"), "down", "-t", "0");
    System.clearProperty("hoist.home");
  }

  @Test
  void upStartsAndDownEndsTheContainersWithoutAStepJvm() throws Exception {
    Path upTrace = dir.resolve("up.trace");
    Run up = hoist(upTrace, "up", "-d");
    assertEquals(0, up.code, up.output);
    assertTrue(up.output.contains("Container warm-one-1  Started"), up.output);
    assertTrue(up.output.contains("Container warm-two-1  Started"), up.output);
    for (String id : List.of("one", "two")) {
      assertTrue(Files.readString(home.resolve("containers").resolve(containerId("warm-" + id
          + "-1")).resolve("monitor.conf")).contains("steps=" + home.resolve("steps")),
          "started through up's steps");
    }
    List<String[]> started = marks(upTrace, "launch: recorded running");
    assertEquals(2, started.size(), Files.readString(upTrace));
    for (String[] mark : started) {
      assertEquals(Long.toString(up.pid), mark[1], "start step in up's JVM: "
          + String.join(" ", mark));
    }

    Path downTrace = dir.resolve("down.trace");
    Run down = hoist(downTrace, "down", "-t", "0");
    assertEquals(0, down.code, down.output);
    assertTrue(down.output.contains("Container warm-two-1  Removed"), down.output);
    List<String[]> exits = marks(downTrace, "exit: recorded");
    assertEquals(2, exits.size(), Files.readString(downTrace));
    for (String[] mark : exits) {
      assertEquals(Long.toString(down.pid), mark[1], "exit step in down's JVM (up's socket "
          + "gone): " + String.join(" ", mark));
    }
    assertEquals("", ContainerCommandsTest.ok("ps", "-a", "-q").out());
  }

  private String containerId(String name) {
    return ContainerCommandsTest.ok("inspect", "-f", "{{.Id}}", name).out().trim();
  }

  /** The trace's marks ({@code TIME PID THREAD EVENT}) whose event ends with {@code event}. */
  private static List<String[]> marks(Path trace, String event) throws IOException {
    List<String[]> marks = new ArrayList<>();
    for (String line : Files.readAllLines(trace)) {
      String[] fields = line.split(" ", 4);
      if (fields.length == 4 && fields[3].endsWith(event)) {
        marks.add(fields);
      }
    }
    return marks;
  }

  private record Run(long pid, int code, String output) {}

  /** {@code hoist compose -p warm ARGS} in a JVM of its own, traced to {@code trace}. */
  private Run hoist(Path trace, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dhoist.home=" + home, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "compose", "-f", file.toString(), "-p", "warm"));
    command.addAll(List.of(args));
    Path output = dir.resolve("output");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    pb.environment().put("HOIST_TRACE", trace.toString());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("hoist compose " + String.join(" ", args) + " did not end");
    }
    return new Run(p.pid(), p.exitValue(), Files.readString(output));
  }
}
