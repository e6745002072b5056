package dev.hoist.internal.runtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One container as {@code $HOIST_HOME/containers/<id>/state.json} records it (JSON, replaced
 * atomically). The status is the last one hoist wrote; {@link ContainerStore} completes it with
 * the container's exit file ({@code exit}) and whether its process still lives.
 *
 * @param id 64 hex digits
 * @param name unique name ({@code adjective_name} unless given)
 * @param image the image as the user named it
 * @param imageId the image's config digest (Docker's image ID)
 * @param created creation time, RFC 3339
 * @param runtime {@code hoist} or {@code runc}
 * @param status what the container is doing
 * @param pid host PID of the runtime process (0 when none)
 * @param pidStart that process's start time in clock ticks ({@code /proc/PID/stat} field 22),
 *     so that a reused PID is never taken for the container
 * @param waiterPid host PID of the process that waits for the runtime process and records the
 *     exit (the foreground {@code hoist run}, or the monitor of a detached container)
 * @param waiterStart that process's start time in clock ticks
 * @param exitCode the exit status once exited (128+N after signal N)
 * @param startedAt last start, RFC 3339
 * @param finishedAt last exit, RFC 3339
 * @param autoRemove {@code --rm}
 * @param detached started with the monitor (logs kept in the log file)
 * @param stopSignal the image's STOPSIGNAL, or null for SIGTERM
 * @param diffIds the image's layers, base first (kept from garbage collection)
 * @param volumes names of the volumes it mounts
 * @param spec how its process runs
 * @param config its entrypoint and command apart, {@code -i} ({@link CreateConfig}); null in a
 *     state.json written before it
 * @param restartPolicy {@code --restart} (null, as in a state.json older than it: {@code no})
 * @param restartCount how many times the monitor restarted it since its last start by the user
 *     (Docker's {@code RestartCount}); while the monitor waits to restart it, the status is
 *     {@link Status#RESTARTING} (Docker's {@code State.Restarting})
 * @param oomKilled the kernel's OOM killer killed one of its processes before its last exit
 *     (Docker's {@code State.OOMKilled}); false again at the next start
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerState(
    String id,
    String name,
    String image,
    String imageId,
    String created,
    String runtime,
    Status status,
    long pid,
    long pidStart,
    long waiterPid,
    long waiterStart,
    Integer exitCode,
    String startedAt,
    String finishedAt,
    boolean autoRemove,
    boolean detached,
    String stopSignal,
    List<String> diffIds,
    List<String> volumes,
    ContainerSpec spec,
    CreateConfig config,
    RestartPolicy restartPolicy,
    int restartCount,
    boolean oomKilled) {

  /** The states Docker shows. */
  public enum Status {
    @JsonProperty("created") CREATED,
    @JsonProperty("running") RUNNING,
    @JsonProperty("paused") PAUSED,
    @JsonProperty("exited") EXITED,
    /** Exited; its monitor restarts it after the back-off ({@code --restart}). */
    @JsonProperty("restarting") RESTARTING;

    /** As {@code docker inspect}'s {@code State.Status}. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ContainerState {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
  }

  /** Without a restart policy (as before {@code --restart}). */
  /** Without a {@link CreateConfig} or a restart policy (as a state.json written before them). */
  public ContainerState(String id, String name, String image, String imageId, String created,
      String runtime, Status status, long pid, long pidStart, long waiterPid, long waiterStart,
      Integer exitCode, String startedAt, String finishedAt, boolean autoRemove,
      boolean detached, String stopSignal, List<String> diffIds, List<String> volumes,
      ContainerSpec spec) {
    this(id, name, image, imageId, created, runtime, status, pid, pidStart, waiterPid,
        waiterStart, exitCode, startedAt, finishedAt, autoRemove, detached, stopSignal, diffIds,
        volumes, spec, null);
  }

  /** A new container: no restart policy yet ({@link #withRestartPolicy}), no restarts. */
  public ContainerState(String id, String name, String image, String imageId, String created,
      String runtime, Status status, long pid, long pidStart, long waiterPid, long waiterStart,
      Integer exitCode, String startedAt, String finishedAt, boolean autoRemove,
      boolean detached, String stopSignal, List<String> diffIds, List<String> volumes,
      ContainerSpec spec, CreateConfig config) {
    this(id, name, image, imageId, created, runtime, status, pid, pidStart, waiterPid,
        waiterStart, exitCode, startedAt, finishedAt, autoRemove, detached, stopSignal, diffIds,
        volumes, spec, config, RestartPolicy.NO, 0, false);
  }

  /** The first 12 hex digits, as {@code docker ps} shows IDs. */
  @JsonIgnore
  public String shortId() {
    return id.substring(0, 12);
  }

  /** Running or paused: its process exists. */
  @JsonIgnore
  public boolean isActive() {
    return status == Status.RUNNING || status == Status.PAUSED;
  }

  /** The runtime process. */
  public HostProcess process() {
    return new HostProcess(pid, pidStart);
  }

  /** The process that records the exit. */
  public HostProcess waiter() {
    return new HostProcess(waiterPid, waiterStart);
  }

  public ContainerState withStatus(Status next) {
    return new ContainerState(id, name, image, imageId, created, runtime, next, pid, pidStart,
        waiterPid, waiterStart, exitCode, startedAt, finishedAt, autoRemove, detached, stopSignal, diffIds, volumes,
        spec, config, restartPolicy, restartCount, oomKilled);
  }

  /** With {@code --restart}'s policy. */
  public ContainerState withRestartPolicy(RestartPolicy policy) {
    return new ContainerState(id, name, image, imageId, created, runtime, status, pid, pidStart,
        waiterPid, waiterStart, exitCode, startedAt, finishedAt, autoRemove, detached,
        stopSignal, diffIds, volumes, spec, config, policy, restartCount, oomKilled);
  }

  /** With another spec ({@code hoist update}'s limits). */
  public ContainerState withSpec(ContainerSpec next) {
    return new ContainerState(id, name, image, imageId, created, runtime, status, pid, pidStart,
        waiterPid, waiterStart, exitCode, startedAt, finishedAt, autoRemove, detached,
        stopSignal, diffIds, volumes, next, config, restartPolicy, restartCount, oomKilled);
  }

  /**
   * Exited ({@code oom}: killed by the OOM killer), to be restarted by its monitor (waiting for
   * it, which stays): one restart more.
   */
  public ContainerState restarting(int code, String at, boolean oom) {
    return new ContainerState(id, name, image, imageId, created, runtime, Status.RESTARTING, 0,
        0, waiterPid, waiterStart, code, startedAt, at, autoRemove, detached, stopSignal, diffIds,
        volumes, spec, config, restartPolicy, restartCount + 1, oom);
  }

  /** Started by the user ({@code start}, {@code run}): no restarts yet. */
  public ContainerState withRestartsReset() {
    return restartCount == 0 ? this : new ContainerState(id, name, image, imageId, created,
        runtime, status, pid, pidStart, waiterPid, waiterStart, exitCode, startedAt, finishedAt,
        autoRemove, detached, stopSignal, diffIds, volumes, spec, config, restartPolicy, 0,
        oomKilled);
  }

  /** The same container under another name ({@code hoist rename}). */
  public ContainerState withName(String next) {
    return new ContainerState(id, next, image, imageId, created, runtime, status, pid, pidStart,
        waiterPid, waiterStart, exitCode, startedAt, finishedAt, autoRemove, detached, stopSignal,
        diffIds, volumes, spec, config, restartPolicy, restartCount, oomKilled);
  }

  /** Its labels: those recorded at create, or (recorded before labels) none. */
  @JsonIgnore
  public java.util.Map<String, String> labels() {
    return config == null || config.labels() == null ? java.util.Map.of() : config.labels();
  }

  public ContainerState started(HostProcess process, HostProcess waiter, String at,
      boolean withMonitor) {
    return new ContainerState(id, name, image, imageId, created, runtime, Status.RUNNING,
        process.pid(), process.startTicks(), waiter.pid(), waiter.startTicks(), null, at, null, autoRemove, withMonitor, stopSignal, diffIds, volumes,
        spec, config, restartPolicy, restartCount, false);
  }

  /** Exited with {@code code} at {@code at}; {@code oom}: killed by the OOM killer. */
  public ContainerState exited(int code, String at, boolean oom) {
    return new ContainerState(id, name, image, imageId, created, runtime, Status.EXITED, 0, 0,
        0, 0, code, startedAt, at, autoRemove, detached, stopSignal, diffIds, volumes, spec, config,
        restartPolicy, restartCount, oom);
  }
}
