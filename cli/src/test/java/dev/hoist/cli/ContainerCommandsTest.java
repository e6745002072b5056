package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ChildJvm;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container commands through the CLI ({@link Main#execute}), on real containers run by the
 * real shim from busybox images (root and busybox-static; skipped otherwise).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerCommandsTest {
  /**
   * A shell loop that waits, one minute at most: a container a failing test leaves behind ends by
   * itself (and releases the streams the test JVM's children share with it).
   */
  static final String WAIT_A_MINUTE =
      "i=0; while test $i -lt 600; do sleep 0.1; i=$((i+1)); done";

  @TempDir static Path dir;
  Path home;

  record Result(int code, String out, String err) {
    String all() {
      return "exit " + code + "\nout: " + out + "\nerr: " + err;
    }
  }

  static Result hoist(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  static Result ok(String... args) {
    Result r = hoist(args);
    assertEquals(0, r.code(), () -> String.join(" ", args) + " → " + r.all());
    return r;
  }

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
    home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    HoistHome h = new HoistHome(home);
    BusyboxImage.create(h, dir, "busybox:test", ContainerConfig.builder()
        .cmd(List.of("sh")).build());
    BusyboxImage.create(h, dir, "configured:test", ContainerConfig.builder()
        .env(List.of("PATH=/bin", "GREETING=hello from the image", "SHARED=image"))
        .user("app")
        .workingDir("/home/app/work")
        .entrypoint(List.of("sh", "-c"))
        .cmd(List.of("echo default command"))
        .stopSignal("SIGUSR1")
        .build());
  }

  @AfterAll
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  @Test
  void outputAndExitCodes() {
    Result r = hoist("run", "--rm", "busybox:test", "sh", "-c", "echo out; echo err >&2; exit 3");
    assertEquals(3, r.code(), r.all());
    assertEquals("out\n", r.out());
    assertEquals("err\n", r.err());
    // (under --init: without one, the shell is PID 1, which its own SIGKILL does not end)
    assertEquals(137, hoist("run", "--rm", "--init", "busybox:test", "sh", "-c", "kill -9 $$")
        .code());
    Result missing = hoist("run", "--rm", "busybox:test", "no-such-program");
    assertEquals(127, missing.code(), missing.all());
    Result noImage = hoist("run", "--rm", "--pull=never", "nothing-here:1", "true");
    assertEquals(125, noImage.code());
    assertTrue(noImage.err().contains("image not found locally: nothing-here:1"), noImage.err());
  }

  @Test
  void runPullsAnImageMissingFromTheStoreFromItsRegistry() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      String remote = registry.host() + "/pulled/busybox:1";
      ok("push", "--progress=quiet", "busybox:test", remote);

      Result first = ok("run", "--rm", remote, "echo", "pulled and run");
      assertEquals("pulled and run\n", first.out());
      assertTrue(first.err().contains("Unable to find image '" + remote + "' locally"), first.all());
      assertTrue(first.err().contains("Digest: sha256:"), first.all());

      Result second = ok("run", "--rm", remote, "true");
      assertFalse(second.err().contains("Unable to find image"), second.all());

      Result always = ok("run", "--rm", "--pull=always", remote, "true");
      assertTrue(always.err().contains("Digest: sha256:"), always.all());

      Result unknown = hoist("run", "--rm", registry.host() + "/pulled/nothing:1", "true");
      assertEquals(125, unknown.code(), unknown.all());
      assertTrue(unknown.err().lines().anyMatch(l -> l.startsWith("error: ")
          && l.contains("pulled/nothing")), unknown.all());
    }
  }

  @Test
  void envUserWorkdirAndCommandFromTheImageConfig() throws Exception {
    Result r = ok("run", "--rm", "configured:test",
        "echo \"$GREETING\"; id -u; id -g; pwd; echo $HOME");
    assertEquals("hello from the image\n1000\n1000\n/home/app/work\n/home/app\n", r.out());
    assertEquals("default command\n", ok("run", "--rm", "configured:test").out());

    Path envFile = dir.resolve("env.list");
    Files.writeString(envFile, "# a comment\nFROM_FILE=file\nSHARED=file\n");
    Result overridden = ok("run", "--rm", "-e", "SHARED=option", "--env-file",
        envFile.toString(), "-u", "0:0", "-w", "/tmp/x", "--hostname", "box",
        "configured:test", "echo $SHARED $FROM_FILE $GREETING; id -u; pwd; hostname");
    assertEquals("option file hello from the image\n0\n/tmp/x\nbox\n", overridden.out());

    Result entrypoint = ok("run", "--rm", "--entrypoint", "echo", "configured:test", "a", "b");
    assertEquals("a b\n", entrypoint.out());
    // --entrypoint drops the image's Cmd
    assertEquals("\n", ok("run", "--rm", "--entrypoint", "echo", "configured:test").out());
    Result unknownUser = hoist("run", "--rm", "-u", "nobody-here", "busybox:test", "true");
    assertEquals(125, unknownUser.code(), unknownUser.all());
  }

  @Test
  void logsOfADetachedContainerOutliveTheCli() throws Exception {
    Process cli = ChildJvm.start(HoistInHome.class, home.toString(), "run", "-d", "--name",
        "logger", "busybox:test", "sh", "-c", "echo one; echo two >&2; sleep 0.2; echo three");
    String id = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, cli.exitValue());
    assertTrue(id.matches("[0-9a-f]{64}"), id);
    awaitExited("logger");
    Result logs = ok("logs", "logger");
    assertEquals("one\nthree\n", logs.out());
    assertEquals("two\n", logs.err());
    Result tail = ok("logs", "--tail", "1", id.substring(0, 10));
    assertEquals("three\n", tail.out());
    Result stamped = ok("logs", "--timestamps", "logger");
    for (String line : stamped.out().split("\n")) {
      assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z \\w+"), line);
    }
    assertTrue(ok("ps", "-a").out().contains("Exited (0)"));
    ok("rm", "logger");
  }

  @Test
  void signalsToAForegroundHoistReachTheContainer() throws Exception {
    Process cli = ChildJvm.start(HoistInHome.class, home.toString(), "run", "--rm",
        "busybox:test", "sh", "-c",
        "trap 'echo got TERM; exit 7' TERM; echo ready; " + WAIT_A_MINUTE);
    java.io.BufferedReader out = new java.io.BufferedReader(
        new java.io.InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("ready", out.readLine());
    cli.toHandle().destroy(); // SIGTERM to hoist, which passes it on
    assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
    assertEquals("got TERM", out.readLine());
    assertEquals(7, cli.exitValue());

    // killed by a signal it does not trap: 128 + 15 (under --init: as PID 1, sleep would not
    // get a signal it has no handler for)
    Process plain = ChildJvm.start(HoistInHome.class, home.toString(), "run", "--rm", "--init",
        "busybox:test", "sh", "-c", "echo ready; exec sleep 60");
    java.io.BufferedReader plainOut = new java.io.BufferedReader(
        new java.io.InputStreamReader(plain.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("ready", plainOut.readLine());
    plain.toHandle().destroy();
    assertTrue(plain.waitFor(60, TimeUnit.SECONDS));
    assertEquals(143, plain.exitValue());
  }

  @Test
  void stopSendsTheStopSignalThenKillsAfterTheTimeout() throws Exception {
    // the image's STOPSIGNAL is SIGUSR1: the container's trap makes it exit 5
    ok("run", "-d", "--name", "polite", "configured:test",
        "trap 'exit 5' USR1; echo ready; " + WAIT_A_MINUTE);
    awaitLog("polite", "ready");
    ok("stop", "polite");
    assertEquals(5, inspect("polite").path("State").path("ExitCode").asInt());

    // a container ignoring SIGTERM is killed after -t seconds
    ok("run", "-d", "--name", "stubborn", "busybox:test", "sh", "-c",
        "trap '' TERM; echo ready; " + WAIT_A_MINUTE);
    awaitLog("stubborn", "ready");
    long start = System.nanoTime();
    ok("stop", "-t", "1", "stubborn");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 1000, "stopped after " + millis + " ms");
    assertEquals(137, inspect("stubborn").path("State").path("ExitCode").asInt());
    assertTrue(ok("ps", "-a").out().contains("Exited (137)"));

    // --signal overrides STOPSIGNAL (restart's too); a bad one is refused and stops nothing
    ok("run", "-d", "--name", "told", "configured:test",
        "trap 'echo got USR1; exit 5' USR1; trap 'echo got USR2; exit 7' USR2; echo ready; "
            + WAIT_A_MINUTE);
    awaitLog("told", "ready");
    Result bad = hoist("stop", "--signal", "SIGBOGUS", "told");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("Invalid signal: SIGBOGUS"), bad.err());
    assertEquals("running", inspect("told").path("State").path("Status").asText());
    ok("restart", "-s", "USR2", "-t", "5", "told");
    assertEquals("running", inspect("told").path("State").path("Status").asText());
    assertTrue(ok("logs", "told").out().contains("got USR2"), "restart sent SIGUSR2");
    ok("stop", "-s", "SIGUSR2", "--timeout", "5", "told");
    assertEquals(7, inspect("told").path("State").path("ExitCode").asInt());
    ok("rm", "polite", "stubborn", "told");
  }

  @Test
  void killSendsSignals() throws Exception {
    ok("run", "-d", "--name", "target", "busybox:test", "sh", "-c",
        "trap 'exit 42' USR2; echo ready; " + WAIT_A_MINUTE);
    awaitLog("target", "ready");
    ok("kill", "-s", "USR2", "target");
    awaitExited("target");
    assertEquals(42, inspect("target").path("State").path("ExitCode").asInt());
    Result notRunning = hoist("kill", "target");
    assertEquals(1, notRunning.code());
    assertTrue(notRunning.err().contains("is not running"), notRunning.err());

    ok("run", "-d", "--name", "target2", "busybox:test", "sleep", "60");
    ok("kill", "target2");
    awaitExited("target2");
    assertEquals(137, inspect("target2").path("State").path("ExitCode").asInt());
    ok("rm", "target", "target2");
  }

  @Test
  void startReturnsOnceTheContainerRuns() throws Exception {
    // created, then exited and started again: each start returns with the container running
    ok("create", "--name", "ticker", "busybox:test", "sleep", "60");
    for (int i = 0; i < 4; i++) {
      ok("start", "ticker");
      ok("kill", "ticker");
      awaitExited("ticker");
    }
    ok("rm", "ticker");
  }

  @Test
  void rmRefusesARunningContainerUnlessForced() throws Exception {
    String id = ok("run", "-d", "--name", "busy", "busybox:test", "sleep", "60").out().trim();
    Result refused = hoist("rm", "busy");
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("You cannot remove a running container " + id),
        refused.err());
    ok("rm", "-f", "busy");
    assertFalse(Files.exists(home.resolve("containers").resolve(id)));
    assertFalse(ok("ps", "-a", "-q").out().contains(id.substring(0, 12)));
    assertEquals(1, hoist("inspect", "busy").code());
    // the name is free again
    ok("create", "--name", "busy", "busybox:test", "true");
    ok("rm", "busy");
  }

  @Test
  void namedVolumesAreFilledFromTheImageAndOutliveTheContainer() throws Exception {
    Result first = ok("run", "--rm", "-v", "keep:/data", "busybox:test", "sh", "-c",
        "cat /data/seed.txt; echo written > /data/new.txt");
    assertEquals("from the image\n", first.out());
    Result second = ok("run", "--rm", "--mount", "type=volume,source=keep,target=/mnt,readonly",
        "busybox:test", "sh", "-c", "cat /mnt/new.txt; touch /mnt/x 2>/dev/null || echo ro");
    assertEquals("written\nro\n", second.out());
    assertTrue(ok("volume", "ls").out().contains("keep"));
    JsonNode volume = CanonicalJson.mapper().readTree(ok("volume", "inspect", "keep").out());
    assertEquals(home.resolve("volumes/keep/_data").toString(),
        volume.get(0).path("Mountpoint").asText());

    ok("create", "--name", "holder", "-v", "keep:/data", "busybox:test", "true");
    Result inUse = hoist("volume", "rm", "keep");
    assertEquals(1, inUse.code());
    assertTrue(inUse.err().contains("volume is in use"), inUse.err());
    ok("rm", "holder");
    ok("volume", "rm", "keep");
    assertFalse(ok("volume", "ls", "-q").out().contains("keep"));

    // the image's VOLUME gets an anonymous volume, filled from the image; --rm removes it
    BusyboxImage.create(new HoistHome(home), dir, "with-volume:test", ContainerConfig.builder()
        .volume("/data").cmd(List.of("sh", "-c", "cat /data/seed.txt; echo x > /data/y"))
        .build());
    int before = ok("volume", "ls", "-q").out().split("\n").length;
    assertEquals("from the image\n", ok("run", "--rm", "with-volume:test").out());
    assertEquals(before, ok("volume", "ls", "-q").out().split("\n").length);
    ok("run", "--name", "anon", "with-volume:test");
    String anonymous = inspect("anon").path("Mounts").get(0).path("Name").asText();
    assertTrue(anonymous.matches("[0-9a-f]{64}"), anonymous);
    ok("rm", "-v", "anon");
    assertFalse(ok("volume", "ls", "-q").out().contains(anonymous));

    Path host = Files.createDirectories(dir.resolve("bind"));
    ok("run", "--rm", "-v", host + ":/host", "busybox:test", "sh", "-c", "echo hi > /host/f");
    assertEquals("hi\n", Files.readString(host.resolve("f")));
  }

  @Test
  void volumesFromTakesTheSourcesMountsAndKeepsASharedAnonymousVolume() throws Exception {
    Path host = Files.createDirectories(dir.resolve("from-bind"));
    Files.writeString(host.resolve("h"), "host file\n");
    // the source ran and stopped: its anonymous volume holds what it wrote
    ok("run", "--name", "vf-source", "-v", "/shared", "-v", host + ":/host:ro", "busybox:test",
        "sh", "-c", "echo written > /shared/f");
    assertEquals("written\nhost file\nrw\nro\n", ok("run", "--rm", "--volumes-from",
        "vf-source", "busybox:test", "sh", "-c", "cat /shared/f /host/h; touch /shared/x && "
            + "echo rw; touch /host/x 2>/dev/null || echo ro").out());
    assertEquals("ro\n", ok("run", "--rm", "--volumes-from", "vf-source:ro", "busybox:test",
        "sh", "-c", "touch /shared/y 2>/dev/null || echo ro").out());
    // the borrower's own mount of a destination wins
    assertEquals("own\n", ok("run", "--rm", "--volumes-from", "vf-source", "--mount",
        "type=tmpfs,target=/shared", "busybox:test", "sh", "-c", "test -e /shared/f || echo own")
        .out());

    ok("create", "--name", "vf-borrower", "--volumes-from", "vf-source:ro", "busybox:test",
        "cat", "/shared/f");
    JsonNode borrower = inspect("vf-borrower");
    assertEquals("[\"vf-source:ro\"]", borrower.path("HostConfig").path("VolumesFrom").toString());
    assertTrue(borrower.path("HostConfig").path("Binds").isNull(), borrower.toString());
    JsonNode source = inspect("vf-source");
    String anonymous = source.path("Mounts").findValuesAsText("Name").stream()
        .filter(n -> n.matches("[0-9a-f]{64}")).findFirst().orElseThrow();
    List<String> borrowed = new java.util.ArrayList<>();
    borrower.path("Mounts").forEach(m -> borrowed.add(m.path("Type").asText() + " "
        + m.path("Name").asText("") + " " + m.path("Destination").asText() + " "
        + m.path("RW").asBoolean()));
    assertEquals(List.of("bind  /host false", "volume " + anonymous + " /shared false"),
        borrowed.stream().sorted().toList());

    // rm -v of the source keeps the volume the borrower uses; the borrower's removes it
    ok("rm", "-v", "vf-source");
    assertTrue(ok("volume", "ls", "-q").out().contains(anonymous));
    Result inUse = hoist("volume", "rm", anonymous);
    assertTrue(inUse.err().contains("volume is in use"), inUse.all());
    ok("volume", "prune", "-f");
    assertTrue(ok("volume", "ls", "-q").out().contains(anonymous), "prune keeps it too");
    assertEquals("written\n", ok("start", "-a", "vf-borrower").out());
    ok("rm", "-v", "vf-borrower");
    assertFalse(ok("volume", "ls", "-q").out().contains(anonymous));

    Result missing = hoist("run", "--rm", "--volumes-from", "vf-nosuch", "busybox:test", "true");
    assertEquals(125, missing.code(), missing.all());
    assertTrue(missing.err().contains("No such container: vf-nosuch"), missing.all());
    Result badMode = hoist("create", "--volumes-from", "vf-x:shared", "busybox:test");
    assertEquals(125, badMode.code(), badMode.all());
    assertTrue(badMode.err().contains("invalid mode: shared"), badMode.all());
  }

  @Test
  void twoContainersOfOneImageDoNotSeeEachOthersWrites() throws Exception {
    ok("run", "--name", "writer-a", "busybox:test", "sh", "-c", "echo a > /data/seed.txt");
    Result b = ok("run", "--name", "writer-b", "busybox:test", "cat", "/data/seed.txt");
    assertEquals("from the image\n", b.out());
    // the first container's write is in its own upper layer, still there after it exited
    ok("start", "-a", "writer-a");
    JsonNode a = inspect("writer-a");
    Path upper = Path.of(a.path("GraphDriver").path("Data").path("UpperDir").asText());
    assertEquals("a\n", Files.readString(upper.resolve("data/seed.txt")));
    ok("rm", "writer-a", "writer-b");
  }

  @Test
  void psShowsDockersStates() throws Exception {
    String created = ok("create", "--name", "ps-created", "busybox:test", "true").out().trim();
    ok("run", "-d", "--name", "ps-running", "busybox:test", "sleep", "60");
    assertEquals(2, hoist("run", "--name", "ps-exited", "busybox:test", "sh", "-c", "exit 2")
        .code());
    String all = ok("ps", "-a").out();
    assertTrue(all.startsWith("CONTAINER ID   IMAGE"), all);
    assertTrue(line(all, "ps-created").contains("Created"), all);
    assertTrue(line(all, "ps-running").matches(".*Up (Less than a second|\\d+ seconds?).*"), all);
    assertTrue(line(all, "ps-exited").matches(".*Exited \\(2\\) .* ago.*"), all);
    assertTrue(line(all, "ps-running").contains("\"sleep 60\""), all);
    String running = ok("ps").out();
    assertTrue(running.contains("ps-running"));
    assertFalse(running.contains("ps-exited"));
    assertFalse(running.contains("ps-created"));
    assertTrue(ok("ps", "-a", "-q").out().contains(created.substring(0, 12) + "\n"));

    ok("pause", "ps-running");
    assertTrue(line(ok("ps").out(), "ps-running").contains("(Paused)"));
    assertEquals("paused", inspect("ps-running").path("State").path("Status").asText());
    ok("unpause", "ps-running");
    assertFalse(line(ok("ps").out(), "ps-running").contains("(Paused)"));
    ok("rm", "-f", "ps-created", "ps-running", "ps-exited");
  }

  @Test
  void execJoinsARunningContainer() throws Exception {
    ok("run", "-d", "--name", "exec-target", "busybox:test", "sh", "-c",
        "echo inside > /tmp/marker; echo ready; exec sleep 60");
    awaitLog("exec-target", "ready");
    Result r = ok("exec", "-e", "EXTRA=1", "exec-target", "sh", "-c",
        "cat /tmp/marker; echo $EXTRA; ps | grep -c '[s]leep 60'");
    assertEquals("inside\n1\n1\n", r.out());
    assertEquals(3, hoist("exec", "exec-target", "sh", "-c", "exit 3").code());

    // --env-file, then -e wins; a missing file is refused
    Path envFile = dir.resolve("exec.env");
    Files.writeString(envFile, "# from a file\nFROM_FILE=yes\nEXTRA=file\n");
    assertEquals("yes 2\n", ok("exec", "--env-file", envFile.toString(), "-e", "EXTRA=2",
        "exec-target", "sh", "-c", "echo $FROM_FILE $EXTRA").out());
    Result noFile = hoist("exec", "--env-file", dir.resolve("none.env").toString(),
        "exec-target", "true");
    assertTrue(noFile.code() != 0 && noFile.err().contains("none.env"), noFile.all());

    // -d: the command runs on in the container after the hoist that started it has exited
    Process detached = ChildJvm.start(HoistInHome.class, home.toString(), "exec", "-d",
        "exec-target", "sh", "-c", "sleep 1; echo late > /tmp/late");
    assertTrue(detached.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, detached.exitValue());
    String late = "";
    for (int i = 0; i < 100 && !late.equals("late\n"); i++) {
      Thread.sleep(100);
      late = hoist("exec", "exec-target", "cat", "/tmp/late").out();
    }
    assertEquals("late\n", late, "the detached command wrote its file");
    ok("rm", "-f", "exec-target");
    Result gone = hoist("exec", "exec-target", "true");
    assertEquals(1, gone.code());
  }

  @Test
  void namesAreUnique() {
    ok("create", "--name", "twin", "busybox:test", "true");
    Result again = hoist("create", "--name", "twin", "busybox:test", "true");
    assertEquals(125, again.code());
    assertTrue(again.err().contains("Conflict. The container name \"/twin\" is already in use"),
        again.err());
    Result bad = hoist("create", "--name", "no/slash", "busybox:test", "true");
    assertEquals(125, bad.code());
    String random = ok("create", "busybox:test", "true").out().trim();
    String name = inspect(random).path("Name").asText();
    assertTrue(name.matches("/[a-z]+_[a-z]+\\d?"), name);
    ok("rm", "twin", random);
  }

  @Test
  void twentyConcurrentRunsWithRmAllSucceedAndLeaveNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<Result>> runs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        runs.add(pool.submit(() -> hoist("run", "--rm", "busybox:test", "sh", "-c",
            "echo " + n)));
      }
      for (int i = 0; i < 20; i++) {
        Result r = runs.get(i).get(120, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.all());
        assertEquals(i + "\n", r.out());
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> left = Files.list(home.resolve("containers"))) {
      List<String> names = left.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[0-9a-f]{64}|\\.tmp-.*")).toList();
      assertTrue(names.stream().noneMatch(n -> n.startsWith(".tmp-")), names.toString());
      for (String id : names) {
        // only containers of other tests may be left, never one of these
        assertNotEquals("busybox:test sh -c", id);
      }
    }
    assertFalse(ok("ps", "-a").out().matches("(?s).*\"sh -c echo \\d+\".*"));
  }

  @Test
  void containersKeepTheirLayersWhenTheImageIsRemoved() throws Exception {
    BusyboxImage.create(new HoistHome(home), dir, "doomed:test", ContainerConfig.builder()
        .cmd(List.of("cat", "/data/seed.txt")).build());
    ok("create", "--name", "orphan", "doomed:test");
    ok("rmi", "doomed:test");
    ok("image", "prune", "-f"); // system prune would remove the stopped container first
    assertEquals("from the image\n", ok("start", "-a", "orphan").out());
    ok("rm", "orphan");
  }

  @Test
  void runcRunsTheSameContainers() throws Exception {
    ExternalTools.assumeAvailable("runc");
    Result r = hoist("run", "--rm", "--runtime", "runc", "configured:test",
        "echo \"$GREETING\"; id -u; pwd; exit 4");
    assertEquals(4, r.code(), r.all());
    assertEquals("hello from the image\n1000\n/home/app/work\n", r.out());
    ok("run", "-d", "--runtime", "runc", "--name", "runc-detached", "busybox:test", "sh", "-c",
        "echo ready; trap 'exit 9' TERM; " + WAIT_A_MINUTE);
    awaitLog("runc-detached", "ready");
    assertEquals("runc", inspect("runc-detached").path("HostConfig").path("Runtime").asText());
    ok("stop", "runc-detached");
    assertEquals(9, inspect("runc-detached").path("State").path("ExitCode").asInt());
    ok("rm", "runc-detached");
    // runc itself exits 1 for a command it cannot find; Docker (and hoist's shim) record 127
    ok("run", "-d", "--runtime", "runc", "--network", "none", "--name", "runc-missing",
        "busybox:test", "no-such-program");
    awaitExited("runc-missing");
    assertEquals(127, inspect("runc-missing").path("State").path("ExitCode").asInt());
    ok("rm", "runc-missing");
  }

  @Test
  void securityOptSeccompChoosesTheProfile() throws Exception {
    String status = "grep Seccomp: /proc/self/status";
    assertEquals("Seccomp:\t2\n", ok("run", "--rm", "busybox:test", "sh", "-c", status).out(),
        "Docker's default profile without the option");
    assertEquals("Seccomp:\t0\n", ok("run", "--rm", "--security-opt", "seccomp=unconfined",
        "busybox:test", "sh", "-c", status).out());
    Path profile = dir.resolve("no-mkdir.json");
    Files.writeString(profile, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{"
        + "\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\", "
        + "\"errnoRet\": 13}]}");
    ok("create", "--name", "profiled", "--security-opt", "seccomp=" + profile, "busybox:test",
        "sh", "-c", "busybox mkdir /tmp/d 2>/dev/null || echo refused");
    Files.delete(profile); // create read it: start needs no file
    assertEquals("refused\n", ok("start", "-a", "profiled").out());
    assertTrue(inspect("profiled").path("HostConfig").path("SecurityOpt").get(0).asText()
        .contains("mkdirat"));
    ok("rm", "profiled");

    Result missing = hoist("run", "--rm", "--security-opt", "seccomp=" + profile,
        "busybox:test", "true");
    assertNotEquals(0, missing.code());
    assertEquals("error: seccomp profile " + profile + " does not exist\n", missing.err());
    Files.writeString(profile, "{\"defaultAction\": \"SCMP_ACT_PERHAPS\"}");
    Result bad = hoist("run", "--rm", "--security-opt", "seccomp=" + profile, "busybox:test",
        "true");
    assertNotEquals(0, bad.code());
    assertTrue(bad.err().contains(profile + ": defaultAction 'SCMP_ACT_PERHAPS' is not a "
        + "seccomp action"), bad.all());
    Result other = hoist("run", "--rm", "--security-opt", "apparmor=x", "busybox:test", "true");
    assertTrue(other.err().contains("--security-opt apparmor=x is not supported"), other.all());
  }

  @Test
  void infoCountsContainers() {
    ok("create", "--name", "counted", "busybox:test", "true");
    String info = ok("info").out();
    assertTrue(info.matches("(?s).*Containers: +[1-9]\\d*\n.*Stopped: +[1-9].*"), info);
    ok("rm", "counted");
  }

  static JsonNode inspect(String name) {
    try {
      return CanonicalJson.mapper().readTree(ok("inspect", name).out()).get(0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String line(String table, String name) {
    return table.lines().filter(l -> l.endsWith(name)).findFirst().orElse("<no " + name + ">");
  }

  private void awaitExited(String name) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (inspect(name).path("State").path("Status").asText().equals("exited")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(name + " did not exit");
  }

  static void awaitLog(String name, String text) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (hoist("logs", name).out().contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(name + " never logged " + text);
  }

  /**
   * Without -t the container never gets the host's terminal (as with Docker, its stdio are
   * pipes): it cannot turn the terminal's echo off, and sees no terminal at all.
   */
  @Test
  void foregroundRunWithoutATerminalCannotChangeTheHostsTerminal() throws Exception {
    String out = onATerminal(null, "run", "--rm", "-i", "busybox:test", "sh", "-c",
        "busybox stty -echo; test -t 0 || echo stdin is no terminal;"
            + " test -t 1 || echo stdout is no terminal");
    assertTrue(out.contains("stdin is no terminal") && out.contains("stdout is no terminal"),
        out);
    assertTrue(out.contains("\necho on\n"), "the host terminal's echo was turned off: " + out);
  }

  /**
   * With -t the container's terminal takes the size of hoist's, though hoist keeps the output
   * (the shim's stdout is a pipe): the shim finds it on its other descriptors or /dev/tty.
   */
  @Test
  void runWithATerminalGivesTheContainerTheHostTerminalsSize() throws Exception {
    String out = onATerminal("33x101", "run", "--rm", "-t", "--network", "none",
        "busybox:test", "stty", "size");
    assertTrue(out.contains("33 101"), "the host terminal's 33x101: " + out);
  }

  /**
   * What {@code hoist args} (in a JVM of its own) wrote on a new terminal (python3's pty, of
   * {@code size} ROWSxCOLS unless null), with the terminal's echo flag and the exit status.
   */
  private String onATerminal(String size, String... args) throws Exception {
    ExternalTools.assumeAvailable("python3"); // to give hoist a terminal
    Path script = dir.resolve("on_a_terminal.py");
    try (var in = getClass().getResourceAsStream("on_a_terminal.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> command = new ArrayList<>(List.of(ExternalTools.require("python3").toString(),
        script.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoistInHome.class.getName(),
        home.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (size != null) {
      pb.environment().put("PTY_SIZE", size);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return out;
  }
}
