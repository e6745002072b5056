package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build killed with SIGKILL (root, the real shim): its RUN container dies with it. */
class KilledBuildTest {
  /** An argument no other process on the machine has: the RUN's sleep is found by it. */
  private static final String MARK = "3" + (System.nanoTime() % 100000 + 100000);

  @TempDir Path dir;

  @AfterEach
  void tearDown() {
    System.clearProperty("hoist.home");
    sleepers().forEach(ProcessHandle::destroyForcibly); // never leave one behind on failure
  }

  @Test
  void aSigkilledBuildTakesItsRunContainerWithIt() throws Exception {
    BusyboxImage.assumeUsable();
    Path home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "busybox:test", ContainerConfig.builder()
        .cmd(List.of("sh")).build());
    Path context = Files.createDirectories(dir.resolve("context"));
    Files.writeString(context.resolve("Dockerfile"),
        "FROM busybox:test\nRUN sleep " + MARK + "\n");
    Process build = ChildJvm.start(HoistInHome.class, home.toString(), "build",
        "--progress", "plain", context.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (sleepers().isEmpty()) {
      if (!build.isAlive() || System.nanoTime() > deadline) {
        fail("the RUN step never started: "
            + new String(build.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      Thread.sleep(50);
    }
    List<Path> cgroups = cgroupsOfRunningSteps(home);
    if (Files.isDirectory(Path.of("/sys/fs/cgroup/pids"))
        || Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
      assertTrue(!cgroups.isEmpty(), "the RUN container has cgroups on this machine");
    }
    build.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertTrue(build.waitFor(30, TimeUnit.SECONDS));
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!sleepers().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(List.of(), sleepers().stream().map(ProcessHandle::pid).toList(),
        "the RUN step's process outlived the killed build");

    // the next build removes what the killed one left (its unmounted work directory)
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox:test\nRUN true\n");
    CliRun next = CliRun.run("build", "-q", context.toString());
    assertEquals(0, next.code(), next.err());
    try (Stream<Path> left = Files.list(home.resolve("cache/tmp"))) {
      assertEquals(0, left.count(), "no work directory of either build is left");
    }
    assertEquals(List.of(), cgroups.stream().filter(Files::exists).toList(),
        "the killed step's cgroups are removed by the next build");
  }

  /** The cgroup directories recorded by the RUN containers of the builds in {@code home}. */
  private static List<Path> cgroupsOfRunningSteps(Path home) throws IOException {
    try (Stream<Path> files = Files.walk(home.resolve("cache/tmp"), 4)) {
      List<Path> dirs = new java.util.ArrayList<>();
      for (Path record : files.filter(f -> f.getFileName().toString().equals("cgroups")
          && f.getParent().getFileName().toString().startsWith("build-")).toList()) {
        Files.readAllLines(record).stream().filter(l -> !l.isBlank()).map(Path::of)
            .forEach(dirs::add);
      }
      return dirs;
    }
  }

  /** The processes running the RUN's {@code sleep MARK}. */
  private static List<ProcessHandle> sleepers() {
    return ProcessHandle.allProcesses().filter(p -> {
      try {
        String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"));
        return cmdline.equals("sleep\0" + MARK + "\0");
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }).toList();
  }
}
