package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.Stdio;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoist diff} and {@code hoist export} of real containers, under both runtimes. */
class ContainerDiffExportTest {
  @TempDir Path dir;

  private static final String CHANGES = "echo x > /new; mkdir /d; echo y > /d/f; rm /marker; "
      + "echo changed > /etc/passwd";

  private static ContainerState ran(ServiceHome home, String runtime) throws Exception {
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(RunOptions.builder("box:1")
        .cmd("sh", "-c", CHANGES).runtime(runtime).build(), PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE);
    assertEquals(0, containers.runAttached(c, Stdio.pipes(), p -> { }));
    return c;
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void diffListsAddedChangedAndDeletedPathsButNotTheRuntimesMountPoints(String runtime)
      throws Exception {
    ServiceHome.assumeContainers();
    ExternalTools.assumeAvailable(runtime.equals("runc") ? "runc" : "sh");
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    ContainerState c = ran(home, runtime);
    ContainerService containers = home.hoist.containers();
    assertEquals(List.of("A /d", "A /d/f", "C /etc", "C /etc/passwd", "D /marker", "A /new"),
        containers.diff(c.id()).stream().map(ch -> ch.kind() + " " + ch.path()).toList());
    ContainerState fresh = home.createBox("true");
    assertEquals(List.of(), containers.diff(fresh.id()), "never started");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void exportWritesTheImageWithTheContainersChanges(String runtime) throws Exception {
    ServiceHome.assumeContainers();
    ExternalTools.assumeAvailable(runtime.equals("runc") ? "runc" : "sh");
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    ContainerState c = ran(home, runtime);
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    home.hoist.containers().export(c.id(), tar);
    Map<String, String> files = new HashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(
        new ByteArrayInputStream(tar.toByteArray()))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        files.put(e.getName(), e.isFile() ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
            : "");
      }
    }
    assertEquals("x\n", files.get("new"));
    assertEquals("y\n", files.get("d/f"));
    assertEquals("changed\n", files.get("etc/passwd"));
    assertFalse(files.containsKey("marker"), "deleted in the container");
    assertTrue(files.containsKey("bin/busybox"), "the image's files are there");
    assertFalse(files.keySet().stream().anyMatch(n -> n.contains(".wh.")), files.keySet()
        .toString());
  }
}
