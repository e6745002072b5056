package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.Resources;
import dev.hoist.internal.runtime.Stdio;
import dev.hoist.internal.service.docker.ContainerInspect;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code State.OOMKilled}: set when the kernel's OOM killer killed a process of the container
 * ({@code -m 8m}, a {@code tail} that keeps 64 MiB without a newline), foreground and detached.
 */
class OomKilledTest {
  /** Ends with tail's status: 137 when the OOM killer took it. */
  private static final String GREEDY = "head -c 64m /dev/zero | tail";
  private static final Resources EIGHT_MIB = new Resources(8L << 20, 0, 0);

  @TempDir static Path dir;
  private static ServiceHome home;

  @BeforeAll
  static void image() throws Exception {
    ServiceHome.assumeContainers();
    home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
  }

  @Test
  void aForegroundContainerKilledForItsMemoryIsOomKilled() throws Exception {
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(ContainerStatsTest.detached("hoist", EIGHT_MIB, GREEDY),
        PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);
    assertEquals(137, containers.runAttached(c, Stdio.pipes(), p -> { }));
    ContainerInspect.State state = containers.dockerInspect(c.id(), false).state();
    assertTrue(state.oomKilled(), "OOMKilled after the OOM killer");
    assertEquals(137, state.exitCode());
  }

  @Test
  void aDetachedContainerKilledForItsMemoryIsOomKilledUntilItsNextStart() throws Exception {
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(ContainerStatsTest.detached("hoist", EIGHT_MIB,
        "[ -e /ran ] && exit 3; touch /ran; " + GREEDY), PullPolicy.NEVER,
        RegistryOverrides.NONE, PullListener.NONE);
    containers.start(c.id());
    assertEquals(137, containers.await(c.id()));
    ContainerInspect.State state = containers.dockerInspect(c.id(), false).state();
    assertTrue(state.oomKilled(), "OOMKilled after the OOM killer (the monitor's exit step)");
    assertEquals(137, state.exitCode());

    containers.start(c.id());
    assertEquals(3, containers.await(c.id()));
    assertFalse(containers.dockerInspect(c.id(), false).state().oomKilled(),
        "a start clears it; an exit without the OOM killer leaves it false");
  }
}
