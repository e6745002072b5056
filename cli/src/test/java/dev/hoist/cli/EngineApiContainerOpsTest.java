package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cli.DockerCliHarness.Result;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Engine API's container operations driven by the real {@code docker} CLI: pause, unpause,
 * rename, update, top, stats, resize, events while they run, diff, export, commit, logs'
 * since/until (real containers: root and busybox-static).
 */
class EngineApiContainerOpsTest extends DockerCliTestBase {
  @Test
  void runningContainerIsPausedRenamedUpdatedAndWatchedThroughDocker() throws Exception {
    long since = Instant.now().getEpochSecond() - 1;
    String id = api.dockerOk("run", "-d", "--name", "ops", "busybox:test", "sh", "-c",
        ContainerCommandsTest.WAIT_A_MINUTE).out().trim();
    Path eventsOut = Files.createTempFile(dir, "events", ".txt");
    Process events = api.startDocker(eventsOut, "events", "--filter", "container=" + id,
        "--format", "{{.Action}} {{.Actor.Attributes.name}}");
    try {
      // the events request is in before the calls it reports: an exec's events reach it
      // (not a fixed 500 ms, which a loaded machine can spend before the request is in)
      for (int i = 0; i < 100 && !Files.readString(eventsOut).contains("exec_die"); i++) {
        api.dockerOk("exec", "ops", "true");
        Thread.sleep(300);
      }
      assertTrue(Files.readString(eventsOut).contains("exec_die"), "docker events never followed");
      api.dockerOk("pause", "ops");
      assertEquals("paused\n", api.dockerOk("inspect", "-f", "{{.State.Status}}", "ops").out());
      api.dockerOk("unpause", "ops");
      assertEquals("running\n", api.dockerOk("inspect", "-f", "{{.State.Status}}", "ops")
          .out());
      api.dockerOk("rename", "ops", "ops2");
      assertTrue(DockerCliHarness.hoistCli("ps", "--format", "{{.Names}}").out()
          .contains("ops2"), "hoist sees the new name");

      Result update = api.dockerOk("update", "--memory", "64m", "--cpus", "0.5",
          "--pids-limit", "50", "--restart", "on-failure:2", "ops2");
      assertEquals("ops2\n", update.out(), update.all());
      assertEquals("67108864 500000000 50 on-failure 2\n", api.dockerOk("inspect", "-f",
          "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} "
              + "{{.HostConfig.RestartPolicy.Name}} "
              + "{{.HostConfig.RestartPolicy.MaximumRetryCount}}", "ops2").out());
      api.dockerOk("update", "--cpu-shares", "512", "--memory-reservation", "32m", "ops2");
      assertEquals("512 33554432\n", api.dockerOk("inspect", "-f",
          "{{.HostConfig.CpuShares}} {{.HostConfig.MemoryReservation}}", "ops2").out());
      Result unapplied = api.docker("update", "--cpu-rt-period", "1000", "ops2");
      assertTrue(unapplied.out().contains("CpuRealtimePeriod is not applied"), unapplied.all());

      Result top = api.dockerOk("top", "ops2", "-o", "pid,args");
      assertTrue(top.out().startsWith("PID"), top.all());
      assertTrue(top.out().contains("sh -c"), top.all());

      Result stats = api.dockerOk("stats", "--no-stream", "--format",
          "{{.Name}} {{.PIDs}} {{.MemUsage}}", "ops2");
      assertTrue(stats.out().startsWith("ops2 "), stats.all());
      int pids = Integer.parseInt(stats.out().split(" ")[1]);
      assertTrue(pids >= 2, "the shell and its sleep: " + stats.all());
      assertTrue(stats.out().contains("/ 64MiB"), "the updated limit: " + stats.all());

      // streamed: a reading a second, each with the one before as precpu_stats
      Result streamed = api.curl("--max-time", "3",
          "http://localhost/v1.47/containers/ops2/stats");
      List<String> readings = streamed.out().lines().toList();
      assertTrue(readings.size() >= 2, streamed.all());
      JsonNode second = CanonicalJson.mapper().readTree(readings.get(1));
      assertEquals("/ops2", second.path("name").asText(), streamed.all());
      assertEquals(CanonicalJson.mapper().readTree(readings.get(0)).path("cpu_stats"),
          second.path("precpu_stats"), streamed.all());
      assertTrue(second.path("memory_stats").path("usage").asLong() > 0, streamed.all());

      Result resize = api.curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
          "http://localhost/containers/ops2/resize?h=24&w=80");
      assertEquals("200", resize.out(), resize.all());
      Result missing = api.curl("-w", " %{http_code}", "-X", "POST",
          "http://localhost/containers/nothing-here/resize?h=24&w=80");
      assertTrue(missing.out().endsWith(" 404"), missing.all());
    } finally {
      // the journal is polled: the last event reaches the stream (or 30 s pass) before it ends
      for (int i = 0; i < 300 && !Files.readString(eventsOut).contains("rename ops2\n"); i++) {
        Thread.sleep(100);
      }
      events.destroy();
      events.waitFor(10, TimeUnit.SECONDS);
      api.docker("rm", "-f", "ops2");
    }
    String live = Files.readString(eventsOut);
    assertTrue(live.contains("pause ops\n"), live);
    assertTrue(live.contains("unpause ops\n"), live);
    assertTrue(live.contains("rename ops2\n"), live);

    // the past: from the journal, between since and until, then the stream ends
    Result past = api.dockerOk("events", "--since", Long.toString(since), "--until",
        Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "event=pause",
        "--format", "{{.Type}} {{.Action}} {{.Actor.ID}}");
    assertEquals("container pause " + id + "\n", past.out(), past.all());
    Result bad = api.docker("events", "--filter", "colour=red", "--until", "1s");
    assertEquals(1, bad.code(), bad.all());
    assertTrue(bad.err().contains("colour"), bad.all());
  }

  /**
   * A container whose record a crash cut short is not listed, yet {@code docker rm} (the
   * Engine API's DELETE, by its short ID) and {@code hoist rm} (by its name) remove it: its
   * directory and its name go.
   */
  @Test
  void containersWhoseRecordIsUnreadableAreRemovedByShortIdOrName() throws Exception {
    String cut = api.dockerOk("create", "--name", "cut", "busybox:test", "true").out().trim();
    String emptied = api.dockerOk("create", "--name", "emptied", "busybox:test", "true").out()
        .trim();
    Path containers = api.home.resolve("containers");
    Path state = containers.resolve(cut).resolve("state.json");
    byte[] whole = Files.readAllBytes(state);
    Files.write(state, java.util.Arrays.copyOf(whole, whole.length / 2));
    Files.write(containers.resolve(emptied).resolve("state.json"), new byte[0]);
    assertEquals(1, api.docker("inspect", "cut").code(), "left out");

    Result viaService = api.docker("rm", "-f", cut.substring(0, 12));
    assertEquals(0, viaService.code(), viaService.all());
    assertTrue(Files.notExists(containers.resolve(cut)));
    Result viaCli = DockerCliHarness.hoistCli("rm", "emptied");
    assertEquals(0, viaCli.code(), viaCli.all());
    assertTrue(viaCli.err().contains("hoist rm " + emptied + " removes the container"),
        "the warning says how: " + viaCli.all());
    assertTrue(Files.notExists(containers.resolve(emptied)));
    Result missing = api.docker("rm", cut);
    assertEquals(1, missing.code(), missing.all());
    assertTrue(missing.err().contains("No such container"), missing.all());

    api.dockerOk("create", "--name", "cut", "busybox:test", "true"); // the names are free
    api.dockerOk("rm", "cut");
  }

  @Test
  void anEventsStreamWhoseClientWentAwayEndsWithoutAnEvent() throws Exception {
    Result cut = api.curl("--max-time", "1", "http://localhost/events");
    assertEquals(28, cut.code(), "curl gave up: " + cut.all());
    // the stream's request ended: the service is idle again (it would stay busy forever)
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(15),
        () -> api.awaitIdle(java.time.Duration.ofMillis(200)));
  }

  /**
   * The confinement flags of {@code docker run} reach the container through the service's
   * {@code HostConfig} as {@code hoist run}'s do: capabilities, shm size, ulimits, sysctls,
   * tmpfs, groups; none is answered with a "not applied" warning.
   */
  @Test
  void dockerRunsConfinementFlagsApplyThroughTheService() throws Exception {
    Result r = api.docker("run", "--rm", "--cap-add", "NET_ADMIN", "--shm-size", "128m",
        "--ulimit", "nofile=512:1024", "--sysctl", "net.ipv4.ip_forward=1", "--tmpfs",
        "/scratch:size=8m", "--group-add", "1234", "busybox:test", "sh", "-c",
        "grep CapEff /proc/self/status; df -k /dev/shm /scratch | tail -2; ulimit -n; "
            + "cat /proc/sys/net/ipv4/ip_forward; id -G");
    assertEquals(0, r.code(), r.all());
    assertFalse(r.err().contains("not applied"), r.all());
    List<String> lines = r.out().lines().toList();
    assertEquals("CapEff:\t00000000a80435fb", lines.get(0), r.all());
    assertTrue(lines.get(1).matches("\\S+\\s+131072\\s.*/dev/shm"), r.all());
    assertTrue(lines.get(2).matches("\\S+\\s+8192\\s.*/scratch"), r.all());
    assertEquals(List.of("512", "1"), lines.subList(3, 5), r.all());
    assertTrue(List.of(lines.get(5).split(" ")).contains("1234"), r.all());

    Result privileged = api.docker("run", "--rm", "--privileged", "busybox:test", "sh", "-c",
        "grep -E 'CapEff|Seccomp:' /proc/self/status");
    assertEquals(0, privileged.code(), privileged.all());
    assertFalse(privileged.out().contains("a80425fb"), privileged.all());
    assertTrue(privileged.out().contains("Seccomp:\t0"), privileged.all());

    Result cgroup = api.docker("run", "--rm", "-m", "64m", "--cpu-period", "50000",
        "--cpu-quota", "25000", "--memory-reservation", "32m", "--oom-kill-disable",
        "--domainname", "example.org", "busybox:test", "sh", "-c", "cd /sys/fs/cgroup; "
            + "cat cpu/cpu.cfs_period_us cpu/cpu.cfs_quota_us memory/memory.soft_limit_in_bytes;"
            + " grep oom_kill_disable memory/memory.oom_control; cat /proc/sys/kernel/domainname");
    assertEquals(List.of("50000", "25000", "33554432", "oom_kill_disable 1", "example.org"),
        cgroup.out().lines().toList(), cgroup.all());
    Result quota = api.docker("run", "--rm", "--cpu-quota", "999",
        "busybox:test", "true");
    assertEquals(125, quota.code(), quota.all());
    assertTrue(quota.err().contains("CPU cfs quota can not be less than 1ms"), quota.all());

    Result refused = api.docker("run", "--rm", "--cap-add", "NOT_A_CAP", "busybox:test", "true");
    assertEquals(125, refused.code(), refused.all());
    assertTrue(refused.err().contains("NOT_A_CAP"), refused.all());
  }

  @Test
  void aFollowedLogOfASilentContainerEndsWhenItsClientWentAway() throws Exception {
    String id = api.dockerOk("run", "-d", "--network", "none", "busybox:test", "sleep", "60")
        .out().trim();
    try {
      Result cut = api.curl("--max-time", "1",
          "http://localhost/containers/" + id + "/logs?follow=1&stdout=1");
      assertEquals(28, cut.code(), "curl gave up: " + cut.all());
      // the followed log's request ended: the service is idle again (before, it held its
      // thread until the container printed or ended)
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(15),
          () -> api.awaitIdle(java.time.Duration.ofMillis(200)));
    } finally {
      api.dockerOk("rm", "-f", id);
    }
  }

  @Test
  void exitedContainerIsDiffedExportedAndCommittedThroughDocker() throws Exception {
    api.dockerOk("run", "--name", "chg", "busybox:test", "sh", "-c",
        "echo hello; echo made > /made; mkdir -p /srv/dir");
    try {
      Result diff = api.dockerOk("diff", "chg");
      assertTrue(diff.out().contains("A /made\n"), diff.all());
      assertTrue(diff.out().contains("A /srv/dir\n"), diff.all());

      Path tar = dir.resolve("chg.tar");
      api.dockerOk("export", "-o", tar.toString(), "chg");
      Process list = new ProcessBuilder("tar", "-tf", tar.toString()).redirectErrorStream(true)
          .start();
      String names = new String(list.getInputStream().readAllBytes());
      assertEquals(0, list.waitFor(), names);
      assertTrue(names.lines().anyMatch(n -> n.equals("made") || n.equals("./made")), names);
      assertTrue(names.lines().anyMatch(n -> n.endsWith("bin/busybox")), names);

      Result commit = api.dockerOk("commit", "-c", "ENV COMMITTED=yes", "-m", "a message",
          "-a", "me", "chg", "committed:1");
      assertTrue(commit.out().startsWith("sha256:"), commit.all());
      Result inspect = api.dockerOk("inspect", "-f", "{{.Author}} {{.Config.Env}}",
          "committed:1");
      assertTrue(inspect.out().startsWith("me "), inspect.all());
      assertTrue(inspect.out().contains("COMMITTED=yes"), inspect.all());
      Result history = api.dockerOk("history", "--format", "{{.Comment}}|{{.CreatedBy}}",
          "committed:1");
      assertTrue(history.out().startsWith("a message|"), history.all());
      assertEquals(api.hoist.images().history("committed:1").size(),
          history.out().lines().count(), history.all());
      Result bad = api.docker("commit", "-c", "NOSUCH x", "chg", "committed:2");
      assertEquals(1, bad.code(), bad.all());

      assertEquals("hello\n", api.dockerOk("logs", "--since", "10m", "chg").out());
      assertEquals("", api.dockerOk("logs", "--until", "2000-01-01T00:00:00Z", "chg").out());
    } finally {
      api.docker("rm", "-f", "chg");
      api.docker("rmi", "committed:1");
    }
  }
}
