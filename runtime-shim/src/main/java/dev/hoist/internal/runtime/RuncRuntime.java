package dev.hoist.internal.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs containers with an OCI runtime (runc) through a generated bundle ({@link OciBundle}):
 * hoist mounts the overlay root on {@code <containerDir>/rootfs} ({@code hoist-shim --mount}),
 * writes {@code config.json}, runs {@code runc --root <home>/runc run --bundle <containerDir> ID}
 * in the foreground (its exit status is the container's) and, once it exited, deletes the runc
 * container and unmounts the root. {@code exec}, {@code pause} and {@code resume} are
 * {@code runc exec --process}, {@code runc pause} and {@code runc resume}; signals go through
 * {@code runc kill}.
 */
public final class RuncRuntime implements Runtime {
  private static final ObjectMapper STATE_JSON = new ObjectMapper();
  /** runc's log of a container's start ({@code --log}, JSON records). */
  static final String LOG = "runc.log";
  /** The process file of the health checks' exec ({@link #probeCommand}). */
  static final String PROBE_PROCESS = "health-process.json";
  private final Path runc;
  private final Path stateRoot;
  private final Path shim;
  private final Diagnostics diagnostics;
  private final Launcher launcher;

  /**
   * @param runc the runc executable
   * @param stateRoot runc's {@code --root} (its state directory)
   * @param shim hoist's shim: mounts the root and is the container's init
   */
  public RuncRuntime(Path runc, Path stateRoot, Path shim) {
    this(runc, stateRoot, shim, Diagnostics.logger(), Launcher.LOCAL);
  }

  private RuncRuntime(Path runc, Path stateRoot, Path shim, Diagnostics diagnostics,
      Launcher launcher) {
    this.runc = runc;
    this.stateRoot = stateRoot;
    this.shim = shim;
    this.diagnostics = diagnostics;
    this.launcher = launcher;
  }

  /** This runtime, telling {@code diagnostics} what fails beside the containers' work. */
  public RuncRuntime reportingTo(Diagnostics diagnostics) {
    return new RuncRuntime(runc, stateRoot, shim, diagnostics, launcher);
  }

  @Override
  public RuncRuntime launchingWith(Launcher launcher) {
    return new RuncRuntime(runc, stateRoot, shim, diagnostics, launcher);
  }

  /** runc from the PATH (or {@code /usr/sbin/runc}), state under {@code <home>/runc}. */
  public static Optional<RuncRuntime> forHome(HoistHome home) throws IOException {
    Optional<Path> runc = OciRuntimes.onPath().stream()
        .filter(p -> p.getFileName().toString().equals("runc"))
        .findFirst()
        .or(() -> Optional.of(Path.of("/usr/sbin/runc")).filter(Files::isExecutable));
    if (runc.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RuncRuntime(runc.get(), home.root().resolve("runc"),
        ShimBinary.locate(home)));
  }

  @Override
  public String name() {
    return "runc";
  }

  @Override
  public ContainerProcess start(ContainerSpec spec, Stdio stdio) throws IOException {
    return Networking.startAttached(spec, diagnostics, launcher.networkOwner(),
        net -> start(spec, stdio, net));
  }

  /** Starts the container; on the bridge ({@code net} not null) in its prepared namespace. */
  private ContainerProcess start(ContainerSpec spec, Stdio stdio, ContainerNetwork net)
      throws IOException {
    Path dir = spec.containerDir().toAbsolutePath();
    String id = id(spec);
    ContainerDirs.create(spec);
    Files.createDirectories(stateRoot);
    EtcFiles etc = EtcFiles.write(spec, net);
    OciBundle.writeConfig(spec, etc, shim, nofileHardLimit(),
        Networking.netnsPath(net));
    if (Files.exists(stateRoot.resolve(id))) {
      deleteContainer(id); // left over from a crash: runc refuses an ID in use
    }
    OverlayRoot root = OverlayRoot.mount(shim, spec.lowerDirs(), dir);
    Path log = dir.resolve(LOG);
    Files.deleteIfExists(log);
    List<String> run = runc("--log", log.toString(), "--log-format", "json", "run", "--bundle",
        dir.toString(), id);
    Process p;
    try {
      p = launcher.start(new ProcessBuilder(onTerminal(spec, spec.tty(), run))
          .redirectInput(stdio.stdin())
          .redirectOutput(stdio.stdout())
          .redirectError(stdio.stderr()));
    } catch (IOException e) {
      root.close();
      throw e;
    }
    return new RuntimeProcess(p, Networking.detachingAfter(net, launcher, () -> {
      deleteContainer(id);
      root.close();
    }), signal -> {
      awaitState(id, p, spec.host().runsInit());
      RuntimeProcess.run(runc("kill", id, signal), p::isAlive);
    }, () -> startError(log), code -> commandExitCode(code, log), diagnostics);
  }

  @Override
  public int exitCode(ContainerSpec spec, int code) {
    return commandExitCode(code, spec.containerDir().toAbsolutePath().resolve(LOG));
  }

  /**
   * Docker's statuses for a command runc could not run (without an init, runc itself execs it
   * and exits 1): 127 when it is not found, 126 when it cannot be invoked, as the shim's.
   */
  static int commandExitCode(int code, Path log) {
    if (code != 1) {
      return code;
    }
    try {
      String error = startError(log).orElse("");
      if (!error.contains("exec: \"")) {
        return code; // runc failed before the command's exec
      }
      if (error.contains("executable file not found") || error.contains("no such file")) {
        return 127;
      }
      return error.contains("permission denied") ? 126 : code;
    } catch (IOException e) {
      return code;
    }
  }

  @Override
  public ContainerProcess exec(ContainerSpec spec, ExecSpec exec, Stdio stdio)
      throws IOException {
    Path state = stateRoot.resolve(id(spec)).resolve("state.json");
    if (!Files.exists(state)) {
      throw new IOException("container " + id(spec) + " is not running");
    }
    if (status(id(spec)).equals("paused")) {
      throw new IOException("container " + id(spec) + " is paused, unpause it before exec");
    }
    Path process = spec.containerDir().toAbsolutePath()
        .resolve("exec-" + UUID.randomUUID() + ".json");
    OciBundle.writeProcess(process, exec, nofileHardLimit(), exec.processOptions(spec.host()));
    try {
      Process p = new ProcessBuilder(
          onTerminal(spec, exec.tty(), withUmask022(runc("exec", "--process",
              process.toString(), id(spec)))))
          .redirectInput(stdio.stdin())
          .redirectOutput(stdio.stdout())
          .redirectError(stdio.stderr())
          .start();
      return new RuntimeProcess(p, () -> Files.deleteIfExists(process), diagnostics);
    } catch (IOException e) {
      Files.deleteIfExists(process);
      throw e;
    }
  }

  /** {@code runc exec --process} with a process file of its own ({@value #PROBE_PROCESS}). */
  @Override
  public List<String> probeCommand(ContainerSpec spec, ExecSpec exec) throws IOException {
    Path process = spec.containerDir().toAbsolutePath().resolve(PROBE_PROCESS);
    // the container's capabilities and limits, as an exec's (Docker's checks are execs)
    OciBundle.writeProcess(process, exec, nofileHardLimit(), spec.host());
    return withUmask022(runc("exec", "--process", process.toString(), id(spec)));
  }

  /**
   * {@code command} started with umask 0022: runc sets it for a container's process, but an
   * exec'd one keeps {@code runc exec}'s own (hoist's), where Docker's start with 0022 as the
   * shim's do. (runc 1.1 applies the bundle's {@code user.umask} to the container's process
   * only, not to an exec: checked with a umask of 0002.) The shell execs the command, so its PID and signals are runc's.
   */
  static List<String> withUmask022(List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "umask 022 && exec \"$@\"",
        "sh"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** runc's {@code init_process_pid}, its {@code state.json} waited for up to a second. */
  @Override
  public Optional<HostProcess> containerInit(ContainerSpec spec) throws IOException {
    Path state = stateRoot.resolve(id(spec)).resolve("state.json");
    for (int i = 0; i < 100; i++) {
      try {
        long pid = STATE_JSON.readTree(state.toFile()).path("init_process_pid").asLong();
        if (pid > 0) {
          return HostProcess.of(pid);
        }
      } catch (IOException e) {
        // not written yet, or being written: look again
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    return Optional.empty();
  }

  @Override
  public void pause(ContainerSpec spec) throws IOException {
    RuntimeProcess.run(runc("pause", id(spec)), () -> true);
  }

  @Override
  public void resume(ContainerSpec spec) throws IOException {
    RuntimeProcess.run(runc("resume", id(spec)), () -> true);
  }

  /**
   * runc's own error (the last {@code "level":"error"} record of its JSON log): it failed to
   * create or start the container, the command never ran.
   */
  static Optional<String> startError(Path log) throws IOException {
    if (!Files.isRegularFile(log)) {
      return Optional.empty();
    }
    Optional<String> error = Optional.empty();
    for (String line : Files.readAllLines(log)) {
      try {
        var record = STATE_JSON.readTree(line);
        if (record != null && record.path("level").asText().equals("error")) {
          error = Optional.of("runc: " + record.path("msg").asText());
        }
      } catch (IOException notJson) {
        // a line of something else: skipped
      }
    }
    return error;
  }

  private static String id(ContainerSpec spec) {
    return spec.containerDir().toAbsolutePath().getFileName().toString();
  }

  private List<String> runc(String... args) {
    List<String> command = new ArrayList<>(List.of(runc.toString(), "--root",
        stateRoot.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** {@code runc state}'s status: created, running, paused, stopped. */
  private String status(String id) throws IOException {
    Process p = new ProcessBuilder(runc("state", id)).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    try {
      if (p.waitFor() != 0) {
        return "stopped";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: runc state", e);
    }
    return STATE_JSON.readTree(out).path("status").asText();
  }

  /**
   * runc in the foreground wants a terminal of its own when the container has one: the shim's
   * {@code --tty-relay} gives it a pty and relays it to hoist's stdio.
   */
  private List<String> onTerminal(ContainerSpec spec, boolean tty, List<String> command) {
    if (!tty) {
      return command;
    }
    List<String> relayed = new ArrayList<>(List.of(shim.toString(), "--tty-relay",
        "--winsize-dir", spec.containerDir().toAbsolutePath().toString()));
    relayed.addAll(command);
    return relayed;
  }

  /**
   * Waits until the container's init is hoist's shim and catches signals: the kernel drops a
   * signal sent to a PID namespace's init that has no handler for it, and between runc's exec
   * of {@code /dev/hoist-shim} and the shim's handlers there is such a window. Without an init
   * ({@code init} false), until runc's own init has become the command. Gives up after 10 s or
   * when runc exited.
   */
  private void awaitState(String id, Process runcRun, boolean init) throws IOException {
    Path state = stateRoot.resolve(id).resolve("state.json");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (runcRun.isAlive() && System.nanoTime() < deadline) {
      try {
        if (Files.exists(state)) {
          long pid = STATE_JSON.readTree(state.toFile()).path("init_process_pid").asLong();
          if (pid > 0 && (init ? initCatchesSignals(pid) : !isRuncInit(pid))) {
            return;
          }
        }
      } catch (IOException e) {
        // being written, or the process is gone: look again
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** runc's own init: {@code runc init}, with runc's {@code argv[0]} as hoist started it. */
  private boolean isRuncInit(long pid) throws IOException {
    return Files.readString(Path.of("/proc/" + pid + "/cmdline"))
        .equals(runc.toString() + "\0init\0");
  }

  private static boolean initCatchesSignals(long pid) throws IOException {
    String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
    if (!cmdline.startsWith(OciBundle.INIT + "\0")) {
      return false; // still runc's own init
    }
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("SigCgt:")) {
        long caught = Long.parseUnsignedLong(line.substring(7).trim(), 16);
        return (caught & (1L << (15 - 1))) != 0; // SIGTERM's handler: all of them are in place
      }
    }
    return false;
  }

  /** What {@link #start}'s process left: runc's container (killed), the root's mount. */
  @Override
  public void removeLeftovers(ContainerSpec spec) throws IOException {
    String id = id(spec);
    try {
      if (Files.exists(stateRoot.resolve(id))) {
        deleteContainer(id);
      }
    } finally {
      OverlayRoot.unmountIfMounted(shim, spec.containerDir().toAbsolutePath());
    }
  }

  /**
   * runc's container of that directory, if runc has one: {@code runc delete} without
   * {@code --force} (its cgroups and state), which refuses one that still runs.
   */
  @Override
  public List<String> removeUnusedLeftovers(Path containerDir) throws IOException {
    String id = containerDir.toAbsolutePath().getFileName().toString();
    if (!Files.exists(stateRoot.resolve(id))) {
      return List.of();
    }
    try {
      RuntimeProcess.run(runc("delete", id), () -> true);
      return List.of();
    } catch (IOException e) {
      return List.of("runc's container " + id + " (" + e.getMessage() + ")");
    }
  }

  private void deleteContainer(String id) throws IOException {
    RuntimeProcess.run(runc("delete", "--force", id), () -> false);
  }

  /** The hard RLIMIT_NOFILE of this process (the container's may not exceed it). */
  static long nofileHardLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String[] f = line.substring("Max open files".length()).trim().split("\\s+");
          return f[1].equals("unlimited") ? 1048576L : Long.parseLong(f[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return 1024;
  }
}
