package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoist.internal.runtime.ContainerLog;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.Stdio;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoist logs} as a service call, on real containers run with hoist's shim. */
class ContainerLogsServiceTest {
  @TempDir Path dir;

  @Test
  void aDetachedContainersLogGivesEachStreamItsLinesAndTheTailOnlyTheLast() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    ContainerService containers = home.hoist.containers();
    ContainerState c = home.createBox("sh", "-c", "echo one; echo two; echo oops >&2");
    containers.start(c.id());
    assertEquals(OptionalInt.of(0), containers.containers().await(c.id(), Duration.ofSeconds(30)));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<ContainerState> notKept = new ArrayList<>();
    containers.logs(c.name(), new ContainerLog.Options(-1, false), false, out, err,
        notKept::add);
    assertEquals("one\ntwo\n", out.toString());
    assertEquals("oops\n", err.toString());
    assertEquals(List.of(), notKept);

    StringWriter last = new StringWriter();
    containers.logs(c.id(), new ContainerLog.Options(1, false), false, last, new StringWriter(),
        notKept::add);
    assertEquals("", last.toString(), "the last record is the one on stderr");
  }

  @Test
  void aContainerRunInTheForegroundIsToldAsNotKept() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    ContainerService containers = home.hoist.containers();
    ContainerState c = home.createBox("true");
    containers.runAttached(c, Stdio.pipes(), p -> { });
    List<String> notKept = new ArrayList<>();
    StringWriter out = new StringWriter();
    containers.logs(c.id(), new ContainerLog.Options(-1, false), false, out, new StringWriter(),
        container -> notKept.add(container.id()));
    assertEquals(List.of(c.id()), notKept);
    assertEquals("", out.toString());
  }
}
