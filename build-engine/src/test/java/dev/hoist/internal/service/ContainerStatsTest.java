package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.Resources;
import dev.hoist.internal.runtime.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code hoist stats}: a running container's resource use from its cgroups, both runtimes. */
class ContainerStatsTest {
  @TempDir Path dir;

  /** A reading that has to wait for something to happen in a container. */
  interface Attempt<T> {
    T get() throws Exception;
  }

  /** The first non-null answer of {@code attempt} within 10 s (the last failure otherwise). */
  static <T> T eventually(Attempt<T> attempt) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    for (;;) {
      T value = attempt.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s");
      }
      Thread.sleep(50);
    }
  }

  /** {@code sh -c script} of the busybox image {@code box:1} under {@code runtime}. */
  static RunOptions detached(String runtime, String script) {
    return detached(runtime, Resources.NONE, script);
  }

  static RunOptions detached(String runtime, Resources resources, String script) {
    return RunOptions.builder("box:1").cmd("sh", "-c", script).resources(resources)
        .runtime(runtime).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void statsShowTheMemoryLimitSetWithMAndThePidsCount(String runtime) throws Exception {
    ServiceHome.assumeContainers();
    ExternalTools.assumeAvailable(runtime.equals("runc") ? "runc" : "sh");
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    long limit = 48L << 20;
    ContainerState c = containers.create(detached(runtime, new Resources(limit, 0, 0),
        "sleep 4001 & sleep 4002 & i=0; while :; do i=$((i+1)); done"), PullPolicy.NEVER,
        RegistryOverrides.NONE, PullListener.NONE);
    containers.start(c.id());
    try {
      ContainerStats.Sample first = eventually(() -> {
        ContainerStats.Sample s = containers.stats(c.name());
        return s.pids() >= 3 ? s : null;
      });
      Thread.sleep(500);
      ContainerStats.Sample second = containers.stats(c.id());
      assertEquals(limit, second.memoryLimit(), "-m's limit");
      assertTrue(second.memoryBytes() > 0 && second.memoryBytes() < limit,
          "in use: " + second.memoryBytes());
      assertTrue(second.pids() >= 3, "sh and two sleeps (and the shim's PID 1): "
          + second.pids());
      assertTrue(second.cpuPercent(first) > 5, "a busy loop: " + second.cpuPercent(first));
      assertTrue(second.onlineCpus() >= 1);
    } finally {
      containers.kill(c.id(), "KILL");
      containers.containers().await(c.id(), Duration.ofSeconds(30));
    }
    assertThrows(IllegalArgumentException.class, () -> containers.stats(c.id()));
  }
}
