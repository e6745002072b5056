package dev.hoist.cli;

import static dev.hoist.cli.ContainerCommandsTest.hoist;
import static dev.hoist.cli.ContainerCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist events}: the events real commands append (containers attached and detached,
 * images, volumes, networks), selected by {@code --since}/{@code --until} and {@code --filter},
 * printed as Docker's line or per {@code --format}, and followed as they happen; on real
 * containers from busybox images (root and busybox-static; skipped otherwise).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  @BeforeAll
  void setUp() throws Exception {
    HoistHome h = CliHome.forContainers(dir);
    BusyboxImage.create(h, dir, "plain:1", ContainerConfig.builder().cmd(List.of("sh")).build());
    BusyboxImage.create(h, dir, "labelled:1", ContainerConfig.builder().cmd(List.of("sh"))
        .labels(Map.of("team", "blue")).build());
  }

  @AfterAll
  void tearDown() {
    hoist("rm", "-f", "det", "svc", "lab", "busy");
    CliHome.release();
  }

  /** Unix seconds with nanoseconds, as --since and --until take them. */
  private static String unix(Instant t) {
    return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
  }

  /** The events between {@code from} and now, per {@code format}, with {@code filters}. */
  private static List<String> events(Instant from, String format, String... filters) {
    List<String> args = new ArrayList<>(List.of("events", "--since", unix(from), "--until",
        unix(Instant.now()), "--format", format));
    for (String f : filters) {
      args.add("--filter");
      args.add(f);
    }
    return ok(args.toArray(String[]::new)).out().lines().toList();
  }

  @Test
  void runRmAppendsCreateAttachStartDieDestroyInOrder() {
    Instant from = Instant.now();
    assertEquals(3, hoist("run", "--rm", "--name", "gone", "--network", "none", "plain:1", "sh",
        "-c", "exit 3").code());
    assertEquals(List.of("create", "attach", "start", "die exitCode=3", "destroy"),
        events(from, "{{.Action}}{{with .Actor.Attributes.exitCode}} exitCode={{.}}{{end}}",
            "container=gone"));
    // Docker's template fields are the Go struct's: .Status, .ID, .From, .Scope, .TimeNano
    assertEquals(List.of("destroy gone plain:1 local true"), events(from,
        "{{.Status}} {{.Actor.Attributes.name}} {{.From}} {{.Scope}} {{gt .TimeNano .Time}}",
        "container=gone", "event=destroy"));
  }

  @Test
  void aDetachedContainersDieComesFromItsMonitorAndStopKillsWithItsSignal() {
    Instant from = Instant.now();
    String id = ok("run", "-d", "--name", "det", "--network", "none", "plain:1", "sh", "-c",
        "exit 4").out().trim();
    assertEquals("4", ok("wait", "det").out().trim());
    assertEquals(List.of("create", "start", "die 4"), events(from,
        "{{.Action}}{{with .Actor.Attributes.exitCode}} {{.}}{{end}}", "container=" + id));
    Instant second = Instant.now();
    // --init: sleep as PID 1 would ignore SIGTERM (no init is the default, as Docker's)
    ok("run", "-d", "--init", "--name", "svc", "--network", "none", "plain:1", "sleep", "60");
    ok("stop", "-t", "5", "svc");
    ok("restart", "-t", "5", "svc");
    ok("rm", "-f", "svc");
    // restart of a stopped container: nothing to stop, started again
    assertEquals(List.of("create", "start", "kill 15", "die", "stop", "start", "restart",
        "kill 9", "die", "destroy"), events(second,
        "{{.Action}}{{with .Actor.Attributes.signal}} {{.}}{{end}}", "container=svc"));
  }

  @Test
  void topCopyExportCommitPruneAndTheStartsNetworkConnectAppendDockersEvents() {
    Instant from = Instant.now();
    String id = ok("run", "-d", "--name", "evt", "--network", "none", "plain:1", "sleep", "60")
        .out().trim();
    ok("top", "evt");
    ok("cp", "evt:/etc/hostname", dir.resolve("hostname-copy").toString());
    ok("cp", dir.resolve("hostname-copy").toString(), "evt:/tmp/");
    ok("export", "-o", dir.resolve("evt.tar").toString(), "evt");
    ok("commit", "-m", "evented", "evt", "evt-image:1");
    ok("rm", "-f", "evt");
    // hoist freezes a running container while it reads or writes its files (commit as Docker's)
    assertEquals(List.of("create", "start", "top", "pause", "unpause", "archive-path", "pause",
        "unpause", "extract-to-dir", "export", "pause", "unpause", "commit evented", "kill", "die", "destroy"), events(from,
        "{{.Action}}{{with .Actor.Attributes.comment}} {{.}}{{end}}", "container=" + id));
    assertEquals(List.of("connect none " + id), events(from,
        "{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.container}}",
        "type=network", "event=connect"));

    Instant pruning = Instant.now();
    ok("container", "prune", "-f");
    ok("image", "prune", "-f");
    ok("volume", "prune", "-f");
    ok("network", "prune", "-f");
    assertEquals(List.of("container reclaimed", "image reclaimed", "volume reclaimed",
        "network"), events(pruning,
        "{{.Type}}{{with .Actor.Attributes.reclaimed}} reclaimed{{end}}", "event=prune"));
  }

  @Test
  void execAndPauseAppendTheirEvents() {
    Instant from = Instant.now();
    ok("run", "-d", "--name", "busy", "--network", "none", "plain:1", "sleep", "60");
    assertEquals(5, hoist("exec", "busy", "sh", "-c", "exit 5").code());
    ok("pause", "busy");
    ok("unpause", "busy");
    ok("rm", "-f", "busy");
    List<String> seen = events(from, "{{.Action}}{{with .Actor.Attributes.exitCode}} "
        + "{{.}}{{end}}", "container=busy");
    assertEquals(List.of("create", "start", "exec_create: sh -c exit 5",
        "exec_start: sh -c exit 5", "exec_die 5", "pause", "unpause", "kill", "die 137",
        "destroy"), seen);
    assertEquals(List.of("exec_create: sh -c exit 5", "exec_start: sh -c exit 5"),
        events(from, "{{.Action}}", "container=busy", "event=exec_create",
            "event=exec_start"));
    List<String> ids = events(from, "{{.Actor.Attributes.execID}}", "container=busy",
        "event=exec_die", "event=exec_create");
    assertEquals(2, ids.size());
    assertEquals(ids.get(0), ids.get(1));
  }

  @Test
  void theDefaultLineIsDockersAndJsonIsTheMessage() throws Exception {
    Instant from = Instant.now();
    ok("create", "--name", "lab", "--network", "none", "--label", "mine=1", "labelled:1",
        "true");
    String id = ok("inspect", "--format", "{{.Id}}", "lab").out().trim();
    List<String> lines = events(from, "", "container=lab");
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}"
        + "(Z|[+-]\\d\\d:\\d\\d) container create " + id
        + " \\(image=labelled:1, mine=1, name=lab, team=blue\\)"), lines.get(0));
    JsonNode json = JSON.readTree(events(from, "json", "container=lab").get(0));
    assertEquals("container", json.get("Type").asText());
    assertEquals("create", json.get("status").asText());
    assertEquals(id, json.get("id").asText());
    assertEquals("local", json.get("scope").asText());
    assertTrue(json.get("timeNano").asLong() / 1_000_000_000L == json.get("time").asLong());
    assertEquals(json, JSON.readTree(events(from, "{{json .}}", "container=lab").get(0)));
    assertEquals(List.of("lab"), events(from, "{{.Actor.Attributes.name}}", "label=mine=1"));
    assertEquals(List.of(), events(from, "{{.Actor.Attributes.name}}", "label=mine=2"));
    assertEquals(List.of("lab"), events(from, "{{.Actor.Attributes.name}}",
        "image=labelled", "type=container"));
  }

  @Test
  void imagesVolumesAndNetworksAppendTheirEvents() {
    Instant from = Instant.now();
    ok("tag", "plain:1", "other:2");
    ok("rmi", "other:2");
    ok("volume", "create", "evvol");
    ok("volume", "rm", "evvol");
    ok("network", "create", "evnet");
    ok("network", "rm", "evnet");
    assertEquals(List.of("image tag other:2", "image untag other:2"),
        events(from, "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}", "type=image"));
    assertEquals(List.of("volume create evvol", "volume destroy evvol"),
        events(from, "{{.Type}} {{.Action}} {{.Actor.ID}}", "volume=evvol"));
    assertEquals(List.of("network create evnet", "network destroy evnet"),
        events(from, "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}", "type=network"));
    assertEquals(List.of("create", "destroy"), events(from, "{{.Action}}", "network=evnet"));
  }

  @Test
  void pullPushSaveLoadAndImportAppendImageEvents() throws Exception {
    dev.hoist.fixtures.ExternalTools.assumeRegistry();
    try (dev.hoist.fixtures.RegistryProcess registry = dev.hoist.fixtures.RegistryProcess.start()) {
      String ref = registry.host() + "/ev/demo:1";
      Instant from = Instant.now();
      ok("tag", "plain:1", ref);
      ok("push", "--progress=quiet", ref);
      ok("rmi", ref);
      ok("pull", "--progress=quiet", ref);
      Path archive = dir.resolve("saved.tar");
      ok("save", "-o", archive.toString(), ref);
      ok("load", "-i", archive.toString());
      ok("import", archive.toString(), "imported:1");
      String id = ok("inspect", "--format", "{{.Id}}", ref).out().trim();
      assertEquals(List.of("tag " + id + " " + ref, "push " + ref + " " + ref,
          "untag " + id + " " + ref, "pull " + ref + " " + ref, "save " + id + " " + ref,
          "load " + id + " " + ref), events(from,
          "{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}", "type=image",
          "image=" + registry.host() + "/ev/demo"));
      assertEquals(List.of("import imported:1"), events(from,
          "{{.Action}} {{.Actor.Attributes.name}}", "event=import"));
    }
  }

  @Test
  void withoutSinceItFollowsFromNowAndSeesAnEventAppendedAfterItStarted() throws Exception {
    ok("volume", "create", "before-follow");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Instant until = Instant.now().plusSeconds(6);
    int[] code = {-1};
    Thread follower = new Thread(() -> code[0] = Main.execute(new String[] {"events",
        "--until", unix(until), "--filter", "type=volume", "--format", "{{.Action}} {{.Actor.ID}}"},
        new PrintWriter(out, true), new PrintWriter(err, true)));
    follower.start();
    // not a fixed 1.5 s: a loaded machine can take longer to reach the journal's end, and then
    // the event lands before the follower's "now"
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!pollingTheJournal(follower) && follower.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    ok("volume", "create", "after-follow");
    follower.join(15_000);
    assertEquals(0, code[0], err.toString());
    assertEquals(List.of("create after-follow"), out.toString().lines().toList());
  }

  @Test
  void badTimesAndFiltersAreOneClearError() {
    ContainerCommandsTest.Result r = hoist("events", "--since", "yesterday-ish", "--until", "1");
    assertEquals(1, r.code(), r.all());
    assertTrue(r.err().contains("failed to parse value as time or duration"), r.all());
    r = hoist("events", "--filter", "colour=red", "--until", "1");
    assertEquals(1, r.code(), r.all());
    assertTrue(r.err().contains("invalid filter 'colour'"), r.all());
    assertTrue(!r.err().contains("Exception"), r.all());
  }

  /** Whether {@code t} sleeps between its polls of the event journal: it has taken its "now". */
  static boolean pollingTheJournal(Thread t) {
    return t.getState() == Thread.State.TIMED_WAITING && java.util.Arrays.stream(t.getStackTrace())
        .anyMatch(f -> f.getClassName().endsWith(".EventJournal") && f.getMethodName().equals("read"));
  }
}
