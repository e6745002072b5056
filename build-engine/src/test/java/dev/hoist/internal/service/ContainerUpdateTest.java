package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ExecSpec;
import dev.hoist.internal.runtime.Resources;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.runtime.Stdio;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code hoist update}: a running container's limits changed in place, both runtimes. */
class ContainerUpdateTest {
  @TempDir Path dir;

  /** How many of 20 background sleeps the container could fork, from an exec'd shell. */
  private static String forks(ContainerService containers, ContainerState c) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var process = containers.exec(c, new ContainerService.ExecRequest(List.of("sh", "-c",
        "i=0; while [ $i -lt 20 ]; do i=$((i+1)); sleep 30 & echo $i; done"), List.of(), null,
        null, false), Stdio.pipes());
    process.stdout().transferTo(out);
    process.waitFor(); // busybox's sh ends at the fork that fails: the last number counts
    String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
    return lines[lines.length - 1].isEmpty() ? "0" : lines[lines.length - 1];
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void updateRaisesPidsMaxAndTheContainerCanForkMore(String runtime) throws Exception {
    ServiceHome.assumeContainers();
    ExternalTools.assumeAvailable(runtime.equals("runc") ? "runc" : "sh");
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(ContainerStatsTest.detached(runtime,
        new Resources(0, 0, 12), "exec sleep 600"), PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE);
    containers.start(c.id());
    try {
      ContainerState running = containers.require(c.id());
      // an exec right after the start may come before the runtime recorded its first process
      int before = Integer.parseInt(ContainerStatsTest.eventually(() -> {
        try {
          return forks(containers, running);
        } catch (java.io.IOException notYet) {
          return null;
        }
      }));
      assertTrue(before < 20, "pids.max 12 stops the forks: " + before);
      containers.update(c.name(), new ContainerService.UpdateRequest(64L << 20, 500_000_000L,
          64L, null));
      assertEquals("20", forks(containers, running), "after pids.max 64");
      var inspect = containers.dockerInspect(c.id(), false);
      String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
          inspect);
      assertTrue(json.contains("\"PidsLimit\":64"), json);
      assertTrue(json.contains("\"Memory\":" + (64L << 20)), json);
      assertTrue(json.contains("\"NanoCpus\":500000000"), json);
      assertEquals(64L << 20, containers.stats(c.id()).memoryLimit(), "in the cgroup");
    } finally {
      containers.kill(c.id(), "KILL");
      containers.containers().await(c.id(), Duration.ofSeconds(30));
    }
  }

  @Test
  void updateWritesSwapSharesAndCpusetToTheRunningContainersCgroupsAndItsRecord()
      throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(ContainerStatsTest.detached("hoist",
        new Resources(32L << 20, 0, 0), "exec sleep 600"), PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE);
    containers.start(c.id());
    try {
      ContainerState running = containers.require(c.id());
      containers.update(c.id(), new ContainerService.UpdateRequest(64L << 20, null, null, null,
          128L << 20, 512L, "0", null));
      var cgroups = containers.runningCgroups(running);
      var swap = cgroups.withFile("memory.memsw.limit_in_bytes");
      if (swap.isPresent()) { // v1 with swap accounting
        assertEquals(Long.toString(128L << 20), java.nio.file.Files.readString(
            swap.get().resolve("memory.memsw.limit_in_bytes")).trim());
      } else if (cgroups.withFile("memory.swap.max").isPresent()) { // v2
        assertEquals(Long.toString(64L << 20), java.nio.file.Files.readString(
            cgroups.withFile("memory.swap.max").get().resolve("memory.swap.max")).trim());
      }
      var shares = cgroups.withFile("cpu.shares");
      if (shares.isPresent()) {
        assertEquals("512", java.nio.file.Files.readString(shares.get().resolve("cpu.shares"))
            .trim());
      } else {
        assertEquals(Long.toString(1 + ((512 - 2) * 9999) / 262142), java.nio.file.Files
            .readString(cgroups.withFile("cpu.weight").orElseThrow().resolve("cpu.weight"))
            .trim());
      }
      assertEquals("0", java.nio.file.Files.readString(cgroups.withFile("cpuset.cpus")
          .orElseThrow().resolve("cpuset.cpus")).trim());
      String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
          containers.dockerInspect(c.id(), false));
      assertTrue(json.contains("\"MemorySwap\":" + (128L << 20)), json);
      assertTrue(json.contains("\"CpuShares\":512"), json);
      assertTrue(json.contains("\"CpusetCpus\":\"0\""), json);
      assertThrows(IllegalArgumentException.class, () -> containers.update(c.id(),
          new ContainerService.UpdateRequest(null, null, null, null, 32L << 20, null, null,
              null)), "swap below the memory limit: Docker's refusal");

      // --cpu-period, --cpu-quota and --memory-reservation of the running container
      containers.update(c.id(), new ContainerService.UpdateRequest(null, null, null, null, null,
          null, null, null, 60_000L, 30_000L, 16L << 20, null));
      var quota = cgroups.withFile("cpu.cfs_quota_us");
      if (quota.isPresent()) {
        assertEquals("60000 30000", java.nio.file.Files.readString(quota.get()
            .resolve("cpu.cfs_period_us")).trim() + " " + java.nio.file.Files.readString(
            quota.get().resolve("cpu.cfs_quota_us")).trim());
        assertEquals(Long.toString(16L << 20), java.nio.file.Files.readString(cgroups
            .withFile("memory.soft_limit_in_bytes").orElseThrow()
            .resolve("memory.soft_limit_in_bytes")).trim());
      } else {
        assertEquals("30000 60000", java.nio.file.Files.readString(cgroups.withFile("cpu.max")
            .orElseThrow().resolve("cpu.max")).trim());
      }
      json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
          containers.dockerInspect(c.id(), false));
      assertTrue(json.contains("\"CpuPeriod\":60000,\"CpuQuota\":30000"), json);
      assertTrue(json.contains("\"MemoryReservation\":" + (16L << 20)), json);
      assertEquals("Conflicting options: Nano CPUs and CPU Period cannot both be set",
          assertThrows(IllegalArgumentException.class, () -> containers.update(c.id(),
              new ContainerService.UpdateRequest(null, 500_000_000L, null, null)))
              .getMessage(), "--cpus over a period and quota: Docker's refusal");
    } finally {
      containers.kill(c.id(), "KILL");
      containers.containers().await(c.id(), Duration.ofSeconds(30));
    }
  }

  @Test
  void aRestartPolicyGivenByUpdateIsTheOneTheMonitorFollowsAtTheNextExit() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(ContainerStatsTest.detached("hoist",
        "sleep 2; exit 3"), PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);
    containers.start(c.id());
    containers.update(c.id(), new ContainerService.UpdateRequest(null, null, null,
        RestartPolicy.parse("on-failure:1")));
    try {
      ContainerStatsTest.eventually(() -> {
        ContainerState s = containers.require(c.id());
        return s.restartCount() >= 1 ? s : null; // restarted: the policy was read at the exit
      });
    } catch (AssertionError e) {
      throw new AssertionError("not restarted once: " + containers.require(c.id()), e);
    }
    assertEquals(RestartPolicy.parse("on-failure:1"), containers.require(c.id()).restartPolicy());
  }

  @Test
  void aRestartPolicyForARmContainerIsRefused() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    var options = ContainerStatsTest.detached("hoist", "true").toBuilder().cmd("true")
        .autoRemove(true).build();
    ContainerState c = containers.create(options, PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE);
    assertThrows(IllegalArgumentException.class, () -> containers.update(c.id(),
        new ContainerService.UpdateRequest(null, null, null, RestartPolicy.parse("always"))));
  }
}
