package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.ImageConfig;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.Stdio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code hoist commit} of real containers: the image it makes runs and shows the changes. */
class ContainerCommitTest {
  @TempDir Path dir;

  private static RunOptions run(String image, String runtime, String... cmd) {
    return RunOptions.builder(image).cmd(cmd).env(List.of("FROM_RUN=1")).runtime(runtime)
        .build();
  }

  private static String output(ContainerService containers, RunOptions options)
      throws Exception {
    ContainerState c = containers.create(options, PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = containers.runAttached(c, Stdio.pipes(), p -> {
      try {
        p.stdout().transferTo(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return code + ":" + out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void theCommittedImageSeesTheFilesTheContainerWroteAndDeletedAndTheChangedCmd(String runtime)
      throws Exception {
    ServiceHome.assumeContainers();
    ExternalTools.assumeAvailable(runtime.equals("runc") ? "runc" : "sh");
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    assertEquals("0:", output(containers, run("box:1", runtime, "sh", "-c",
        "echo written > /new; mkdir /d; echo deep > /d/f; rm /marker")));
    ContainerState ran = containers.list().get(0);
    String id = containers.commit(ran.id(), new ContainerService.CommitRequest("made:1",
        "A. Author", "the message",
        List.of("CMD [\"cat\", \"/new\"]", "ENV GREETING=\"hi $FROM_RUN\""),
        true));
    assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
    assertEquals(id, home.hoist.images().imageId(home.hoist.images().require("made:1")));
    assertEquals("0:written\n", output(containers, run("made:1", runtime)), "-c CMD applies");
    assertEquals("0:deep\nabsent\nhi 1\n", output(containers, run("made:1", runtime, "sh", "-c",
        "cat /d/f; test -e /marker || echo absent; echo \"$GREETING\"")));
    List<ImageHistory.Item> history = home.hoist.images().history("made:1");
    assertEquals("the message", history.get(0).comment());
    assertTrue(history.get(0).createdBy().contains("echo written > /new"), history.toString());
    assertTrue(history.get(0).size() > 0);
    ImageConfig config = home.hoist.images().inspect("made:1").image().config();
    assertEquals("A. Author", config.author());
    assertEquals(2, config.diffIds().size(), "one layer on the image's one");
    List<String> env = config.config().env();
    assertTrue(env.contains("FROM_RUN=1"), env.toString());
    assertFalse(env.stream().anyMatch(e -> e.startsWith("HOSTNAME=")), env.toString());
  }

  @Test
  void aRunningContainerIsCommittedWhilePausedAndRunsOnAfter() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(run("box:1", "hoist", "sh", "-c",
        "echo live > /live; exec sleep 60"), PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE);
    containers.start(c.id());
    try {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (containers.diff(c.id()).stream().noneMatch(ch -> ch.path().equals("/live"))
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      String id = containers.commit(c.name(), new ContainerService.CommitRequest(null, null,
          null, List.of(), true));
      assertEquals(ContainerState.Status.RUNNING, containers.require(c.id()).status());
      assertTrue(home.hoist.images().store().untagged().stream().anyMatch(d -> {
        try {
          return home.hoist.images().imageId(d).equals(id);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }), "kept as a dangling image");
      assertEquals("0:live\n", output(containers, run(id, "hoist", "cat", "/live")));
    } finally {
      containers.kill(c.id(), "KILL");
      containers.containers().await(c.id(), Duration.ofSeconds(30));
    }
  }

  @Test
  void aChangeDockerDoesNotTakeIsRefusedAndNoImageIsMade() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    ContainerState c = home.createBox("true");
    int before = home.hoist.images().list().size();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> home.hoist.containers().commit(c.id(), new ContainerService.CommitRequest("x:1",
            null, null, List.of("RUN echo no"), true)));
    assertEquals("run is not a valid change command", e.getMessage());
    assertEquals(before, home.hoist.images().list().size());
  }
}
