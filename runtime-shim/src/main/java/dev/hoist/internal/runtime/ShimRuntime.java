package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs containers with hoist's native shim ({@code src/main/c/hoist-shim.c}): creates the
 * container's cgroups ({@link Cgroups}), writes {@code <containerDir>/shim.conf} and the
 * container's {@code hosts}, {@code resolv.conf} and {@code hostname}, then starts
 * {@code hoist-shim <containerDir>/shim.conf}. The shim's exit status is the container's; once
 * the container is set up, {@code <containerDir>/init.pid} holds its init's host PID, which
 * {@link #exec} joins. Needs root (real, not a user namespace, for now).
 */
public final class ShimRuntime implements Runtime {
  static final String INIT_PID = "init.pid";
  /** The config of the health checks' exec ({@link #probeCommand}). */
  static final String PROBE_CONFIG = "health-exec.conf";
  /** Where the shim writes why it could not set the container up (its {@code errors} key). */
  static final String START_ERROR = "start-error";

  private final Path shim;
  private final boolean diesWithCaller;
  private final Diagnostics diagnostics;
  private final Launcher launcher;

  public ShimRuntime(Path shim) {
    this(shim, false, Diagnostics.logger(), Launcher.LOCAL);
  }

  private ShimRuntime(Path shim, boolean diesWithCaller, Diagnostics diagnostics,
      Launcher launcher) {
    this.shim = shim;
    this.diesWithCaller = diesWithCaller;
    this.diagnostics = diagnostics;
    this.launcher = launcher;
  }

  /** This runtime, telling {@code diagnostics} what fails beside the containers' work. */
  public ShimRuntime reportingTo(Diagnostics diagnostics) {
    return new ShimRuntime(shim, diesWithCaller, diagnostics, launcher);
  }

  @Override
  public ShimRuntime launchingWith(Launcher launcher) {
    return new ShimRuntime(shim, diesWithCaller, diagnostics, launcher);
  }

  /**
   * This runtime, but each container it starts is killed when this process dies, even by
   * SIGKILL (the shim's parent-death signal): a build's RUN steps, which must not outlive it.
   * The thread that starts a container must outlive it too (the kernel's parent is the thread).
   */
  public ShimRuntime dyingWithCaller() {
    return new ShimRuntime(shim, true, diagnostics, launcher);
  }

  /** The shim packed with this build, extracted under {@code home} (see {@link ShimBinary}). */
  public static ShimRuntime forHome(HoistHome home) throws IOException {
    return new ShimRuntime(ShimBinary.locate(home));
  }

  public Path shim() {
    return shim;
  }

  @Override
  public String name() {
    return "hoist";
  }

  @Override
  public ContainerProcess start(ContainerSpec spec, Stdio stdio) throws IOException {
    return Networking.startAttached(spec, diagnostics, launcher.networkOwner(),
        net -> start(spec, stdio, net));
  }

  /** What {@link #start}'s process left: its init's PID file, its cgroups. */
  @Override
  public void removeLeftovers(ContainerSpec spec) throws IOException {
    Path dir = spec.containerDir().toAbsolutePath();
    Files.deleteIfExists(dir.resolve(INIT_PID));
    Cgroups.of(dir).remove();
  }

  /** The cgroups it recorded that no process is in ({@link Cgroups#removeUnpopulated}). */
  @Override
  public List<String> removeUnusedLeftovers(Path containerDir) throws IOException {
    return Cgroups.of(containerDir.toAbsolutePath()).removeUnpopulated().stream()
        .map(d -> "cgroup " + d + " (a process is in it)").toList();
  }

  /** Starts the container; on the bridge ({@code net} not null) in its prepared namespace. */
  private ContainerProcess start(ContainerSpec spec, Stdio stdio, ContainerNetwork net)
      throws IOException {
    Path dir = spec.containerDir().toAbsolutePath();
    ContainerDirs.create(spec);
    Path pidFile = dir.resolve(INIT_PID);
    Files.deleteIfExists(pidFile);
    Path errors = dir.resolve(START_ERROR);
    Files.deleteIfExists(errors);
    EtcFiles etc = EtcFiles.write(spec, net);
    Trace.mark("launch: etc files written");
    List<DeviceRule> devices = DeviceAccess.rules(spec.host());
    Cgroups cgroups = Cgroups.create(dir, spec.resources(), devices, spec.host().extras());
    Trace.mark("launch: cgroups made");
    Path config = dir.resolve("shim.conf");
    try {
      ShimConfig c = Networking.joining(net, ShimConfig.of(spec, etc, cgroups.dirs())
          .confine(cgroups, devices)
          .host(spec.host())
          .namespaces(spec)
          .put("pidfile", pidFile.toString())
          .put("errors", errors.toString()));
      if (spec.tty()) {
        c.put(TerminalSize.CONFIG_KEY, dir.toString());
      }
      if (diesWithCaller) {
        c.put("parent", Long.toString(ProcessHandle.current().pid()));
      }
      Trace.mark("launch: shim config made");
      SeccompProgram.write(spec).ifPresent(f -> c.put("seccomp", f.toString()));
      Trace.mark("launch: seccomp program written");
      c.write(config);
      Trace.mark("launch: shim.conf written (etc files, cgroups, seccomp)");
      AtomicBoolean oomKilled = new AtomicBoolean();
      return new RuntimeProcess(startShim(config, stdio, launcher), Networking.detachingAfter(net, launcher, () -> {
        oomKilled.set(ContainerCgroups.in(cgroups.dirs()).oomKilled()); // before they go
        Files.deleteIfExists(pidFile);
        cgroups.remove();
      }), null, () -> readStartError(errors), diagnostics).reportingOomKills(oomKilled::get);
    } catch (IOException | RuntimeException e) {
      cgroups.remove();
      throw e;
    }
  }

  @Override
  public ContainerProcess exec(ContainerSpec spec, ExecSpec exec, Stdio stdio)
      throws IOException {
    Path dir = spec.containerDir().toAbsolutePath();
    long initPid = initPid(dir);
    Cgroups cgroups = Cgroups.of(dir);
    if (cgroups.isFrozen()) {
      throw new IOException("container " + dir.getFileName()
          + " is paused, unpause it before exec");
    }
    Path config = dir.resolve("exec-" + UUID.randomUUID() + ".conf");
    ShimConfig c = ShimConfig.forExec(initPid, exec, cgroups.dirs())
        .process(exec.processOptions(spec.host()));
    if (exec.tty()) {
      c.put(TerminalSize.CONFIG_KEY, dir.toString());
    }
    SeccompProgram.forExec(spec).ifPresent(f -> c.put("seccomp", f.toString()));
    c.write(config);
    Process p;
    try {
      p = startShim(config, stdio, Launcher.LOCAL);
    } catch (IOException e) {
      Files.deleteIfExists(config);
      throw e;
    }
    return new RuntimeProcess(p, () -> Files.deleteIfExists(config), diagnostics);
  }

  /** The shim joining the container, with a config of its own ({@value #PROBE_CONFIG}). */
  @Override
  public List<String> probeCommand(ContainerSpec spec, ExecSpec exec) throws IOException {
    Path dir = spec.containerDir().toAbsolutePath();
    Path config = dir.resolve(PROBE_CONFIG);
    // the container's capabilities and limits, as an exec's (Docker's checks are execs)
    ShimConfig c = ShimConfig.forExec(initPid(dir), exec, Cgroups.of(dir).dirs())
        .process(spec.host());
    SeccompProgram.forExec(spec).ifPresent(f -> c.put("seccomp", f.toString()));
    c.write(config);
    return List.of(shim.toString(), config.toString());
  }

  @Override
  public Optional<HostProcess> containerInit(ContainerSpec spec) throws IOException {
    return HostProcess.of(initPid(spec.containerDir().toAbsolutePath()));
  }

  @Override
  public void pause(ContainerSpec spec) throws IOException {
    initPid(spec.containerDir().toAbsolutePath());
    Cgroups.of(spec.containerDir().toAbsolutePath()).freeze(true);
  }

  @Override
  public void resume(ContainerSpec spec) throws IOException {
    Cgroups.of(spec.containerDir().toAbsolutePath()).freeze(false);
  }

  /**
   * The running container's init (host PID), from {@code init.pid}; a container started a moment
   * ago may still be setting up, so a missing file is waited for up to a second.
   */
  private static long initPid(Path dir) throws IOException {
    Path file = dir.resolve(INIT_PID);
    for (int i = 0; i < 100 && !Files.exists(file); i++) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      long pid = Long.parseLong(Files.readString(file).trim());
      // The PID may have been reused after a crash: it must be this container's init, whose
      // parent is the outer shim, the command line of which ends with this container's
      // shim.conf (init hides its own from the container).
      long parent = ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
          .map(ProcessHandle::pid).orElse(-1L);
      String[] cmdline = Files.readString(Path.of("/proc/" + parent + "/cmdline")).split("\0");
      if (cmdline.length == 2 && Files.isSameFile(Path.of(cmdline[1]), dir.resolve("shim.conf"))) {
        return pid;
      }
    } catch (IOException | NumberFormatException e) {
      // not running
    }
    throw new IOException("container " + dir.getFileName() + " is not running");
  }

  /** The shim's message, when it failed to set the container up; empty when it did not. */
  static Optional<String> readStartError(Path errors) throws IOException {
    if (!Files.isRegularFile(errors)) {
      return Optional.empty();
    }
    String message = Files.readString(errors).trim();
    return message.isEmpty() ? Optional.empty() : Optional.of(message);
  }

  private Process startShim(Path config, Stdio stdio, Launcher launcher) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(shim.toString(), config.toString())
        .redirectInput(stdio.stdin())
        .redirectOutput(stdio.stdout())
        .redirectError(stdio.stderr());
    pb.environment().clear(); // the container's environment comes from the config only
    return launcher.start(pb);
  }
}
