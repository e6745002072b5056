package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code history}, {@code commit}, {@code update} and {@code attach} through the CLI: Docker's
 * columns and the one-line refusals (the behaviour itself is tested on the services).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlCommandsTest {
  @TempDir static Path dir;

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
    System.setProperty("hoist.home", dir.resolve("home").toString());
    BusyboxImage.create(new HoistHome(dir.resolve("home")), dir, "busybox:test",
        ContainerConfig.builder().cmd(List.of("sh")).build());
  }

  @AfterAll
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  @Test
  void historyPrintsDockersColumnsAndItsQuietAndFormatForms() {
    ContainerCommandsTest.Result table = ContainerCommandsTest.ok("history", "busybox:test");
    String[] lines = table.out().split("\n");
    assertTrue(lines[0].matches("IMAGE +CREATED +CREATED BY +SIZE +COMMENT"), lines[0]);
    String id = ContainerCommandsTest.ok("images", "-q", "busybox:test").out().trim();
    assertTrue(lines[1].startsWith(id + "   "), table.all());
    ContainerCommandsTest.Result quiet = ContainerCommandsTest.ok("image", "history", "-q",
        "busybox:test");
    assertEquals(id, quiet.out().split("\n")[0]);
    ContainerCommandsTest.Result bytes = ContainerCommandsTest.ok("history", "--human=false",
        "--format", "{{.Size}}|{{.CreatedAt}}", "busybox:test");
    assertTrue(bytes.out().split("\n")[0].matches("\\d+\\|\\d{4}-\\d\\d-\\d\\dT.*"),
        bytes.all());
  }

  @Test
  void aLongStepIsCutTo45CharactersWithAnEllipsisAsDockers() {
    String step = "RUN /bin/sh -c apt-get update && apt-get install -y something-long";
    assertEquals(45, HistoryRow.ellipsis(step, 45).codePointCount(0, 45));
    assertTrue(HistoryRow.ellipsis(step, 45).endsWith("…"));
    assertEquals("short", HistoryRow.ellipsis("short", 45));
    assertEquals("<missing>", HistoryRow.shortId("<missing>"));
    assertEquals("0123456789ab", HistoryRow.shortId("sha256:0123456789abcdef"));
  }

  @Test
  void statsSizesAreDockersBinaryUnits() {
    assertEquals("0B", StatsRow.binary(0));
    assertEquals("32MiB", StatsRow.binary(32L << 20));
    assertEquals("1.402MiB", StatsRow.binary(1_470_000));
  }

  @Test
  void refusalsAreOneLine() {
    ContainerCommandsTest.Result none = ContainerCommandsTest.hoist("update", "x");
    assertEquals(1, none.code(), none.all());
    assertEquals("error: you must provide one or more flags when using this command\n",
        none.err());
    ContainerCommandsTest.Result missing = ContainerCommandsTest.hoist("commit", "absent");
    assertEquals(1, missing.code(), missing.all());
    assertEquals("error: No such container: absent\n", missing.err());
  }
}
