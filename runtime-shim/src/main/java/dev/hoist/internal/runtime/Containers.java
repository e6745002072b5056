package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.net.NetworkLeftovers;
import dev.hoist.internal.runtime.net.Owner;
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
  private static final Duration START_WAIT = Duration.ofSeconds(30);
  /** The monitor writes the PID of the process it runs ({@link AttachedRun}) here. */
  static final String MONITORED_PID = "monitor.pid";

  private final HoistHome home;
  private final ContainerStore store;
  private final MonitorCommand monitor;
  private final Diagnostics diagnostics;

  /** Containers of {@code home} that run attached only ({@link #startDetached} refuses). */
  public Containers(HoistHome home) {
    this(home, MonitorCommand.NONE, Diagnostics.logger());
  }

  /**
   * @param monitor the program the monitor runs for a detached container
   * @param diagnostics told what fails beside a container's work (its clean-up, its network's)
   */
  public Containers(HoistHome home, MonitorCommand monitor, Diagnostics diagnostics) {
    this.home = home;
    this.store = new ContainerStore(home);
    this.monitor = monitor;
    this.diagnostics = diagnostics;
  }

  public ContainerStore store() {
    return store;
  }

  /** The runtime called {@code name}: {@code hoist} (the shim) or {@code runc}. */
  public Runtime runtime(String name) throws IOException {
    return switch (name) {
      case "hoist" -> ShimRuntime.forHome(home).reportingTo(diagnostics);
      case "runc" -> RuncRuntime.forHome(home).orElseThrow(() -> new IllegalArgumentException(
          "runtime runc is not installed (apt-get install runc)")).reportingTo(diagnostics);
      default -> throw new IllegalArgumentException("unknown runtime: " + name
          + " (hoist or runc)");
    };
  }

  /** Records a new container from {@code image} (status created); nothing runs yet. */
  public ContainerState create(RunOptions options, LocalImage image, List<Path> lowerDirs,
      Map<String, String> hostEnv) throws IOException {
    runtime(options.runtime()); // an unknown runtime fails before anything is written
    String id = ContainerStore.newId();
    ContainerPlanner.Plan plan = new ContainerPlanner(new VolumeStore(home),
        ShimBinary.locate(home), hostEnv)
        .plan(image.config().config(), lowerDirs, joinedByItsId(options), store.dir(id));
    ContainerState state = new ContainerState(id, options.name(), options.image(), image.id(),
        Instant.now().toString(), options.runtime(), ContainerState.Status.CREATED, 0, 0, 0, 0,
        null,
        null, null, options.autoRemove(), false, image.config().config().stopSignal(),
        image.config().diffIds().stream().map(Object::toString).toList(), plan.volumes(),
        plan.spec(), ProcessCommand.split(image.config().config(), options.entrypoint(),
            options.cmd(), options.interactive(), options.user()));
    return store.create(state);
  }

  /** {@code --network container:NAME} with the ID of the container it names (which exists). */
  private RunOptions joinedByItsId(RunOptions options) throws IOException {
    String target = options.networkOptions().container();
    if (options.network() != NetworkMode.CONTAINER || target == null) {
      return options;
    }
    String id = store.find(target).orElseThrow(() -> new IllegalArgumentException(
        "--network container:" + target + ": no such container")).id();
    return new RunOptions(options.image(), options.name(), options.entrypoint(), options.cmd(),
        options.env(), options.envFiles(), options.workdir(), options.user(), options.hostname(),
        options.network(), options.mounts(), options.readOnly(), options.resources(),
        options.interactive(), options.tty(), options.autoRemove(), options.runtime(),
        options.seccomp(), options.networkOptions().withContainer(id));
  }

  /**
   * Runs the container from this process: starts it with {@code stdio}, hands the process to
   * {@code started} (to relay signals), waits, records the exit and, for {@code --rm}, removes
   * the container. Returns the exit status.
   */
  public int runAttached(ContainerState container, Stdio stdio,
      Consumer<ContainerProcess> started) throws IOException, InterruptedException {
    return runAttached(container, stdio, started, false);
  }

  /** As {@link #runAttached}; {@code monitored}: under the monitor, output in the log. */
  int runAttached(ContainerState container, Stdio stdio, Consumer<ContainerProcess> started,
      boolean monitored) throws IOException, InterruptedException {
    requireStartable(container);
    Path dir = store.dir(container.id());
    if (!monitored) {
      clearRunFiles(dir); // under the monitor, startDetached did (and the monitor wrote its PID)
    }
    ContainerProcess process;
    try {
      process = runtime(container.runtime()).start(container.spec(), stdio);
    } catch (IOException | RuntimeException e) {
      if (container.autoRemove()) {
        // --rm: a container that could not start is not kept either
        store.remove(container);
        removeAnonymousVolumes(container);
      }
      throw e;
    }
    HostProcess runtimeProcess = HostProcess.of(process.pid())
        .orElse(new HostProcess(process.pid(), 0));
    // the monitor records the exit of a detached container (after the last log line)
    ProcessHandle waiter = monitored
        ? ProcessHandle.current().parent().orElse(ProcessHandle.current())
        : ProcessHandle.current();
    ContainerState running = container.started(runtimeProcess,
        HostProcess.of(waiter.pid()).orElse(new HostProcess(waiter.pid(), 0)), now(), monitored);
    if (!store.replace(running)) {
      process.signal("KILL");
      throw new IllegalArgumentException("container " + container.name() + " was removed");
    }
    started.accept(process);
    int code = process.waitFor();
    String finished = now();
    if (container.autoRemove()) {
      store.remove(running);
      removeAnonymousVolumes(running);
    } else if (!monitored) {
      ExitFile.write(dir.resolve(ContainerStore.EXIT), code, finished);
      store.replace(running.exited(code, finished)); // false: removed while it ran (rm -f)
    }
    return code;
  }

  /**
   * Starts the container under the monitor ({@code hoist-monitor}) and returns once it runs. The
   * monitor outlives this process: it runs the program this instance's {@link MonitorCommand}
   * names (hoist's: {@link AttachedRun} in a small JVM, which starts the runtime, waits for it
   * and cleans up after it, as a foreground {@code hoist run} does), keeps its output in the
   * container's log and writes the exit file.
   */
  public ContainerState startDetached(ContainerState container)
      throws IOException, InterruptedException {
    requireStartable(container);
    runtime(container.runtime()); // an unavailable runtime fails here, not in the log
    if (container.spec() != null) {
      Networking.check(container.spec()); // so does a port in use
    }
    String id = container.id();
    Path dir = store.dir(id);
    clearRunFiles(dir);
    ShimConfig monitor = new ShimConfig();
    for (String arg : this.monitor.command(home, id)) {
      monitor.put("arg", arg);
    }
    monitor.put("log", store.logFile(id).toString())
        .put("pid", dir.resolve(MONITORED_PID).toString())
        .put("exit", dir.resolve(ContainerStore.EXIT).toString());
    Path config = dir.resolve("monitor.conf");
    monitor.write(config);
    Process launcher = new ProcessBuilder(ShimBinary.locateMonitor(home).toString(),
        config.toString())
        .redirectInput(Redirect.from(new File("/dev/null")))
        .redirectOutput(Redirect.DISCARD)
        .start();
    String errors = new String(launcher.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
        .trim();
    int code = launcher.waitFor();
    if (code != 0) {
      throw new IOException("cannot start container " + container.name() + ": "
          + (errors.isEmpty() ? "the monitor exited with " + code : errors));
    }
    // AttachedRun records the start; wait for that (or for the end of a short-lived container).
    // A restarted container reads as exited (its last run) until then: wait for running, not
    // for "no longer created", so that start returns as run -d does, with it running.
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      var state = store.read(id);
      if (state.isEmpty()) {
        return container; // --rm, and already gone
      }
      if (state.get().isActive() || Files.exists(dir.resolve(ContainerStore.EXIT))) {
        return state.get();
      }
      Thread.sleep(5);
    }
    throw new IOException("container " + container.name() + " did not start within "
        + START_WAIT.toSeconds() + " s: see hoist logs " + container.name());
  }

  private static void requireStartable(ContainerState c) {
    if (c.isActive()) {
      throw new IllegalArgumentException("container " + c.name() + " is already running");
    }
  }

  private static void clearRunFiles(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(ContainerStore.EXIT));
    Files.deleteIfExists(dir.resolve(MONITORED_PID));
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
    HostProcess process = container.process();
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
    if (!container.process().signal(signal)) {
      throw new IllegalArgumentException("container " + container.name() + " is not running");
    }
  }

  /** Removes a container; a running one only with {@code force} (it is killed first). */
  public void remove(ContainerState container, boolean force)
      throws IOException, InterruptedException {
    remove(container, force, false);
  }

  /**
   * As {@link #remove(ContainerState, boolean)}; {@code anonymousVolumes} also removes the
   * anonymous volumes it used that no other container uses ({@code rm -v}, and {@code --rm}).
   */
  public void remove(ContainerState container, boolean force, boolean anonymousVolumes)
      throws IOException, InterruptedException {
    if (container.isActive()) {
      if (!force) {
        throw new IllegalArgumentException("You cannot remove a running container "
            + container.id() + ". Stop the container before attempting removal or force remove");
      }
      HostProcess process = container.process();
      if (container.status() == ContainerState.Status.PAUSED) {
        try {
          resume(container);
        } catch (IllegalArgumentException unsupported) {
          // SIGKILL reaches a frozen process once it is thawed; nothing more to do here
        }
      }
      process.signal("KILL");
      awaitDeath(process, EXIT_RECORD_WAIT);
      if (container.waiterPid() != ProcessHandle.current().pid()) {
        // its waiter cleans up after the runtime (cgroups, mounts): let it finish first
        awaitDeath(container.waiter(), EXIT_RECORD_WAIT);
      }
      // so does the process the monitor runs, which owns the network: a killed monitor's lives on
      awaitCleanUp(container.id(), EXIT_RECORD_WAIT);
      try {
        if (container.spec() != null) { // theirs, if they died
          runtime(container.runtime()).removeLeftovers(container.spec());
        }
      } catch (IOException e) {
        diagnostics.warn("cannot clean up after container " + container.name() + ": "
            + e.getMessage());
      }
    }
    try {
      NetworkLeftovers.removeDead(container.id()); // an owner killed before its clean-up
    } catch (IOException e) {
      diagnostics.warn("cannot remove what container " + container.name()
          + "'s network left (hoist system check will): " + e.getMessage());
    }
    store.remove(container.id());
    if (anonymousVolumes) {
      removeAnonymousVolumes(container);
    }
  }

  private void removeAnonymousVolumes(ContainerState removed) throws IOException {
    List<String> anonymous = removed.volumes().stream().filter(VolumeStore::isAnonymous).toList();
    if (anonymous.isEmpty()) {
      return;
    }
    List<ContainerState> others = store.list();
    VolumeStore volumes = new VolumeStore(home);
    for (String name : anonymous) {
      if (others.stream().noneMatch(c -> c.volumes().contains(name))) {
        volumes.remove(name);
      }
    }
  }

  /** Freezes a running container (cgroup freezer, through its runtime). */
  public ContainerState pause(ContainerState container) throws IOException {
    return freeze(container, true);
  }

  /** Thaws a paused container. */
  public ContainerState resume(ContainerState container) throws IOException {
    return freeze(container, false);
  }

  private ContainerState freeze(ContainerState container, boolean frozen) throws IOException {
    ContainerState.Status from = frozen ? ContainerState.Status.RUNNING
        : ContainerState.Status.PAUSED;
    if (container.status() != from) {
      throw new IllegalArgumentException("container " + container.name()
          + (frozen ? " is not running" : " is not paused"));
    }
    Runtime runtime = runtime(container.runtime());
    try {
      if (frozen) {
        runtime.pause(container.spec());
      } else {
        runtime.resume(container.spec());
      }
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return store.update(container.id(), s -> s.withStatus(
        frozen ? ContainerState.Status.PAUSED : ContainerState.Status.RUNNING));
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

  /**
   * Waits (at most {@code timeout}) for the processes that clean up after container {@code id}'s
   * runtime: the owners of its network ({@link NetworkLeftovers#owners}) and the command its
   * monitor runs ({@value #MONITORED_PID}, when it is still the container's: its command line
   * names the container). Once they are gone nothing is in progress, and what they did not
   * remove is a dead owner's, for {@link NetworkLeftovers#removeDead}.
   */
  private void awaitCleanUp(String id, Duration timeout) throws InterruptedException {
    long self = ProcessHandle.current().pid();
    List<HostProcess> cleaners = new java.util.ArrayList<>();
    try {
      for (Owner o : NetworkLeftovers.owners(id)) {
        if (o.pid() != self && o.alive()) {
          HostProcess.of(o.pid()).ifPresent(cleaners::add);
        }
      }
    } catch (IOException e) {
      diagnostics.warn("cannot read who owns container " + id + "'s network: " + e.getMessage());
    }
    monitored(id).filter(p -> p.pid() != self).ifPresent(cleaners::add);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (HostProcess p : cleaners) {
      awaitDeath(p, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  /** The process the monitor runs for container {@code id}, while it runs. */
  private java.util.Optional<HostProcess> monitored(String id) {
    try {
      String pid = Files.readString(store.dir(id).resolve(MONITORED_PID)).trim();
      java.util.Optional<HostProcess> p = HostProcess.of(Long.parseLong(pid));
      if (p.isEmpty()) {
        return p;
      }
      String cmdline = Files.readString(Path.of("/proc", pid, "cmdline"),
          StandardCharsets.ISO_8859_1);
      return cmdline.contains(id) ? p : java.util.Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
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
