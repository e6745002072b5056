package dev.hoist.cli;

import static dev.hoist.cli.ContainerCommandsTest.hoist;
import static dev.hoist.cli.ContainerCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code container prune} and {@code image prune} with {@code --filter}, on real ones. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PruneFiltersTest {
  @TempDir static Path dir;
  Path home;

  @BeforeAll
  void setUp() {
    home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
  }

  @AfterAll
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  @Test
  void containerPruneUntilRemovesOnlyTheContainersMadeBefore() throws Exception {
    BusyboxImage.assumeUsable();
    BusyboxImage.create(new HoistHome(home), dir, "busybox:prune", ContainerConfig.builder()
        .cmd(List.of("true")).build());
    ok("create", "--name", "made-first", "busybox:prune");
    Thread.sleep(1100);
    Instant between = Instant.now();
    Thread.sleep(100);
    ok("create", "--name", "made-later", "busybox:prune");

    ContainerCommandsTest.Result pruned = ok("container", "prune", "-f", "--filter",
        "until=" + between);
    assertTrue(pruned.out().startsWith("Deleted Containers:\n"), pruned.out());
    assertEquals(1, pruned.out().lines().filter(l -> l.matches("[0-9a-f]{64}")).count(),
        pruned.out());
    String names = ok("ps", "-a", "--format", "{{.Names}}").out();
    assertEquals("made-later\n", names);

    ContainerCommandsTest.Result bad = hoist("container", "prune", "-f", "--filter", "size=1");
    assertNotEquals(0, bad.code());
    assertTrue(bad.err().contains("invalid filter 'size'"), bad.all());
    ok("rm", "made-later");
  }

  @Test
  void imagePruneTakesUntilAndLabelFilters() throws Exception {
    build("pick:1", "LABEL kind=pick");
    build("keep:1", "LABEL kind=keep");
    ContainerCommandsTest.Result byLabel = ok("image", "prune", "-a", "-f", "--filter",
        "label=kind=pick");
    assertTrue(byLabel.out().contains("untagged: pick:1"), byLabel.out());
    assertTrue(!byLabel.out().contains("keep:1"), byLabel.out());
    assertEquals(0, hoist("image", "inspect", "keep:1").code());

    // imported images carry the time of the import (built ones from scratch: the epoch)
    importImage("old:1");
    Thread.sleep(1100);
    Instant between = Instant.now();
    Thread.sleep(1100);
    importImage("late:1");
    ContainerCommandsTest.Result byTime = ok("image", "prune", "-a", "-f", "--filter",
        "until=" + between);
    assertTrue(byTime.out().contains("untagged: old:1"), byTime.out());
    assertTrue(!byTime.out().contains("late:1"), byTime.out());
    assertEquals(0, hoist("image", "inspect", "late:1").code());
  }

  private void importImage(String name) throws Exception {
    Path rootfs = Files.createTempDirectory(dir, "rootfs");
    Files.writeString(rootfs.resolve("f"), name + "\n");
    Path tar = dir.resolve(name.replace(':', '-') + ".tar");
    Process p = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
        .inheritIO().start();
    assertEquals(0, p.waitFor());
    ok("import", tar.toString(), name);
  }

  private void build(String tag, String instruction) throws Exception {
    Path context = Files.createTempDirectory(dir, "ctx");
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n" + instruction
        + "\nCOPY f /f\n");
    Files.writeString(context.resolve("f"), tag + "\n");
    ok("build", "-q", "-t", tag, context.toString());
  }
}
