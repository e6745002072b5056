package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hoist.internal.cache.json.CanonicalJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state's builder and its transitions: each sets what it names and keeps the rest. */
class ContainerStateTest {
  private static final ContainerSpec SPEC = ContainerSpec.builder(List.of(Path.of("/l")),
      Path.of("/c")).argv("true").build();

  /** Every component set to something other than the builder's default. */
  private static ContainerState full() {
    return ContainerState.builder("a".repeat(64), "web").image("busybox").imageId("sha256:1")
        .created("2024-01-01T00:00:00Z").runtime("runc").status(ContainerState.Status.PAUSED)
        .process(new HostProcess(10, 11)).waiter(new HostProcess(12, 13)).exitCode(3)
        .startedAt("2024-01-02T00:00:00Z").finishedAt("2024-01-03T00:00:00Z").autoRemove(true)
        .detached(true).stopSignal("SIGUSR1").diffIds(List.of("sha256:2"))
        .volumes(List.of("v")).spec(SPEC)
        .config(new CreateConfig(List.of("sh"), List.of("-c"), true, "1", Map.of("k", "v")))
        .restartPolicy(RestartPolicy.parse("on-failure:2")).restartCount(4).oomKilled(true)
        .volumesFrom(List.of("data:ro")).inheritedMounts(List.of("/data"))
        .build();
  }

  @Test
  void theBuilderSetsEachComponentAndToBuilderKeepsThemAll() throws Exception {
    ContainerState full = full();
    assertEquals(new ContainerState("a".repeat(64), "web", "busybox", "sha256:1",
        "2024-01-01T00:00:00Z", "runc", ContainerState.Status.PAUSED, 10, 11, 12, 13, 3,
        "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z", true, true, "SIGUSR1",
        List.of("sha256:2"), List.of("v"), SPEC, full.config(),
        RestartPolicy.parse("on-failure:2"), 4, true, List.of("data:ro"), List.of("/data")), full);
    assertEquals(full, full.toBuilder().build());
    assertEquals(full, CanonicalJson.read(CanonicalJson.mapper().writeValueAsBytes(full),
        ContainerState.class));

    ContainerState fresh = ContainerState.builder("b".repeat(64), "").build();
    assertEquals(ContainerState.Status.CREATED, fresh.status());
    assertEquals(new HostProcess(0, 0), fresh.process());
    assertEquals(RestartPolicy.NO, fresh.restartPolicy());
    assertEquals(List.of(), fresh.diffIds());
  }

  @Test
  void transitionsChangeWhatTheyNameOnly() {
    ContainerState full = full();
    HostProcess process = new HostProcess(20, 21);
    HostProcess waiter = new HostProcess(22, 23);
    assertEquals(full.toBuilder().status(ContainerState.Status.RUNNING).process(process)
        .waiter(waiter).exitCode(null).startedAt("t").finishedAt(null).detached(false)
        .oomKilled(false).build(), full.started(process, waiter, "t", false));
    assertEquals(full.toBuilder().status(ContainerState.Status.EXITED)
        .process(new HostProcess(0, 0)).waiter(new HostProcess(0, 0)).exitCode(137)
        .finishedAt("t").oomKilled(false).build(), full.exited(137, "t", false));
    assertEquals(full.toBuilder().status(ContainerState.Status.RESTARTING)
        .process(new HostProcess(0, 0)).exitCode(1).finishedAt("t").restartCount(5)
        .oomKilled(false).build(), full.restarting(1, "t", false));
    assertEquals(full.toBuilder().restartCount(0).build(), full.withRestartsReset());
    ContainerState reset = full.withRestartsReset();
    assertSame(reset, reset.withRestartsReset());
    assertEquals("db", full.withName("db").name());
    assertEquals(ContainerState.Status.EXITED,
        full.withStatus(ContainerState.Status.EXITED).status());
    assertEquals(RestartPolicy.NO, full.withRestartPolicy(RestartPolicy.NO).restartPolicy());
    assertEquals(full.withName("db").toBuilder().name("web").build(), full);
  }
}
