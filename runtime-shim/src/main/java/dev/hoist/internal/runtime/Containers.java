package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.events.Event;
import dev.hoist.internal.runtime.events.EventJournal;
import dev.hoist.internal.runtime.events.Signals;
import dev.hoist.internal.runtime.net.NetworkLeftovers;
import dev.hoist.internal.runtime.net.Owner;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
  /** The monitor writes the PID of the runtime process it runs here. */
  static final String MONITORED_PID = "monitor.pid";
  /** The published ports the monitor holds while the container runs. */
  static final String MONITOR_PORTS = "monitor.ports";
  /** Locked by the container's monitor as long as it lives (its last exit step included). */
  static final String MONITOR_LOCK = "monitor.lock";
  /** There once {@code stop} or {@code rm -f} ended the container: no restart. */
  static final String STOPPED_BY_USER = "stopped-by-user";

  private final HoistHome home;
  private final ContainerStore store;
  private final MonitorCommand monitor;
  private final Diagnostics diagnostics;
  private final EventJournal events;

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
    this.store = new ContainerStore(home, diagnostics);
    this.monitor = monitor;
    this.diagnostics = diagnostics;
    this.events = EventJournal.of(home.root(), diagnostics);
  }

  /** The events journal these append to. */
  public EventJournal events() {
    return events;
  }

  /**
   * Appends the container event {@code action} about {@code c} to the journal: its image, name
   * and labels as attributes (as Docker's), with {@code extra} ({@code exitCode}, {@code signal},
   * …) over them.
   */
  public void emit(ContainerState c, String action, Map<String, String> extra) {
    Map<String, String> attributes = eventAttributes(c);
    attributes.putAll(extra);
    events.append(Event.of(Event.CONTAINER, action, c.id(), attributes));
  }

  /** A container event's attributes, as Docker's: its labels, its image and its name. */
  static Map<String, String> eventAttributes(ContainerState c) {
    Map<String, String> attributes = new java.util.TreeMap<>(c.labels());
    attributes.put("image", c.image() == null ? "" : c.image());
    attributes.put("name", c.name());
    return attributes;
  }

  private void emit(ContainerState c, String action) {
    emit(c, action, Map.of());
  }

  /** {@code oom} first when the OOM killer killed one of its processes, then {@code die}. */
  private void emitDie(ContainerState c, int code, boolean oom) {
    if (oom) {
      emit(c, "oom");
    }
    emit(c, "die", Map.of("exitCode", Integer.toString(code)));
  }

  /**
   * Docker's network {@code connect} events of a container's start, one for each network it is
   * on ({@code bridge}, its user-defined ones, {@code host} or {@code none}; none when it shares
   * another container's): the network's ID as actor, its name and type, the container's ID.
   */
  private void emitConnects(ContainerState c) {
    if (c.spec() == null) {
      return;
    }
    try {
      switch (c.spec().network()) {
        case HOST -> emitConnect(c, dev.hoist.internal.runtime.net.UserNetwork.HOST_ID, "host",
            "host");
        case NONE -> emitConnect(c, dev.hoist.internal.runtime.net.UserNetwork.NONE_ID, "none",
            "null");
        case CONTAINER -> { }
        default -> {
          var user = dev.hoist.internal.runtime.net.ContainerNetworks.read(store.dir(c.id()));
          if (user.isEmpty()) {
            emitConnect(c, dev.hoist.internal.runtime.net.UserNetwork.BRIDGE_ID, "bridge",
                "bridge");
          } else {
            for (var e : user.get().endpoints()) {
              emitConnect(c, e.network().id(), e.network().name(), e.network().driver());
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      diagnostics.warn("telling the container's networks: " + e.getMessage());
    }
  }

  private void emitConnect(ContainerState c, String networkId, String name, String type) {
    events.append(Event.of(Event.NETWORK, "connect", networkId, Map.of("container", c.id(),
        "name", name, "type", type)));
  }

  /** Whether the OOM killer killed one of its processes (its cgroups still there). */
  private boolean oomKilled(ContainerState c) {
    try {
      return c.spec() != null && ContainerCgroups.of(store.dir(c.id()), c).oomKilled();
    } catch (IOException | RuntimeException e) {
      diagnostics.warn("reading the container's OOM kills: " + e.getMessage());
      return false;
    }
  }

  private void emitKill(ContainerState c, String signal) {
    emit(c, "kill", Map.of("signal", Signals.number(signal)));
  }

  public ContainerStore store() {
    return store;
  }

  /** The runtime called {@code name}: {@code hoist} (the shim) or {@code runc}. */
  public Runtime runtime(String name) throws IOException {
    return Runtimes.named(name, home, diagnostics);
  }

  /** Records a new container from {@code image} (status created); nothing runs yet. */
  public ContainerState create(RunOptions options, LocalImage image, List<Path> lowerDirs,
      Map<String, String> hostEnv) throws IOException {
    runtime(options.runtime()); // an unknown runtime fails before anything is written
    String id = ContainerStore.newId();
    List<InheritedMount> inherited = InheritedMount.of(options.volumesFrom(), store);
    ContainerPlanner.Plan plan = new ContainerPlanner(new VolumeStore(home),
        ShimBinary.locate(home), hostEnv)
        .plan(image.config().config(), lowerDirs, joinedByItsId(namespacesByIds(options)),
            store.dir(id), inherited);
    ContainerState state = ContainerState.builder(id, options.name()).image(options.image())
        .imageId(image.id()).created(Instant.now().toString()).runtime(options.runtime())
        .autoRemove(options.autoRemove())
        .stopSignal(options.host().stopSignal() != null
            ? options.host().stopSignal() : image.config().config().stopSignal())
        .diffIds(image.config().diffIds().stream().map(Object::toString).toList())
        .volumes(plan.volumes()).spec(plan.spec())
        .volumesFrom(options.volumesFrom().stream().map(VolumesFrom::toString).toList())
        .inheritedMounts(plan.inherited())
        .config(ProcessCommand.split(image.config().config(), options.entrypoint(),
            options.cmd(), options.interactive(), options.user())
            .withLabels(ContainerLabels.merge(image.config().config().labels(),
                options.labels())))
        .build();
    ContainerState created = store.create(state);
    emit(created, "create");
    return created;
  }

  /** {@code --network container:NAME} with the ID of the container it names (which exists). */
  private RunOptions joinedByItsId(RunOptions options) throws IOException {
    String target = options.networkOptions().container();
    if (options.network() != NetworkMode.CONTAINER || target == null) {
      return options;
    }
    String id = store.find(target).orElseThrow(() -> new IllegalArgumentException(
        "--network container:" + target + ": no such container")).id();
    return options.withNetworkOptions(options.networkOptions().withContainer(id));
  }

  /** {@code --pid}/{@code --ipc container:NAME} with the ID of the container named. */
  private RunOptions namespacesByIds(RunOptions options) {
    if (options.host().namespaces().equals(NamespaceModes.PRIVATE)) {
      return options;
    }
    return options.withHost(options.host().toBuilder().namespaces(options.host()
        .namespaces().resolving(this::idOfJoined)).build());
  }

  private String idOfJoined(String name) {
    try {
      return store.find(name).orElseThrow(() -> new IllegalArgumentException(
          "No such container: " + name + " (--pid or --ipc container:" + name + ")")).id();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Runs the container from this process: starts it with {@code stdio}, hands the process to
   * {@code started} (to relay signals), waits, records the exit and, for {@code --rm}, removes
   * the container. Returns the exit status.
   */
  public int runAttached(ContainerState container, Stdio stdio,
      Consumer<ContainerProcess> started) throws IOException, InterruptedException {
    return runAttached(container, stdio, started, Launcher.LOCAL);
  }

  /**
   * As {@link #runAttached(ContainerState, Stdio, Consumer)}, the process started through
   * {@code launcher} ({@link Launcher#LOCAL_THEN_EXIT}: this program exits once the container
   * has, the network's removal finishes without it).
   */
  public int runAttached(ContainerState container, Stdio stdio,
      Consumer<ContainerProcess> started, Launcher launcher)
      throws IOException, InterruptedException {
    requireStartable(container);
    Path dir = store.dir(container.id());
    clearRunFiles(dir);
    Files.deleteIfExists(dir.resolve(STOPPED_BY_USER));
    emit(container, "attach");
    Launched launched = launch(container.withRestartsReset(), stdio, launcher, false);
    ContainerProcess process = launched.process();
    started.accept(process);
    java.util.Optional<Process> checks = healthChecksBeside(launched.running());
    // the checks end with the runtime's process, not after its clean-up (its mounts, runc's
    // delete, the network: seconds on a loaded machine), which would count failures in between
    checks.ifPresent(c -> ProcessHandle.of(process.pid()).ifPresentOrElse(
        h -> h.onExit().thenRun(() -> HealthProbe.end(c)), () -> HealthProbe.end(c)));
    int code;
    try {
      code = process.waitFor();
    } finally {
      checks.ifPresent(HealthProbe::end);
    }
    String finished = now();
    boolean oom = process.oomKilled() || oomKilled(launched.running());
    emitDie(launched.running(), code, oom);
    if (container.autoRemove()) {
      store.remove(launched.running());
      removeAnonymousVolumes(launched.running());
      emit(launched.running(), "destroy");
    } else {
      ExitFile.write(dir.resolve(ContainerStore.EXIT), code, finished, oom);
      store.replace(launched.running().exited(code, finished, oom)); // false: removed (rm -f)
    }
    return code;
  }

  /** A started container's process and its state as recorded (running). */
  private record Launched(ContainerProcess process, ContainerState running) {}

  /**
   * Starts the container's runtime process through {@code launcher} and records it running,
   * waited for by this process or (under the monitor) by the monitor; {@code --rm}: a container
   * that could not start is removed.
   */
  private Launched launch(ContainerState container, Stdio stdio, Launcher launcher,
      boolean monitored) throws IOException {
    ContainerProcess process;
    try {
      process = runtime(container.runtime()).launchingWith(launcher).start(container.spec(),
          stdio);
    } catch (IOException | RuntimeException e) {
      if (container.autoRemove()) {
        // --rm: a container that could not start is not kept either
        store.remove(container);
        removeAnonymousVolumes(container);
        emit(container, "destroy");
      }
      throw e;
    }
    Trace.mark("launch: runtime started");
    HostProcess runtimeProcess = HostProcess.of(process.pid())
        .orElse(new HostProcess(process.pid(), 0));
    // under the monitor, the monitor waits: it owns the network (the start step's parent, or
    // the monitor that asked a service for the step)
    long waiter = monitored ? launcher.networkOwner().pid() : ProcessHandle.current().pid();
    ContainerState running = container.started(runtimeProcess,
        HostProcess.of(waiter).orElse(new HostProcess(waiter, 0)), now(), monitored);
    // before it reads as running: whoever waits for that (start, restart) appends its events after
    emitConnects(running);
    emit(running, "start");
    Trace.mark("launch: events written");
    if (!store.replace(running)) {
      process.signal("KILL");
      throw new IllegalArgumentException("container " + container.name() + " was removed");
    }
    Trace.mark("launch: recorded running");
    return new Launched(process, running);
  }

  /**
   * The monitor's start step ({@link MonitorStep}): starts the container's runtime process as
   * the monitor's child (sent over the {@link MonitorChannel}), on a network the monitor owns,
   * and records it running; returns without waiting (the monitor waits, then runs
   * {@link #exitUnderMonitor}). Nothing of this JVM stays while the container runs.
   */
  void startUnderMonitor(ContainerState container) throws IOException {
    startUnderMonitor(container, MonitorChannel.ofParent());
  }

  /** As {@link #startUnderMonitor(ContainerState)}, the monitor reached through {@code monitor}. */
  void startUnderMonitor(ContainerState container, MonitorChannel monitor) throws IOException {
    if (container.isActive()) {
      throw new ConflictException("container " + container.name() + " is already running");
    }
    Files.deleteIfExists(store.dir(container.id()).resolve(ContainerStore.EXIT));
    Launched launched = launch(container, Stdio.inherit(), monitor, true);
    writeHeldPorts(container.id());
    try {
      HealthProbe.prepare(home, container, store.dir(container.id()),
          runtime(container.runtime()));
    } catch (IOException | RuntimeException e) {
      // the container runs all the same, without checks
      Files.deleteIfExists(store.dir(container.id()).resolve(HealthProbe.FILE));
      if (launched.running().process().isAlive()) { // else it ended at once: nothing to check
        diagnostics.warn("cannot run the health checks: " + e.getMessage());
      }
    }
  }

  /**
   * The health checks of a container that runs in the foreground, run beside it by the
   * monitor's program ({@code hoist-monitor --health}) until {@link HealthProbe#end}; none
   * when it has no check or they cannot run (told to the diagnostics).
   */
  private java.util.Optional<Process> healthChecksBeside(ContainerState running) {
    try {
      Path dir = store.dir(running.id());
      if (!HealthProbe.prepare(home, running, dir, runtime(running.runtime()))) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(HealthProbe.runBeside(ShimBinary.locateMonitor(home), dir));
    } catch (IOException | RuntimeException e) {
      if (running.process().isAlive()) { // else it ended at once: nothing to check
        diagnostics.warn("cannot run the health checks: " + e.getMessage());
      }
      return java.util.Optional.empty();
    }
  }

  /**
   * The published ports the monitor holds while the container runs (the start step's sockets
   * end with it): {@code tcp|udp ADDRESS PORT} lines, none when nothing is published.
   */
  private void writeHeldPorts(String id) throws IOException {
    Path file = store.dir(id).resolve(MONITOR_PORTS);
    var settings = NetworkSettings.read(store.dir(id));
    if (settings.isEmpty() || settings.get().ports().isEmpty()) {
      Files.deleteIfExists(file);
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (var p : settings.get().ports()) {
      lines.append(p.protocol()).append(' ')
          .append(p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp()).append(' ')
          .append(p.hostPort()).append('\n');
    }
    Files.writeString(file, lines);
  }

  /**
   * The monitor's exit step ({@link MonitorStep}), once the container's runtime process exited
   * with {@code exitStatus} at {@code finished}: the runtime's clean-up ({@link
   * Runtime#cleanUpAfterExit}: cgroups, mounts, network), then the exit on record (the code
   * {@link Runtime#exitCode} makes of that status), or the
   * container removed ({@code --rm}), or (its restart policy says so, the user did not stop it)
   * recorded as restarting with one restart more. Returns whether the monitor restarts it.
   */
  boolean exitUnderMonitor(String id, int exitStatus, String finished) throws IOException {
    var found = store.read(id);
    if (found.isEmpty()) {
      return false; // removed (rm -f): its remover cleans up
    }
    ContainerState container = found.get();
    Path dir = store.dir(id);
    Runtime runtime = runtime(container.runtime());
    int code = runtime.exitCode(container.spec(), exitStatus);
    boolean oom = oomKilled(container); // before the clean-up takes its cgroups
    Trace.mark("exit: record read");
    try {
      runtime.cleanUpAfterExit(container.spec());
    } catch (IOException | RuntimeException e) {
      diagnostics.warn("cleaning up after the container: " + e.getMessage());
    }
    Trace.mark("exit: cleaned up (cgroups, network)");
    emitDie(container, code, oom);
    if (container.autoRemove()) {
      store.remove(container);
      removeAnonymousVolumes(container);
      emit(container, "destroy");
      return false;
    }
    boolean stopped = Files.exists(dir.resolve(STOPPED_BY_USER));
    boolean restart = container.restartPolicy().restarts(code, container.restartCount(), stopped);
    if (restart) {
      return store.replace(container.restarting(code, finished, oom));
    }
    Trace.mark("exit: events written");
    ExitFile.write(dir.resolve(ContainerStore.EXIT), code, finished, oom);
    store.replace(container.exited(code, finished, oom));
    Trace.mark("exit: recorded");
    return false;
  }

  /**
   * Whether the user stopped the container ({@code stop}, {@code rm -f}) since its last start:
   * its restart policy does not bring it back ({@code unless-stopped}: not even at boot).
   */
  public boolean stoppedByUser(String id) {
    return Files.exists(store.dir(id).resolve(STOPPED_BY_USER));
  }

  private void markStoppedByUser(String id) throws IOException {
    try {
      Files.writeString(store.dir(id).resolve(STOPPED_BY_USER), now() + "\n");
    } catch (java.nio.file.NoSuchFileException removed) {
      // gone already
    }
  }

  /**
   * Starts the container under the monitor ({@code hoist-monitor}) and returns once it runs. The
   * monitor outlives this process: it runs the start step of the program this instance's
   * {@link MonitorCommand} names (hoist's: {@link MonitorStep} in a small JVM), which prepares
   * the container and hands the runtime's command line back; the monitor runs it, keeps its
   * output in the container's log, and once it exited runs the exit step (clean-up, the exit
   * recorded, the restart policy applied), restarting it after Docker's back-off when the step
   * says so. No JVM stays while the container runs.
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
    awaitPreviousMonitor(container);
    clearRunFiles(dir);
    Files.deleteIfExists(dir.resolve(STOPPED_BY_USER));
    if (container.restartCount() != 0) {
      store.update(id, ContainerState::withRestartsReset);
    }
    ShimConfig monitor = new ShimConfig();
    for (String arg : this.monitor.command(home, id)) {
      monitor.put("arg", arg);
    }
    monitor.put("log", store.logFile(id).toString())
        .put("pid", dir.resolve(MONITORED_PID).toString())
        .put("exit", dir.resolve(ContainerStore.EXIT).toString())
        .put("ports", dir.resolve(MONITOR_PORTS).toString())
        .put("lock", dir.resolve(MONITOR_LOCK).toString())
        .put("health", dir.resolve(HealthProbe.FILE).toString());
    if (container.config() != null && container.config().openStdin()) {
      monitor.put("stdin", AttachSocket.of(dir).toString()); // -i: attachers give its stdin
    }
    if (container.spec() != null && container.spec().tty()) {
      monitor.put("tty", "1"); // a terminal's output, logged as it comes (prompts end no line)
    }
    this.monitor.stepService().ifPresent(socket -> monitor.put("steps", socket.toString())
        .put("id", id));
    Path config = dir.resolve("monitor.conf");
    monitor.write(config);
    Trace.mark("start: monitor.conf written");
    Process launcher = ProgramStart.start(new ProcessBuilder(
        ShimBinary.locateMonitor(home).toString(), config.toString())
        .redirectInput(Redirect.from(new File("/dev/null")))
        .redirectOutput(Redirect.DISCARD));
    String errors = new String(launcher.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
        .trim();
    int code = launcher.waitFor();
    Trace.mark("start: the monitor's launcher exited");
    if (code != 0) {
      throw new IOException("cannot start container " + container.name() + ": "
          + (errors.isEmpty() ? "the monitor exited with " + code : errors));
    }
    // The start step records the start; wait for that (or for the end of a short-lived
    // container). A restarted container reads as exited (its last run) until then: wait for
    // running, not for "no longer created", so that start returns as run -d does, with it running.
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    Backoff backoff = new Backoff(1, 5);
    while (System.nanoTime() < deadline) {
      var state = store.read(id);
      if (state.isEmpty()) {
        return container; // --rm, and already gone
      }
      if (state.get().isActive() || state.get().status() == ContainerState.Status.RESTARTING
          || Files.exists(dir.resolve(ContainerStore.EXIT))) {
        Trace.mark("start: seen running");
        return state.get();
      }
      backoff.pause();
    }
    throw new IOException("container " + container.name() + " did not start within "
        + START_WAIT.toSeconds() + " s: see hoist logs " + container.name());
  }

  /**
   * Waits until the monitor of the container's last run has ended (it holds {@value
   * #MONITOR_LOCK} locked as long as it lives): its exit step records the exit a moment after the
   * exit reads as recorded, and must not record it over the next run's start.
   */
  private void awaitPreviousMonitor(ContainerState container)
      throws IOException, InterruptedException {
    Path lock = store.dir(container.id()).resolve(MONITOR_LOCK);
    long deadline = System.nanoTime() + EXIT_RECORD_WAIT.toNanos();
    Backoff backoff = new Backoff(1, 10);
    // another thread of this JVM looking right now (one exit wakes every waiter of the service
    // at once: docker attach's wait and its attach) counts as held, a moment
    while (heldByAnother(lock)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("container " + container.name() + ": the monitor of its last "
            + "run is still cleaning up after it");
      }
      backoff.pause();
    }
  }

  private static void requireStartable(ContainerState c) {
    if (c.isActive()) {
      throw new ConflictException("container " + c.name() + " is already running");
    }
    if (c.status() == ContainerState.Status.RESTARTING) {
      throw new IllegalArgumentException("container " + c.name() + " is restarting (its "
          + "monitor starts it again after the back-off): stop it first");
    }
  }

  private static void clearRunFiles(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(ContainerStore.EXIT));
    Files.deleteIfExists(dir.resolve(MONITORED_PID));
    Files.deleteIfExists(dir.resolve(HealthProbe.PAUSED)); // killed while paused: runs afresh
    // the last run's health is not this one's: a start answers (running recorded) before its
    // start step clears the record and the checks write the new run's "starting", and a wait
    // for health (compose up --wait) read the old "healthy" (the record, HealthState.FILE: the
    // checks' config, HealthProbe.FILE, was deleted here before by mistake)
    Files.deleteIfExists(dir.resolve(HealthState.FILE));
    Files.deleteIfExists(dir.resolve(HealthProbe.FILE));
    // a detached exec of a hoist JVM that has since exited (exec -d) leaves its process file:
    // no exec of a stopped container runs
    try (DirectoryStream<Path> execs = Files.newDirectoryStream(dir, "exec-*.{conf,json}")) {
      for (Path leftover : execs) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  /**
   * Stops a running container: its STOPSIGNAL (SIGTERM by default), then SIGKILL after
   * {@code timeout}; returns its state once the exit is recorded. A stopped container is left
   * as it is.
   */
  public ContainerState stop(ContainerState container, Duration timeout)
      throws IOException, InterruptedException {
    return stop(container, null, timeout);
  }

  /**
   * As {@link #stop(ContainerState, Duration)}, with {@code signal} (null: the container's
   * STOPSIGNAL, else SIGTERM) first: {@code hoist stop --signal}.
   */
  public ContainerState stop(ContainerState container, String signal, Duration timeout)
      throws IOException, InterruptedException {
    if (signal != null) {
      Signals.require(signal);
    }
    if (container.status() == ContainerState.Status.RESTARTING) {
      return stopRestarting(container);
    }
    if (!container.isActive()) {
      return container;
    }
    markStoppedByUser(container.id()); // before the signal: the exit step must not restart it
    HostProcess process = container.process();
    if (container.status() == ContainerState.Status.PAUSED) {
      resume(container);
    }
    String first = signal != null ? signal
        : container.stopSignal() == null || container.stopSignal().isEmpty()
        ? "TERM" : container.stopSignal();
    emitKill(container, first);
    process.signal(first);
    if (!awaitDeath(process, timeout)) {
      emitKill(container, "KILL");
      process.signal("KILL");
      awaitDeath(process, EXIT_RECORD_WAIT);
    }
    ContainerState stopped = awaitExitRecord(container.id());
    emit(stopped != null ? stopped : container, "stop");
    return stopped;
  }

  /**
   * Stops a container its monitor waits to restart: the monitor is told to give up (SIGTERM),
   * and once it is gone the container is recorded as exited with its last status.
   */
  private ContainerState stopRestarting(ContainerState container)
      throws IOException, InterruptedException {
    markStoppedByUser(container.id());
    container.waiter().signal("TERM");
    awaitDeath(container.waiter(), EXIT_RECORD_WAIT);
    ContainerState now = store.find(container.id()).orElse(null);
    if (now != null && now.isActive()) {
      return stop(now, Duration.ofSeconds(10)); // it had started again meanwhile
    }
    if (now == null || now.status() != ContainerState.Status.RESTARTING
        && now.status() != ContainerState.Status.EXITED) {
      return now;
    }
    int code = now.exitCode() == null ? 0 : now.exitCode();
    String finished = now.finishedAt() == null ? now() : now.finishedAt();
    ExitFile.write(store.dir(container.id()).resolve(ContainerStore.EXIT), code, finished,
        now.oomKilled());
    return store.update(container.id(), s -> s.status() == ContainerState.Status.RESTARTING
        ? s.exited(code, finished, s.oomKilled()) : s);
  }

  /** Sends a signal to the container's main process (through the runtime process). */
  public void kill(ContainerState container, String signal) throws IOException {
    if (!container.isActive()) {
      throw new ConflictException("container " + container.name() + " is not running");
    }
    if (!container.process().signal(signal)) {
      throw new ConflictException("container " + container.name() + " is not running");
    }
    emitKill(container, signal);
  }

  /**
   * Gives the terminal of a running container made with one ({@code tty}) the size
   * {@code size}, through its shim ({@link TerminalSize}); false, and nothing changed, for a
   * container without a terminal or run by a runtime that cannot size it.
   */
  public boolean resize(ContainerState container, TerminalSize size) throws IOException {
    if (!container.isActive()) {
      throw new ConflictException("container " + container.name() + " is not running");
    }
    if (container.spec() == null || !container.spec().tty()) {
      return false;
    }
    if (runtime(container.runtime()).resize(container.spec(), container.process(), size)) {
      return true;
    }
    if (!container.process().isAlive()) {
      throw new ConflictException("container " + container.name() + " is not running");
    }
    return false; // its runtime does not size its terminals
  }

  /**
   * As {@link #resize} for an exec's terminal: {@code shim}, the process {@link #exec} started
   * with a terminal in {@code container}; false when it has ended.
   */
  public boolean resizeExec(ContainerState container, HostProcess shim, TerminalSize size)
      throws IOException {
    return container.spec() != null
        && runtime(container.runtime()).resize(container.spec(), shim, size);
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
    if (container.status() == ContainerState.Status.RESTARTING) {
      if (!force) {
        throw new ConflictException("You cannot remove a restarting container "
            + container.id() + ". Stop the container before attempting removal or force remove");
      }
      container = stopRestarting(container);
      if (container == null) {
        return;
      }
    }
    if (container.isActive()) {
      if (!force) {
        throw new ConflictException("You cannot remove a running container "
            + container.id() + ". Stop the container before attempting removal or force remove");
      }
      markStoppedByUser(container.id());
      HostProcess process = container.process();
      if (container.status() == ContainerState.Status.PAUSED) {
        try {
          resume(container);
        } catch (IllegalArgumentException unsupported) {
          // SIGKILL reaches a frozen process once it is thawed; nothing more to do here
        }
      }
      emitKill(container, "KILL");
      process.signal("KILL");
      awaitDeath(process, EXIT_RECORD_WAIT);
      if (container.waiterPid() != ProcessHandle.current().pid()) {
        // its waiter cleans up after the runtime (cgroups, mounts): let it finish first
        awaitDeath(container.waiter(), EXIT_RECORD_WAIT);
      }
      // so does the process the monitor runs, which owns the network: a killed monitor's lives on
      awaitCleanUp(container.id(), EXIT_RECORD_WAIT);
    }
    // a container whose monitor and runtime process were both killed reads as exited, but
    // nobody cleaned up after it; for the others this finds nothing left
    try {
      if (container.spec() != null && container.startedAt() != null) {
        runtime(container.runtime()).removeLeftovers(container.spec());
      }
    } catch (IOException e) {
      diagnostics.warn("cannot clean up after container " + container.name() + ": "
          + e.getMessage());
    }
    Trace.mark("remove: runtime leftovers removed");
    try {
      NetworkLeftovers.removeDead(container.id()); // an owner killed before its clean-up
    } catch (IOException e) {
      diagnostics.warn("cannot remove what container " + container.name()
          + "'s network left (hoist system check will): " + e.getMessage());
    }
    Trace.mark("remove: network leftovers removed");
    store.remove(container.id());
    Trace.mark("remove: directory removed");
    if (anonymousVolumes) {
      removeAnonymousVolumes(container);
    }
    emit(container, "destroy");
    Trace.mark("remove: destroy event written");
  }

  /**
   * Removes the container {@code id} whose record cannot be read ({@link
   * ContainerStore#findUnreadable}: empty or cut short by a crash): its directory with what is
   * mounted below it, the names the names index gives it, what its network left when its
   * owner is dead, what a killed run left that no process uses (the shim's cgroups, runc's
   * stopped container: {@link Runtime#removeUnusedLeftovers}), and with
   * {@code anonymousVolumes} the anonymous volumes made for it
   * ({@link VolumeStore#anonymousOf}) that no other container uses. Nothing is killed (its
   * record names its processes): while a monitor still holds its {@value #MONITOR_LOCK}, it is
   * refused.
   *
   * @throws ConflictException when its monitor still runs
   * @throws IllegalArgumentException when there is no such container (any more)
   */
  public void removeUnreadable(String id, boolean anonymousVolumes) throws IOException {
    Path lock = store.dir(id).resolve(MONITOR_LOCK);
    if (heldByAnother(lock)) {
      throw new ConflictException("You cannot remove container " + id + ": its record cannot be "
          + "read and its monitor still runs (" + store.dir(id).resolve("monitor.pid")
          + " names it); stop that process first");
    }
    List<String> left = new ArrayList<>();
    for (String name : Runtimes.NAMES) { // its record named the runtime: each looks for its own
      try {
        left.addAll(runtime(name).removeUnusedLeftovers(store.dir(id)));
      } catch (IllegalArgumentException notInstalled) {
        // runc is not installed: it left nothing
      } catch (IOException e) {
        left.add(name + "'s leftovers (" + e.getMessage() + ")");
      }
    }
    if (!left.isEmpty()) {
      diagnostics.warn("container " + id + " left, in use: " + String.join(", ", left));
    }
    List<String> names = store.removeUnreadable(id).orElseThrow(() ->
        new IllegalArgumentException("No such container: " + id));
    if (anonymousVolumes) {
      removeUnusedVolumes(new VolumeStore(home).anonymousOf(id));
    }
    try {
      NetworkLeftovers.removeDead(id);
    } catch (IOException e) {
      diagnostics.warn("cannot remove what container " + id
          + "'s network left (hoist system check will): " + e.getMessage());
    }
    events.append(Event.of(Event.CONTAINER, "destroy", id,
        names.isEmpty() ? Map.of() : Map.of("name", names.get(0))));
  }

  /** Whether another process (or thread) holds a lock on {@code file}; false when there is none. */
  private static boolean heldByAnother(Path file) throws IOException {
    if (!Files.exists(file)) {
      return false;
    }
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.channels.FileLock held = channel.tryLock();
      if (held == null) {
        return true;
      }
      held.release();
      return false;
    } catch (java.nio.channels.OverlappingFileLockException thisJvm) {
      return true;
    } catch (java.nio.file.NoSuchFileException gone) {
      return false;
    }
  }

  private void removeAnonymousVolumes(ContainerState removed) throws IOException {
    removeUnusedVolumes(removed.volumes().stream().filter(VolumeStore::isAnonymous).toList());
  }

  /** Removes those of the volumes {@code anonymous} that no container uses. */
  private void removeUnusedVolumes(List<String> anonymous) throws IOException {
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
      throw new ConflictException("container " + container.name()
          + (frozen ? " is not running" : " is not paused"));
    }
    Runtime runtime = runtime(container.runtime());
    // the marker stops its health checks (HealthProbe) while it is frozen
    Path paused = store.dir(container.id()).resolve(HealthProbe.PAUSED);
    try {
      if (frozen) {
        Files.write(paused, new byte[0]);
        runtime.pause(container.spec());
      } else {
        runtime.resume(container.spec());
        Files.deleteIfExists(paused);
      }
    } catch (UnsupportedOperationException | IOException e) {
      if (frozen) {
        Files.deleteIfExists(paused);
      }
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IllegalArgumentException(e.getMessage());
    }
    ContainerState changed = store.update(container.id(), s -> s.withStatus(
        frozen ? ContainerState.Status.PAUSED : ContainerState.Status.RUNNING));
    emit(container, frozen ? "pause" : "unpause");
    return changed;
  }

  /** Starts a further process in a running container ({@code hoist exec}). */
  public ContainerProcess exec(ContainerState container, ExecSpec exec, Stdio stdio)
      throws IOException {
    if (container.status() != ContainerState.Status.RUNNING) {
      throw new ConflictException("container " + container.name() + " is not running");
    }
    String execId = ContainerStore.newId();
    String command = String.join(" ", exec.argv());
    emit(container, "exec_create: " + command, Map.of("execID", execId));
    ContainerProcess process;
    try {
      process = runtime(container.runtime()).exec(container.spec(), exec, stdio);
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    emit(container, "exec_start: " + command, Map.of("execID", execId));
    return new ExecEvents(process, this, container, execId);
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
    Backoff backoff = new Backoff(1, 20);
    while (true) {
      var state = store.read(id);
      if (state.isEmpty()) {
        return OptionalInt.empty();
      }
      if (state.get().status() == ContainerState.Status.EXITED) {
        try {
          // a detached container's exit is on record a moment before its monitor's exit step
          // has finished writing in its directory: once this returns, nothing is in progress
          awaitPreviousMonitor(state.get());
        } catch (IOException stillCleaning) {
          diagnostics.warn(stillCleaning.getMessage());
        }
        return OptionalInt.of(state.get().exitCode());
      }
      if (System.nanoTime() > deadline) {
        return OptionalInt.empty();
      }
      backoff.pause();
    }
  }

  static String now() {
    return Instant.now().toString();
  }
}
