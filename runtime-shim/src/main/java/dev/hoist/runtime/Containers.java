package dev.hoist.runtime;

import dev.hoist.cache.image.LocalImage;
import dev.hoist.cache.store.HoistHome;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The container lifecycle, as Docker's: create, start attached (the calling process waits and
 * its exit status is the container's) or detached (the monitor, {@code hoist-monitor}, keeps
 * the output in the log and records the exit), stop, kill, pause, resume, remove. State lives
 * in a {@link ContainerStore}; nothing runs in the background but the monitors.
 */
public final class Containers {
  private static final Duration EXIT_RECORD_WAIT = Duration.ofSeconds(10);

  private final HoistHome home;
  private final ContainerStore store;

  public Containers(HoistHome home) {
    this.home = home;
    this.store = new ContainerStore(home);
  }

  public ContainerStore store() {
    return store;
  }

  /** The runtime called {@code name} ({@code hoist}: the shim). */
  public Runtime runtime(String name) throws IOException {
    if (name.equals("hoist")) {
      return ShimRuntime.forHome(home);
    }
    throw new IllegalArgumentException("unknown or unavailable runtime: " + name
        + " (available: hoist)");
  }

  /** Records a new container from {@code image} (status created); nothing runs yet. */
  public ContainerState create(RunOptions options, LocalImage image, List<Path> lowerDirs,
      Map<String, String> hostEnv) throws IOException {
    runtime(options.runtime()); // an unknown runtime fails before anything is written
    String id = ContainerStore.newId();
    ContainerPlanner.Plan plan = new ContainerPlanner(new VolumeStore(home), hostEnv)
        .plan(image.config().config(), lowerDirs, options, store.dir(id));
    ContainerState state = new ContainerState(id, options.name(), options.image(), image.id(),
        Instant.now().toString(), options.runtime(), ContainerState.Status.CREATED, 0, 0, null,
        null, null, options.autoRemove(), false, image.config().config().stopSignal(),
        image.config().diffIds().stream().map(Object::toString).toList(), plan.volumes(),
        plan.spec());
    return store.create(state);
  }

  /**
   * Runs the container in this process: starts it with {@code stdio}, hands the process to
   * {@code started} (to relay signals), waits, records the exit and, for {@code --rm}, removes
   * the container. Returns the exit status.
   */
  public int runAttached(ContainerState container, Stdio stdio,
      Consumer<ContainerProcess> started) throws IOException, InterruptedException {
    requireStartable(container);
    Path dir = store.dir(container.id());
    clearRunFiles(dir);
    ContainerProcess process = runtime(container.runtime()).start(container.spec(), stdio);
    long start = HostProcess.of(process.pid()).map(HostProcess::startTicks).orElse(0L);
    ContainerState running = container.started(process.pid(), start, now(), false);
    if (!store.replace(running)) {
      process.signal("KILL");
      throw new IllegalArgumentException("container " + container.name() + " was removed");
    }
    started.accept(process);
    int code = process.waitFor();
    String finished = now();
    ExitFile.write(dir.resolve(ContainerStore.EXIT), code, finished);
    if (container.autoRemove()) {
      store.remove(running);
    } else {
      store.replace(running.exited(code, finished)); // false: removed while it ran (rm -f)
    }
    return code;
  }

  /**
   * Starts the container under the monitor and returns once it runs: the monitor outlives this
   * process, writes the output to the container's log and its exit status to the exit file (and
   * for {@code --rm} removes the container).
   */
  public ContainerState startDetached(ContainerState container) throws IOException {
    requireStartable(container);
    Runtime runtime = runtime(container.runtime());
    if (!(runtime instanceof ShimRuntime shim)) {
      throw new IllegalArgumentException("detached containers need --runtime hoist for now");
    }
    String id = container.id();
    Path dir = store.dir(id);
    clearRunFiles(dir);
    ShimConfig monitor = new ShimConfig()
        .put("arg", shim.shim().toAbsolutePath().toString())
        .put("log", store.logFile(id).toString())
        .put("pid", dir.resolve(ContainerStore.PID).toString())
        .put("exit", dir.resolve(ContainerStore.EXIT).toString());
    if (container.autoRemove()) {
      for (String arg : cleanupCommand(id)) {
        monitor.put("cleanup", arg);
      }
    }
    monitor.write(dir.resolve("monitor.conf"));
    // The monitor stands in for the shim: it is started as the shim would be, then starts it.
    ContainerProcess launcher = new ShimRuntime(ShimBinary.locateMonitor(home)).start(
        container.spec(),
        new Stdio(Redirect.from(new File("/dev/null")), Redirect.DISCARD, Redirect.PIPE));
    String errors = new String(launcher.stderr().readAllBytes(), StandardCharsets.UTF_8).trim();
    int code;
    try {
      code = launcher.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + id, e);
    }
    if (code != 0) {
      throw new IOException("cannot start container " + container.name() + ": "
          + (errors.isEmpty() ? "the monitor exited with " + code : errors));
    }
    long pid = Long.parseLong(Files.readString(dir.resolve(ContainerStore.PID)).trim());
    long start = HostProcess.of(pid).map(HostProcess::startTicks).orElse(0L);
    String startedAt = now();
    try {
      return store.update(id, s -> s.started(pid, start, startedAt, true));
    } catch (IllegalArgumentException removed) {
      return container.started(pid, start, startedAt, true); // --rm already removed it
    }
  }

  /** The command the monitor runs to remove a {@code --rm} container once it has exited. */
  private List<String> cleanupCommand(String id) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), ContainerCleanup.class.getName(),
        home.root().toString(), id);
  }

  private static void requireStartable(ContainerState c) {
    if (c.isActive()) {
      throw new IllegalArgumentException("container " + c.name() + " is already running");
    }
  }

  private static void clearRunFiles(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(ContainerStore.EXIT));
    Files.deleteIfExists(dir.resolve(ContainerStore.PID));
  }

  /**
   * Stops a running container: its STOPSIGNAL (SIGTERM by default), then SIGKILL after
   * {@code timeout}; returns its state once the exit is recorded. A stopped container is left
   * as it is.
   */
  public ContainerState stop(ContainerState container, Duration timeout)
      throws IOException, InterruptedException {
    if (!container.isActive()) {
      return container;
    }
    HostProcess process = new HostProcess(container.pid(), container.pidStart());
    if (container.status() == ContainerState.Status.PAUSED) {
      resume(container);
    }
    String signal = container.stopSignal() == null || container.stopSignal().isEmpty()
        ? "TERM" : container.stopSignal();
    process.signal(signal);
    if (!awaitDeath(process, timeout)) {
      process.signal("KILL");
      awaitDeath(process, EXIT_RECORD_WAIT);
    }
    return awaitExitRecord(container.id());
  }

  /** Sends a signal to the container's main process (through the runtime process). */
  public void kill(ContainerState container, String signal) throws IOException {
    if (!container.isActive()) {
      throw new IllegalArgumentException("container " + container.name() + " is not running");
    }
    if (!new HostProcess(container.pid(), container.pidStart()).signal(signal)) {
      throw new IllegalArgumentException("container " + container.name() + " is not running");
    }
  }

  /** Removes a container; a running one only with {@code force} (it is killed first). */
  public void remove(ContainerState container, boolean force)
      throws IOException, InterruptedException {
    if (container.isActive()) {
      if (!force) {
        throw new IllegalArgumentException("You cannot remove a running container "
            + container.id() + ". Stop the container before attempting removal or force remove");
      }
      HostProcess process = new HostProcess(container.pid(), container.pidStart());
      if (container.status() == ContainerState.Status.PAUSED) {
        try {
          resume(container);
        } catch (IllegalArgumentException unsupported) {
          // SIGKILL reaches a frozen process once it is thawed; nothing more to do here
        }
      }
      process.signal("KILL");
      awaitDeath(process, EXIT_RECORD_WAIT);
    }
    store.remove(container.id());
  }

  /** Freezes a running container (cgroup freezer, through its runtime). */
  public ContainerState pause(ContainerState container) throws IOException {
    if (container.status() != ContainerState.Status.RUNNING) {
      throw new IllegalArgumentException("container " + container.name() + " is not running");
    }
    try {
      runtime(container.runtime()).pause(container.spec());
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return store.update(container.id(), s -> s.withStatus(ContainerState.Status.PAUSED));
  }

  /** Thaws a paused container. */
  public ContainerState resume(ContainerState container) throws IOException {
    if (container.status() != ContainerState.Status.PAUSED) {
      throw new IllegalArgumentException("container " + container.name() + " is not paused");
    }
    try {
      runtime(container.runtime()).resume(container.spec());
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return store.update(container.id(), s -> s.withStatus(ContainerState.Status.RUNNING));
  }

  /** Starts a further process in a running container ({@code hoist exec}). */
  public ContainerProcess exec(ContainerState container, ExecSpec exec, Stdio stdio)
      throws IOException {
    if (container.status() != ContainerState.Status.RUNNING) {
      throw new IllegalArgumentException("container " + container.name() + " is not running");
    }
    try {
      return runtime(container.runtime()).exec(container.spec(), exec, stdio);
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static boolean awaitDeath(HostProcess process, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long sleep = 2;
    while (process.isAlive()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(sleep);
      sleep = Math.min(50, sleep * 2);
    }
    return true;
  }

  /**
   * The container's state once its exit is on record (the monitor or the waiting hoist process
   * writes it just after the process ends), or as it is after a few seconds.
   */
  public ContainerState awaitExitRecord(String id) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + EXIT_RECORD_WAIT.toNanos();
    Path exit = store.dir(id).resolve(ContainerStore.EXIT);
    while (!Files.exists(exit) && System.nanoTime() < deadline && Files.isDirectory(store.dir(id))) {
      Thread.sleep(10);
    }
    return store.find(id).orElse(null);
  }

  /** Waits for a running container to end; its exit code (or empty after the timeout). */
  public OptionalInt await(String id, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      var state = store.read(id);
      if (state.isEmpty()) {
        return OptionalInt.empty();
      }
      if (state.get().status() == ContainerState.Status.EXITED) {
        return OptionalInt.of(state.get().exitCode());
      }
      if (System.nanoTime() > deadline) {
        return OptionalInt.empty();
      }
      Thread.sleep(20);
    }
  }

  static String now() {
    return Instant.now().toString();
  }
}
