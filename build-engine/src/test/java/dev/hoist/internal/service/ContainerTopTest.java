package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.runtime.ContainerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code hoist top}: a running container's processes, under both runtimes. */
class ContainerTopTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void topListsTheContainersSleepingProcessesAndNotTheHosts(String runtime) throws Exception {
    ServiceHome.assumeContainers();
    ExternalTools.assumeAvailable(runtime.equals("runc") ? "runc" : "sh");
    ExternalTools.assumeAvailable("ps");
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(ContainerStatsTest.detached(runtime,
        "sleep 4242 & exec sleep 4343"), PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE);
    containers.start(c.id());
    try {
      ContainerService.Top top = ContainerStatsTest.eventually(() -> {
        ContainerService.Top t = containers.top(c.name(), List.of());
        return t.processes().size() >= 2 ? t : null;
      });
      assertEquals(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"),
          top.titles());
      List<String> commands = top.processes().stream().map(p -> p.get(7)).toList();
      assertTrue(commands.contains("sleep 4242") && commands.contains("sleep 4343"),
          commands.toString());
      String self = Long.toString(ProcessHandle.current().pid());
      assertFalse(top.processes().stream().anyMatch(p -> p.get(1).equals(self)),
          "the test's own JVM is the host's, not the container's");
      ContainerService.Top custom = containers.top(c.id(), List.of("-o", "pid,comm"));
      assertEquals(List.of("PID", "COMMAND"), custom.titles());
      assertTrue(custom.processes().stream().filter(p -> p.get(1).equals("sleep")).count() >= 2,
          custom.processes().toString());
      assertThrows(IllegalArgumentException.class,
          () -> containers.top(c.id(), List.of("-o", "comm")), "no PID column");
    } finally {
      containers.kill(c.id(), "KILL");
      containers.containers().await(c.id(), Duration.ofSeconds(30));
    }
    IllegalArgumentException stopped = assertThrows(IllegalArgumentException.class,
        () -> containers.top(c.id(), List.of()));
    assertEquals("container " + c.name() + " is not running", stopped.getMessage());
  }

  @Test
  void psOutputIsSplitAsDockersWithThreadRowsAfterTheirProcess() {
    String ps = "  PID   TID CMD\n  10     - sh -c x\n     -    10 -\n  11     - other\n"
        + "     -    11 -\n";
    ContainerService.Top top = ContainerTop.parse(ps, Set.of(10L));
    assertEquals(List.of(List.of("10", "-", "sh -c x"), List.of("-", "10", "-")),
        top.processes());
  }
}
