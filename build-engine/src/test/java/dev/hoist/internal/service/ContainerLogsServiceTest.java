package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoist.internal.runtime.ContainerLog;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.Stdio;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
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
    containers.logs(c.name(), new ContainerLog.Options(-1, false), false, out, err);
    assertEquals("one\ntwo\n", out.toString());
    assertEquals("oops\n", err.toString());

    StringWriter last = new StringWriter();
    containers.logs(c.id(), new ContainerLog.Options(1, false), false, last, new StringWriter());
    assertEquals("", last.toString(), "the last record is the one on stderr");
  }

  @Test
  void aContainerRunInTheForegroundKeepsItsOutputInItsLogAsItIsRead() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    ContainerService containers = home.hoist.containers();
    ContainerState c = home.createBox("sh", "-c", "echo one; echo oops >&2; printf partial");
    StringWriter read = new StringWriter();
    containers.runAttached(c, Stdio.pipes(), p -> {
      try {
        read.write(new String(p.stdout().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        p.stderr().readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertEquals("one\npartial", read.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    containers.logs(c.id(), new ContainerLog.Options(-1, false), false, out, err);
    assertEquals("one\npartial", out.toString());
    assertEquals("oops\n", err.toString());
  }
}
