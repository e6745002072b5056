package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.HostOptions;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.runtime.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Detached containers under the native monitor, with both runtimes: no JVM stays beside a
 * running container, its network is cleaned up after its exit by the exit step, and restart
 * policies bring a crashed container back (Docker's rules), never after {@code stop}.
 */
class DetachedMonitorTest {
  @TempDir Path dir;

  private ContainerService containers(String runtime) throws Exception {
    ServiceHome.assumeContainers();
    if (runtime.equals("runc")) {
      assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc"))
          || Files.isExecutable(Path.of("/usr/bin/runc")), "runc is not installed: skipped");
    }
    ServiceHome home = new ServiceHome(dir, Map.of(), JvmMonitorCommand.thisJvm());
    home.importBusybox("box:1", "box");
    return home.hoist.containers();
  }

  private static ContainerState create(ContainerService containers, String runtime,
      NetworkMode network, RestartPolicy restart, String script) throws Exception {
    RunOptions options = RunOptions.builder("box:1").cmd("sh", "-c", script).network(network)
        .runtime(runtime)
        .host(HostOptions.builder().init(true).build()) // stop's SIGTERM ends a sleep at once
        .build();
    return containers.create(new ContainerService.CreateRequest(options, List.of(), List.of(),
        null, restart), PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void noJvmStaysBesideARunningDetachedContainerAndItsNetworkGoesAfterItsExit(String runtime)
      throws Exception {
    ContainerService containers = containers(runtime);
    ContainerState c = create(containers, runtime, NetworkMode.BRIDGE, RestartPolicy.NO,
        "sleep 300");
    ContainerState running = containers.startDetached(c);
    assertEquals(ContainerState.Status.RUNNING, running.status());
    // the start step may still be on its way out: its JVM ends without waiting for anything
    List<String> tree = await(() -> descendants(running.waiterPid()),
        t -> t.stream().noneMatch(DetachedMonitorTest::isJava), Duration.ofSeconds(20));
    assertTrue(tree.stream().noneMatch(DetachedMonitorTest::isJava),
        "a JVM runs beside the container: " + tree);
    assertTrue(commandLine(running.waiterPid()).contains("hoist-monitor"),
        commandLine(running.waiterPid()));
    Path netns = Path.of("/run/netns/hoist0-" + c.id());
    assertTrue(Files.exists(netns), "the container's network namespace " + netns);

    // runc's init drops a signal that comes before its handlers are in place (a known window,
    // RuncRuntime#awaitState, which stop does not go through): wait until the container's init
    // takes SIGTERM (20 s at most), not a fixed second that a loaded machine can outlast
    await(() -> initTakesSigterm(running.waiterPid()), taken -> taken, Duration.ofSeconds(20));
    ContainerState stopped = containers.stop(c.id(), Duration.ofSeconds(5));
    assertEquals(ContainerState.Status.EXITED, stopped.status());
    assertEquals(143, stopped.exitCode()); // SIGTERM
    assertFalse(Files.exists(netns), "the exit step removes the network namespace");
    assertTrue(await(() -> ProcessHandle.of(running.waiterPid()).isPresent(), alive -> !alive,
        Duration.ofSeconds(10)) == Boolean.FALSE, "the monitor ends with the container");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void onFailureTwoRestartsACrashingContainerTwiceThenGivesUp(String runtime) throws Exception {
    ContainerService containers = containers(runtime);
    ContainerState c = create(containers, runtime, NetworkMode.NONE,
        RestartPolicy.parse("on-failure:2"), "echo ran; exit 3");
    ContainerState started = containers.startDetached(c);
    ContainerState end = await(() -> containers.require(c.id()),
        s -> s.status() == ContainerState.Status.EXITED, Duration.ofSeconds(60));
    assertEquals(ContainerState.Status.EXITED, end.status());
    assertEquals(3, end.exitCode());
    assertEquals(2, end.restartCount());
    assertEquals(3, runs(containers, c), "the first run and two restarts");
    awaitMonitorGone(started);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void aCrashedContainerWithRestartAlwaysComesBackAndStopDuringTheBackOffEndsIt(String runtime)
      throws Exception {
    ContainerService containers = containers(runtime);
    ContainerState c = create(containers, runtime, NetworkMode.NONE,
        RestartPolicy.parse("always"), "echo ran; exit 1");
    containers.startDetached(c);
    // back-offs of 100, 200, 400 ms... : it comes back, again and again
    ContainerState restarting = await(() -> containers.require(c.id()),
        s -> s.restartCount() >= 3 && s.status() == ContainerState.Status.RESTARTING,
        Duration.ofSeconds(60));
    assertEquals(ContainerState.Status.RESTARTING, restarting.status());
    assertTrue(runs(containers, c) >= 3, "ran " + runs(containers, c) + " times");

    ContainerState stopped = containers.stop(c.id(), Duration.ofSeconds(1));
    assertEquals(ContainerState.Status.EXITED, stopped.status());
    assertEquals(1, stopped.exitCode());
    int count = containers.require(c.id()).restartCount();
    int ran = runs(containers, c);
    Thread.sleep(3000); // longer than the back-off it was in
    ContainerState later = containers.require(c.id());
    assertEquals(ContainerState.Status.EXITED, later.status());
    assertEquals(count, later.restartCount());
    assertEquals(ran, runs(containers, c), "stopped for good: no run after stop");
    assertFalse(ProcessHandle.of(restarting.waiterPid()).map(ProcessHandle::isAlive)
        .orElse(false), "the monitor is gone");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist"})
  void systemBootStartsAlwaysAndUnlessStoppedButNotWhatTheUserStopped(String runtime)
      throws Exception {
    ContainerService containers = containers(runtime);
    ContainerState always = create(containers, runtime, NetworkMode.NONE,
        RestartPolicy.parse("always"), "sleep 300");
    ContainerState unlessStopped = create(containers, runtime, NetworkMode.NONE,
        RestartPolicy.parse("unless-stopped"), "sleep 300");
    ContainerState stoppedByUser = create(containers, runtime, NetworkMode.NONE,
        RestartPolicy.parse("unless-stopped"), "sleep 300");
    ContainerState no = create(containers, runtime, NetworkMode.NONE, RestartPolicy.NO,
        "sleep 300");
    ContainerState stoppedRun = containers.startDetached(stoppedByUser);
    containers.stop(stoppedByUser.id(), Duration.ofSeconds(1));
    awaitMonitorGone(stoppedRun);

    List<String> started = new ArrayList<>();
    containers.boot(s -> started.add(s.id()), (s, e) -> started.add("failed " + e));
    assertEquals(List.of(always.id(), unlessStopped.id()).stream().sorted().toList(),
        started.stream().sorted().toList());
    assertTrue(containers.require(always.id()).isActive());
    assertTrue(containers.require(unlessStopped.id()).isActive());
    assertEquals(ContainerState.Status.EXITED, containers.require(stoppedByUser.id()).status());
    assertEquals(ContainerState.Status.CREATED, containers.require(no.id()).status());
    for (ContainerState c : List.of(always, unlessStopped)) {
      ContainerState running = containers.require(c.id());
      containers.remove(c.id(), true, false);
      awaitMonitorGone(running);
    }
  }

  /**
   * The monitor of {@code c} (a state that names it: running or restarting) and its exit step
   * have finished: nothing writes below the home any more.
   */
  private static void awaitMonitorGone(ContainerState c) throws Exception {
    await(() -> ProcessHandle.of(c.waiterPid()).map(ProcessHandle::isAlive).orElse(false),
        alive -> !alive, Duration.ofSeconds(20));
  }

  /** How many times the container ran: its "ran" lines in the log. */
  private static int runs(ContainerService containers, ContainerState c) throws Exception {
    Path log = containers.containers().store().logFile(c.id());
    return (int) Files.readAllLines(log).stream().filter(l -> l.contains("\"ran\\n\"")).count();
  }

  private static boolean isJava(String commandLine) {
    return commandLine.contains("/java ") || commandLine.startsWith("java ");
  }

  /**
   * Whether the container's PID 1 below {@code monitorPid} (past runc's own init) takes SIGTERM:
   * blocked for its signalfd or caught, so a SIGTERM now is not dropped.
   */
  private static boolean initTakesSigterm(long monitorPid) {
    long term = 1L << 14; // SIGTERM (15)
    try (Stream<ProcessHandle> all = ProcessHandle.of(monitorPid).stream()
        .flatMap(ProcessHandle::descendants)) {
      return all.filter(p -> !commandLine(p.pid()).contains("runc")).anyMatch(p -> {
        try {
          List<String> status = Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"));
          boolean pid1 = status.stream().anyMatch(l -> l.startsWith("NSpid:")
              && l.split("\\s+").length > 2 && l.endsWith("\t1"));
          long mask = status.stream().filter(l -> l.startsWith("SigBlk:") || l.startsWith("SigCgt:"))
              .mapToLong(l -> Long.parseUnsignedLong(l.substring(7).trim(), 16))
              .reduce(0, (a, b) -> a | b);
          return pid1 && (mask & term) != 0;
        } catch (java.io.IOException | RuntimeException gone) {
          return false;
        }
      });
    }
  }

  private static String commandLine(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
  }

  private static List<String> descendants(long pid) {
    try (Stream<ProcessHandle> all = ProcessHandle.of(pid).stream()
        .flatMap(ProcessHandle::descendants)) {
      return all.map(p -> p.info().commandLine().orElse(p.info().command().orElse("?")))
          .toList();
    }
  }

  @FunctionalInterface
  interface Probe<T> {
    T get() throws Exception;
  }

  /** Probes until {@code done} holds or {@code timeout} passed; the last value. */
  private static <T> T await(Probe<T> probe, Predicate<T> done, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = probe.get();
    while (!done.test(value) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      value = probe.get();
    }
    return value;
  }
}
