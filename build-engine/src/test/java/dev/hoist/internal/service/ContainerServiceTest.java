package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Healthcheck;
import dev.hoist.internal.runtime.ContainerHealthcheck;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.MonitorCommand;
import dev.hoist.internal.runtime.Stdio;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container service on a real store, running real containers with hoist's shim. */
class ContainerServiceTest {
  @TempDir Path dir;

  @Test
  void aContainersHostValuesComeFromTheContextsEnvironmentNotTheProcesss() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of("ONLY_IN_CONTEXT", "from the context"),
        MonitorCommand.NONE);
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(ServiceHome.run("box:1", List.of("ONLY_IN_CONTEXT"),
        "sh", "-c", "echo \"$ONLY_IN_CONTEXT\""), PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = containers.runAttached(c, Stdio.pipes(), p -> {
      try {
        p.stdout().transferTo(out);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertEquals(0, code);
    assertEquals("from the context\n", out.toString(StandardCharsets.UTF_8));
    assertEquals(ContainerState.Status.EXITED, containers.require(c.id()).status());
  }

  @Test
  void aDetachedContainerRunsUnderTheMonitorCommandTheContextGives() throws Exception {
    ServiceHome.assumeContainers();
    List<String> asked = new CopyOnWriteArrayList<>();
    MonitorCommand jvm = JvmMonitorCommand.thisJvm();
    ServiceHome home = new ServiceHome(dir, Map.of(), (h, id) -> {
      asked.add(id);
      return jvm.command(h, id);
    });
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(ServiceHome.run("box:1", List.of(), "sh", "-c",
        "echo detached; cat /marker"), PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE);
    containers.start(c.id());
    OptionalInt code = containers.containers().await(c.id(), Duration.ofSeconds(30));
    assertEquals(OptionalInt.of(0), code);
    assertEquals(List.of(c.id()), asked);
    String log = Files.readString(containers.containers().store().logFile(c.id()));
    assertTrue(log.contains("detached") && log.contains("box"), log);
  }

  @Test
  void withoutAMonitorCommandADetachedStartIsRefusedAndNothingRuns() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    ContainerState c = containers.create(ServiceHome.run("box:1", List.of(), "true"),
        PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);
    assertThrows(IllegalStateException.class, () -> containers.start(c.id()));
    assertEquals(ContainerState.Status.CREATED, containers.require(c.id()).status());
  }

  @Test
  void pullNeverOnAnImageTheStoreLacksRecordsNoContainer() throws Exception {
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    assertThrows(NotFoundException.class, () -> home.hoist.containers().create(
        ServiceHome.run("absent:1", List.of(), "true"), PullPolicy.NEVER,
        RegistryOverrides.NONE, PullListener.NONE));
    assertEquals(List.of(), home.hoist.containers().list());
  }

  @Test
  void oneCreateRecordsTheHealthCheckOverTheImagesAndTheRestartPolicy() throws Exception {
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    Healthcheck asked = new Healthcheck(List.of("CMD", "true"), 300_000_000L, null, null, null,
        2, null);
    ContainerState c = containers.create(new ContainerService.CreateRequest(
        ServiceHome.run("box:1", List.of(), "true"), List.of(), List.of(), asked,
        RestartPolicy.parse("on-failure:4")), PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE);
    assertEquals("on-failure", containers.require(c.id()).restartPolicy().name());
    assertEquals(4, containers.require(c.id()).restartPolicy().maximumRetryCount());
    assertEquals(asked, ContainerHealthcheck.read(containers.containers().store().dir(c.id()))
        .orElseThrow().config());
    assertEquals(asked, containers.dockerInspect(c.id(), false).config().healthcheck());
  }

  @Test
  void aHealthCheckOrRestartPolicyDockerRefusesCreatesNothing() throws Exception {
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    Healthcheck tooShort = new Healthcheck(List.of("CMD", "true"), 999_999L, null, null, null,
        null, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> containers.create(new ContainerService.CreateRequest(ServiceHome.run("box:1",
            List.of(), "true"), List.of(), List.of(), tooShort, null), PullPolicy.NEVER,
            RegistryOverrides.NONE, PullListener.NONE));
    assertEquals("Interval in Healthcheck cannot be less than 1ms", e.getMessage());
    RunOptions autoRemoved = RunOptions.builder("box:1").cmd("true").autoRemove(true).build();
    assertThrows(IllegalArgumentException.class, () -> containers.create(
        new ContainerService.CreateRequest(autoRemoved, List.of(), List.of(), null,
            RestartPolicy.parse("always")), PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE));
    assertEquals(List.of(), containers.list());
  }

  @Test
  void anUnknownContainerIsNotFoundWithDockersMessage() throws Exception {
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    NotFoundException e = assertThrows(NotFoundException.class,
        () -> home.hoist.containers().stop("absent", Duration.ofSeconds(1)));
    assertEquals("No such container: absent", e.getMessage());
  }

  /**
   * {@code rm -v} of a container whose record a crash emptied: the anonymous volume made for it
   * goes, another container's stays, as does a volume made without a name; the cgroups a
   * killed run left go, except one a process is in (nothing is killed), which a warning names.
   */
  @Test
  void removingAnUnreadableContainerReleasesItsVolumesAndUnusedCgroups() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    home.importBusybox("box:1", "box");
    ContainerService containers = home.hoist.containers();
    List<dev.hoist.internal.runtime.MountRequest> anonymous = List.of(
        dev.hoist.internal.runtime.MountRequest.parseVolume("/data"));
    ContainerState broken = containers.create(ServiceHome.run("box:1", List.of(), anonymous,
        "true"), PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);
    ContainerState other = containers.create(ServiceHome.run("box:1", List.of(), anonymous,
        "true"), PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);
    String unnamed = home.hoist.volumes().create(null, Map.of()).name();
    Path volumes = home.hoist.context().home().root().resolve("volumes");
    Path containerDir = containers.containers().store().dir(broken.id());
    // what a killed run leaves: its cgroups, recorded in its directory
    List<Path> cgroups = dev.hoist.internal.runtime.Cgroups.create(containerDir,
        dev.hoist.internal.runtime.Resources.NONE).dirs();
    assertTrue(cgroups.size() > 1, "one cgroup to keep busy, one at least to go: " + cgroups);
    Process busy = new ProcessBuilder("sleep", "60").start();
    try {
      Files.writeString(cgroups.get(0).resolve("cgroup.procs"), Long.toString(busy.pid()));
      Files.write(containerDir.resolve("state.json"), new byte[0]);

      containers.remove(broken.id().substring(0, 12), false, true);
      assertTrue(Files.notExists(containerDir));
      assertEquals(List.of(), broken.volumes().stream()
          .filter(v -> Files.exists(volumes.resolve(v))).toList(), "its anonymous volume went");
      assertTrue(Files.isDirectory(volumes.resolve(other.volumes().get(0))));
      assertTrue(Files.isDirectory(volumes.resolve(unnamed)));
      assertTrue(Files.isDirectory(cgroups.get(0)), "a process is in it");
      for (Path cgroup : cgroups.subList(1, cgroups.size())) {
        assertTrue(Files.notExists(cgroup), cgroup + " went");
      }
      assertTrue(home.warnings.stream().anyMatch(w -> w.contains(cgroups.get(0).toString())),
          home.warnings.toString());
    } finally {
      busy.destroyForcibly();
      busy.waitFor();
      for (Path cgroup : cgroups) {
        Files.deleteIfExists(cgroup); // empty once the process is gone
      }
    }
  }
}
