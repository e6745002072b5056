package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.HoistContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker's command line as scripts use it, through the CLI ({@link Main#execute}) on real
 * containers (root and busybox-static; skipped otherwise): the {@code container} and
 * {@code image} groups, the prune commands, exit codes, {@code wait}, {@code restart},
 * {@code rename}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerCommandLineTest {
  @TempDir static Path dir;
  Path home;

  static CliRun ok(String... args) {
    return CliRun.ok(args);
  }

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
    home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "busybox:test", ContainerConfig.builder()
        .cmd(List.of("sh")).build());
  }

  @AfterAll
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  private ContainerState state(String reference) throws Exception {
    return Hoist.of(HoistContext.builder(new HoistHome(home)).build()).containers()
        .require(reference);
  }

  /** A container script's start: it waits until {@code /go} exists ({@code exec … touch /go}). */
  private static final String UNTIL_GO = "until [ -e /go ]; do sleep 0.05; done; ";

  @Test
  void containerGroupRunsTheSameCommandsAsTheTopLevel() throws Exception {
    String id = ok("container", "run", "-d", "--name", "grouped", "busybox:test", "sleep", "60")
        .out().strip();
    assertEquals(64, id.length(), id);
    assertTrue(ok("container", "ls").out().contains(id.substring(0, 12)));
    assertEquals(ok("ps", "-q").out(), ok("container", "ps", "-q").out());
    assertEquals(ok("ps", "-a", "--no-trunc").out().lines().count(),
        ok("container", "list", "-a", "--no-trunc").out().lines().count());
    // run's options end at the image under the group too: -c belongs to sh
    assertEquals("group\n", ok("container", "run", "--rm", "busybox:test", "sh", "-c",
        "echo group").out());
    ok("container", "stop", "-t", "0", "grouped");
    assertEquals(ContainerState.Status.EXITED, state("grouped").status());
    ok("container", "remove", "grouped");
    assertFalse(ok("container", "ls", "-a", "-q").out().contains(id.substring(0, 12)));
    assertTrue(ok("container", "--help").out().contains("prune"));
  }

  /** Docker's other group spellings: {@code system info} is {@code info}, {@code builder build} is {@code build}. */
  @Test
  void systemInfoAndBuilderBuildAreTheTopLevelCommands() {
    assertEquals(ok("info", "--format", "{{.Driver}}").out(),
        ok("system", "info", "--format", "{{.Driver}}").out());
    assertTrue(ok("builder", "build", "--help").out().contains("--tag"));
  }

  @Test
  void imageGroupRunsTheImageCommands() {
    ok("image", "tag", "busybox:test", "grouped:copy");
    assertTrue(ok("image", "ls").out().contains("grouped"));
    assertTrue(ok("image", "list").out().contains("grouped"));
    assertTrue(ok("image", "inspect", "grouped:copy").out().contains("sha256:"));
    assertTrue(ok("image", "rm", "grouped:copy").out().startsWith("Untagged: grouped:copy\n"));
    assertFalse(ok("image", "ls").out().contains("grouped"));
  }

  @Test
  void containerPruneRemovesCreatedAndExitedContainersButNotRunningOnes() throws Exception {
    String exited = ok("run", "-d", "busybox:test", "sh", "-c", "echo data > /file").out()
        .strip();
    assertEquals("0\n", ok("wait", exited).out());
    String created = ok("create", "busybox:test", "true").out().strip();
    String running = ok("run", "-d", "busybox:test", "sleep", "60").out().strip();
    try {
      CliRun pruned = ok("container", "prune", "-f");
      assertTrue(pruned.out().startsWith("Deleted Containers:\n"), pruned.out());
      List<String> lines = pruned.out().lines().toList();
      assertTrue(lines.contains(exited) && lines.contains(created), pruned.out());
      assertFalse(lines.contains(running), pruned.out());
      assertTrue(lines.get(lines.size() - 1).matches("Total reclaimed space: [1-9][0-9]*B"),
          "the exited container's /file counts: " + pruned.out());
      assertEquals(ContainerState.Status.RUNNING, state(running).status());
      assertFalse(Files.exists(home.resolve("containers").resolve(exited)));
      assertFalse(Files.exists(home.resolve("containers").resolve(created)));
      assertEquals("Total reclaimed space: 0B\n", ok("container", "prune", "-f").out());
    } finally {
      ok("rm", "-f", running);
    }
  }

  @Test
  void pruneWithoutForceAndWithoutATerminalIsRefused() {
    CliRun r = CliRun.run("container", "prune");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("confirm with --force"), r.err());
  }

  @Test
  void systemPruneRemovesStoppedContainersThenTheImagesOnlyTheyUsed() throws Exception {
    ok("tag", "busybox:test", "only-stopped:1");
    String stopped = ok("run", "-d", "only-stopped:1", "true").out().strip();
    ok("wait", stopped);
    ok("rmi", "only-stopped:1"); // untagged, still used by the stopped container
    CliRun pruned = ok("system", "prune", "-f");
    assertTrue(pruned.out().startsWith("Deleted Containers:\n" + stopped + "\n\n"),
        pruned.out());
    assertFalse(Files.exists(home.resolve("containers").resolve(stopped)));
    assertTrue(pruned.out().contains("Total reclaimed space: "), pruned.out());
  }

  @Test
  void volumePruneRemovesAnonymousVolumesOnlyWithoutAll() throws Exception {
    ok("volume", "create", "kept-named");
    String c = ok("create", "-v", "/anon", "busybox:test", "true").out().strip();
    String anonymous = state(c).volumes().get(0);
    assertEquals("Total reclaimed space: 0B\n", ok("volume", "prune", "-f").out(),
        "a container uses it");
    ok("rm", c);
    CliRun pruned = ok("volume", "prune", "-f");
    assertEquals("Deleted Volumes:\n" + anonymous + "\n\nTotal reclaimed space: 0B\n",
        pruned.out());
    assertTrue(ok("volume", "ls", "-q").out().contains("kept-named"));
    assertTrue(ok("volume", "prune", "-a", "-f").out().contains("kept-named"));
    assertFalse(ok("volume", "ls", "-q").out().contains("kept-named"));
  }

  @Test
  void volumePruneFilterSelectsByLabel() throws Exception {
    ok("volume", "create", "--label", "tier=scratch", "filtered-scratch");
    ok("volume", "create", "filtered-other");
    assertEquals("Deleted Volumes:\nfiltered-scratch\n\nTotal reclaimed space: 0B\n",
        ok("volume", "prune", "-a", "-f", "--filter", "label=tier=scratch").out());
    assertTrue(ok("volume", "ls", "-q").out().contains("filtered-other"));
    assertFalse(ok("volume", "prune", "-a", "-f", "--filter", "label!=tier").out()
        .contains("filtered-scratch"));
    assertFalse(ok("volume", "ls", "-q").out().contains("filtered-other"));
  }

  @Test
  void badFlagsExit125WithOneLineAndTheHelpToSee() {
    CliRun r = CliRun.run("run", "--no-such-flag", "busybox:test");
    assertEquals(125, r.code(), r.err());
    assertEquals(List.of("error: Unknown option: '--no-such-flag'", "See 'hoist run --help'."),
        r.err().lines().toList());
    assertEquals("", r.out());
    CliRun grouped = CliRun.run("container", "stop", "--bad");
    assertEquals(125, grouped.code());
    assertTrue(grouped.err().endsWith("See 'hoist container stop --help'.\n"), grouped.err());
    CliRun missing = CliRun.run("wait");
    assertEquals(125, missing.code());
    assertEquals(2, missing.err().lines().count(), missing.err());
    CliRun unknown = CliRun.run("no-such-command");
    assertEquals(1, unknown.code());
    assertEquals("hoist: 'no-such-command' is not a hoist command.\nSee 'hoist --help'.\n",
        unknown.err());
  }

  @Test
  void runExits125WhenHoistFails126WhenTheCommandCannotRun127WhenItIsMissing() {
    ExternalTools.assumeAvailable("runc");
    CliRun noImage = CliRun.run("run", "--rm", "--pull=never", "nothing-here:1", "true");
    assertEquals(125, noImage.code(), noImage.err());
    assertEquals(125, CliRun.run("create", "--pull=never", "nothing-here:1").code());
    for (String runtime : List.of("hoist", "runc")) {
      CliRun notExecutable = CliRun.run("run", "--rm", "--runtime", runtime, "busybox:test",
          "/etc/passwd");
      assertEquals(126, notExecutable.code(), runtime + ": " + notExecutable.err());
      CliRun notFound = CliRun.run("run", "--rm", "--runtime", runtime, "busybox:test",
          "no-such-program");
      assertEquals(127, notFound.code(), runtime + ": " + notFound.err());
    }
    // other commands' errors stay 1, as Docker's
    assertEquals(1, CliRun.run("stop", "no-such-container").code());
  }

  @Test
  void waitBlocksUntilTheContainerExitsAndPrintsItsCode() throws Exception {
    // it exits when told to, not after a fixed second a loaded machine could spend elsewhere
    String id = ok("run", "-d", "busybox:test", "sh", "-c", UNTIL_GO + "exit 7").out().strip();
    CompletableFuture<CliRun> waiting = CompletableFuture.supplyAsync(() -> CliRun.run("wait", id));
    Thread.sleep(300);
    assertFalse(waiting.isDone(), "wait returned before the exit: "
        + (waiting.isDone() ? waiting.join().out() + waiting.join().err() : ""));
    ok("exec", id, "touch", "/go");
    CliRun waited = waiting.get(60, TimeUnit.SECONDS);
    assertEquals("7\n", waited.out());
    String created = ok("create", "busybox:test", "true").out().strip();
    assertEquals("7\n0\n", ok("wait", id, created).out(), "a stopped one answers at once");
    CliRun missing = CliRun.run("wait", "no-such-container");
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("No such container: no-such-container"), missing.err());
    ok("rm", id, created);
  }

  @Test
  void waitOfSeveralPrintsEachCodeAsItsContainerExits() throws Exception {
    String slow = ok("run", "-d", "busybox:test", "sh", "-c", "sleep 2; exit 3").out().strip();
    String fast = ok("run", "-d", "busybox:test", "sh", "-c", "exit 4").out().strip();
    CompletableFuture<CliRun> waiting = CompletableFuture.supplyAsync(
        () -> CliRun.run("wait", slow, fast));
    assertEquals("3\n4\n", waiting.get(30, TimeUnit.SECONDS).out());
    ok("rm", slow, fast);
  }

  @Test
  void restartStopsAndStartsAgainWithANewProcess() throws Exception {
    ok("run", "-d", "--name", "again", "busybox:test", "sh", "-c",
        "echo started >> /runs; trap 'exit 0' TERM; while true; do sleep 0.1; done");
    long firstPid = state("again").pid();
    assertEquals("again\n", ok("restart", "-t", "5", "again").out());
    ContainerState restarted = state("again");
    assertEquals(ContainerState.Status.RUNNING, restarted.status());
    assertNotEquals(firstPid, restarted.pid());
    // the upper layer stays: the file the first run wrote has two lines now
    assertEquals("started\nstarted\n", awaitFile("again", "/runs", 2));
    // a stopped container is started
    ok("stop", "-t", "0", "again");
    ok("restart", "again");
    assertEquals(ContainerState.Status.RUNNING, state("again").status());
    ok("rm", "-f", "again");
    assertEquals(1, CliRun.run("restart", "no-such-container").code());
  }

  private String awaitFile(String container, String file, int lines) throws Exception {
    String text = "";
    for (int i = 0; i < 200; i++) {
      text = ok("exec", container, "cat", file).out();
      if (text.lines().count() >= lines) {
        return text;
      }
      Thread.sleep(50);
    }
    return text;
  }

  @Test
  void renameOfARunningContainerHoldsAfterItExitsAndFreesTheOldName() throws Exception {
    String id = ok("run", "-d", "--name", "before", "busybox:test", "sleep", "60").out().strip();
    assertEquals("", ok("rename", "before", "after").out());
    assertEquals(id, state("after").id());
    assertEquals(1, CliRun.run("stop", "before").code(), "the old name is gone");
    ok("stop", "-t", "0", "after");
    // the exit was recorded by the process that ran it, which knew the old name
    assertEquals("after", state(id).name());
    // the old name is free again
    String other = ok("create", "--name", "before", "busybox:test", "true").out().strip();
    CliRun taken = CliRun.run("rename", "after", "before");
    assertEquals(1, taken.code());
    assertTrue(taken.err().contains("Conflict. The container name \"/before\" is already in use"),
        taken.err());
    CliRun same = CliRun.run("rename", "after", "after");
    assertTrue(same.err().contains("Renaming a container with the same name"), same.err());
    CliRun invalid = CliRun.run("rename", "after", "not/valid");
    assertTrue(invalid.err().contains("invalid container name"), invalid.err());
    ok("rm", "after", other);
    assertEquals("", ok("ps", "-a", "-q").out().lines().filter(l -> id.startsWith(l))
        .findFirst().orElse(""));
    // removal freed the new name
    ok("rm", ok("create", "--name", "after", "busybox:test", "true").out().strip());
  }

  @Test
  void renameOfAForegroundContainerHoldsWhenItsRunRecordsTheExit() throws Exception {
    // they end when told to, after the renames (a fixed 2 s could be over first on a loaded machine)
    CompletableFuture<CliRun> kept = CompletableFuture.supplyAsync(() -> CliRun.run("run",
        "--name", "fg-before", "busybox:test", "sh", "-c", UNTIL_GO + "exit 9"));
    CompletableFuture<CliRun> removed = CompletableFuture.supplyAsync(() -> CliRun.run("run",
        "--rm", "--name", "rm-before", "busybox:test", "sh", "-c", UNTIL_GO + "exit 0"));
    awaitRunning("fg-before");
    awaitRunning("rm-before");
    ok("rename", "fg-before", "fg-after");
    ok("rename", "rm-before", "rm-after");
    ok("exec", "fg-after", "touch", "/go");
    ok("exec", "rm-after", "touch", "/go");
    assertEquals(9, kept.get(30, TimeUnit.SECONDS).code());
    assertEquals(0, removed.get(30, TimeUnit.SECONDS).code());
    ContainerState exited = state("fg-after");
    assertEquals(ContainerState.Status.EXITED, exited.status());
    assertEquals("fg-after", exited.name(), "the run that recorded the exit kept the new name");
    // --rm removed the container and its new name with it
    ok("rm", ok("create", "--name", "rm-after", "busybox:test", "true").out().strip());
    ok("rm", "fg-after");
  }

  private void awaitRunning(String name) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      java.util.Optional<ContainerState> c = Hoist.of(HoistContext.builder(new HoistHome(home))
          .build()).containers().containers().store().find(name);
      if (c.isPresent() && c.get().status() == ContainerState.Status.RUNNING) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError(name + " never ran");
  }

  @Test
  void cpCopiesBothWaysAndAsTarStreams() throws Exception {
    String id = ok("run", "-d", "--name", "files", "busybox:test", "sh", "-c",
        "mkdir /files-dir && echo inside > /files-dir/a.txt && exec sleep 60").out().strip();
    try {
      Path host = Files.createDirectories(dir.resolve("cp-host"));
      for (int i = 0; i < 200 && CliRun.run("exec", "files", "test", "-s", "/files-dir/a.txt")
          .code() != 0; i++) {
        Thread.sleep(25);
      }
      ok("cp", "files:/files-dir", host.resolve("d").toString());
      assertEquals("inside\n", Files.readString(host.resolve("d/a.txt")));
      Files.writeString(host.resolve("up.txt"), "from the host\n");
      ok("cp", host.resolve("up.txt").toString(), "files:/files-dir/");
      assertEquals("from the host\n", ok("exec", "files", "cat", "/files-dir/up.txt").out());
      assertEquals("root\n", ok("exec", "files", "stat", "-c", "%U", "/files-dir/up.txt").out());
      // CONTAINER:SRC - writes a tar; - CONTAINER:DEST extracts one
      Process out = dev.hoist.fixtures.ChildJvm.start(HoistInHome.class, home.toString(), "cp",
          "files:/files-dir/a.txt", "-");
      byte[] tar = out.getInputStream().readAllBytes();
      assertEquals(0, out.waitFor());
      assertTrue(new String(tar, java.nio.charset.StandardCharsets.ISO_8859_1)
          .startsWith("a.txt"), "a tar whose first entry is a.txt");
      ok("exec", "files", "mkdir", "/streamed");
      Process in = dev.hoist.fixtures.ChildJvm.start(HoistInHome.class, home.toString(), "cp",
          "-", "files:/streamed");
      try (java.io.OutputStream stdin = in.getOutputStream()) {
        stdin.write(tar);
      }
      assertEquals(0, in.waitFor(), new String(in.getErrorStream().readAllBytes()));
      assertEquals("inside\n", ok("exec", "files", "cat", "/streamed/a.txt").out());
      // the stopped container keeps what was copied in, and copies out too
      ok("stop", "-t", "0", "files");
      ok("cp", "files:/streamed/a.txt", host.resolve("after.txt").toString());
      assertEquals("inside\n", Files.readString(host.resolve("after.txt")));
      CliRun missing = CliRun.run("cp", "files:/nothing", host.toString());
      assertEquals(1, missing.code());
      assertTrue(missing.err().contains("Could not find the file /nothing in container files"),
          missing.err());
      assertEquals(1, CliRun.run("cp", "a:/x", "b:/y").code());
      assertTrue(CliRun.run("cp", "/x", "/y").err().contains("must specify at least one "
          + "container source"));
    } finally {
      ok("rm", "-f", id);
    }
  }
}
