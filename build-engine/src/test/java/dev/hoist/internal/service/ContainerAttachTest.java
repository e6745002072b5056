package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.runtime.ContainerState;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoist attach}: a detached container's output from now on, and its exit code. */
class ContainerAttachTest {
  @TempDir Path dir;

  @Test
  void attachFollowsTheOutputFromNowAndReturnsTheExitCode() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(ContainerStatsTest.detached("hoist",
        "echo before; sleep 4; echo after; echo oops >&2; exit 7"), PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);
    containers.start(c.id());
    Path log = containers.containers().store().logFile(c.id());
    ContainerStatsTest.eventually(() -> Files.exists(log)
        && Files.readString(log).contains("before") ? true : null);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = containers.attach(c.name(), out, err);
    assertEquals(7, code);
    assertEquals("after\n", out.toString(), "from the log's end when attached");
    assertEquals("oops\n", err.toString());
    IllegalArgumentException stopped = assertThrows(IllegalArgumentException.class,
        () -> containers.attach(c.id(), new StringWriter(), new StringWriter()));
    assertEquals("You cannot attach to a stopped container, start it first",
        stopped.getMessage());
    // attach returns when the exit is on record; the monitor's exit step may still be writing
    // in the home that @TempDir deletes next (the flake of stop 23)
    assertEquals(7, containers.containers().await(c.id(), Duration.ofSeconds(30)).orElseThrow());
    containers.remove(c.id(), false, true);
  }

  @Test
  void aPausedContainerIsNotAttached() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(ContainerStatsTest.detached("hoist", "exec sleep 60"),
        PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);
    containers.start(c.id());
    try {
      containers.pause(c.id());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> containers.attach(c.id(), new StringWriter(), new StringWriter()));
      assertTrue(e.getMessage().contains("paused"), e.getMessage());
      containers.unpause(c.id());
      assertFalse(containers.require(c.id()).status() == ContainerState.Status.PAUSED);
    } finally {
      containers.kill(c.id(), "KILL");
      containers.containers().await(c.id(), Duration.ofSeconds(30));
    }
  }
}
