package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs containers. {@link ShimRuntime} uses hoist's own native shim; {@link RuncRuntime} drives
 * runc through a generated OCI bundle; {@link Runtimes#named} picks one by name. Both pass the
 * same behavioural test suite.
 *
 * <p>A container is identified by its {@link ContainerSpec#containerDir()}; its file name is the
 * container's ID (the OCI runtime's container ID).
 *
 * <p>Note: inside this package the name shadows {@code java.lang.Runtime}.
 */
public interface Runtime {
  /** A short name for messages and {@code --runtime}: {@code hoist} or {@code runc}. */
  String name();

  /**
   * Starts the container's process; the returned handle waits for it and signals it. The
   * container (its namespaces, mounts and cgroups) ends when that process ends.
   */
  ContainerProcess start(ContainerSpec spec, Stdio stdio) throws IOException;

  /** Starts a further process in the running container {@code spec} ({@code hoist exec}). */
  ContainerProcess exec(ContainerSpec spec, ExecSpec exec, Stdio stdio) throws IOException;

  /**
   * The command line that runs {@code exec} in the running container {@code spec} when another
   * program runs it (with an empty environment), as often as it likes, while the container
   * runs: the monitor's health checks. Its
   * files stay in the container's directory (replaced at its next start).
   */
  default List<String> probeCommand(ContainerSpec spec, ExecSpec exec) throws IOException {
    throw new UnsupportedOperationException("runtime " + name() + " cannot run health checks");
  }

  /**
   * The running container's init as the host sees it (a moment after a start, once the runtime
   * has made it); empty when this runtime cannot tell. The health checks end, and count no
   * failure, once it has ended: a runtime tears a container down for a while after its init.
   */
  default Optional<HostProcess> containerInit(ContainerSpec spec) throws IOException {
    return Optional.empty();
  }

  /** Freezes every process of the running container (cgroup freezer). */
  void pause(ContainerSpec spec) throws IOException;

  /** Thaws a paused container. */
  void resume(ContainerSpec spec) throws IOException;

  /**
   * This runtime, its container processes started by {@code launcher} (which also owns their
   * network): {@link MonitorChannel} for a detached container, whose monitor runs the process.
   */
  Runtime launchingWith(Launcher launcher);

  /**
   * The exit code to record for a detached container whose process ended with {@code code}:
   * Docker's 127 and 126 for a command that could not be found or run, where the runtime
   * reports its own failure instead (runc's 1). Read before {@link #cleanUpAfterExit}.
   */
  default int exitCode(ContainerSpec spec, int code) {
    return code;
  }

  /**
   * Gives the terminal of {@code process} (a process of the running container {@code spec} that
   * this runtime started with a terminal: the container's own or an exec's) the size
   * {@code size}: true when the process was told, false when it has ended. Both runtimes' such
   * processes are hoist's shim (the container's outer shim, or the terminal relay that runs runc)
   * with a {@code winsize-dir}: the size is written there ({@link TerminalSize}), then SIGWINCH.
   */
  default boolean resize(ContainerSpec spec, HostProcess process, TerminalSize size)
      throws IOException {
    return size.applyTo(spec.containerDir().toAbsolutePath(), process);
  }

  /**
   * Removes what a container this runtime started left once its process has exited (cgroups,
   * mounts, the runtime's own state, its network), from the container's directory alone: the
   * clean-up of a detached container, run after its exit by the monitor's exit step, in a
   * process other than the one that started it.
   */
  default void cleanUpAfterExit(ContainerSpec spec) throws IOException {
    Networking.detachingAfterExit(spec, () -> removeLeftovers(spec)).run();
  }

  /**
   * Removes what the container's process left outside its network (the shim's cgroups; runc's
   * container state and the root's mount), from the container's directory alone, for
   * {@link #cleanUpAfterExit} and for {@code rm} of a container whose waiting process died
   * before it cleaned up (a killed monitor). What is gone already is no error, so calling it
   * for a container cleaned up before costs a few file checks.
   */
  void removeLeftovers(ContainerSpec spec) throws IOException;

  /**
   * Removes what a container of this runtime left that no process uses, from its directory
   * alone (named by its ID), for {@code rm} of a container whose record cannot be read (no
   * spec): nothing is killed, so what still holds a process stays. Returns what it left
   * (empty: nothing), to be named in a warning.
   */
  List<String> removeUnusedLeftovers(Path containerDir) throws IOException;
}
