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
 * @param volumesFrom {@code --volumes-from} as given ({@code CONTAINER[:MODE]}: Docker's
 *     {@code HostConfig.VolumesFrom})
 * @param inheritedMounts the targets of the spec's mounts that {@code --volumes-from} took from
 *     other containers ({@link InheritedMount}): not its own {@code Binds}
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
    boolean oomKilled,
    List<String> volumesFrom,
    List<String> inheritedMounts) {

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
    volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
    inheritedMounts = inheritedMounts == null ? List.of() : List.copyOf(inheritedMounts);
  }

  /**
   * The volume {@code mount} (one of its spec's) is, when its source is the data directory of a
   * volume it uses ({@code volumes/NAME/_data}); null for a host path.
   */
  public String volumeOf(BindMount mount) {
    java.nio.file.Path parent = mount.source().getParent();
    if (parent == null || parent.getFileName() == null
        || !mount.source().getFileName().toString().equals("_data")) {
      return null;
    }
    String name = parent.getFileName().toString();
    return volumes.contains(name) ? name : null;
  }

  /**
   * A new container's state: status {@link Status#CREATED}, no process, no restart policy
   * ({@link RestartPolicy#NO}); the rest from the builder's setters.
   */
  public static Builder builder(String id, String name) {
    return new Builder(id, name);
  }

  /** A builder that starts from this state. */
  public Builder toBuilder() {
    return new Builder(id, name).image(image).imageId(imageId).created(created).runtime(runtime)
        .status(status).process(process()).waiter(waiter()).exitCode(exitCode)
        .startedAt(startedAt).finishedAt(finishedAt).autoRemove(autoRemove).detached(detached)
        .stopSignal(stopSignal).diffIds(diffIds).volumes(volumes).spec(spec).config(config)
        .restartPolicy(restartPolicy).restartCount(restartCount).oomKilled(oomKilled)
        .volumesFrom(volumesFrom).inheritedMounts(inheritedMounts);
  }

  /** Builds a {@link ContainerState}: each setter names the component it sets. */
  public static final class Builder {
    private final String id;
    private String name;
    private String image;
    private String imageId;
    private String created;
    private String runtime;
    private Status status = Status.CREATED;
    private HostProcess process = NO_PROCESS;
    private HostProcess waiter = NO_PROCESS;
    private Integer exitCode;
    private String startedAt;
    private String finishedAt;
    private boolean autoRemove;
    private boolean detached;
    private String stopSignal;
    private List<String> diffIds = List.of();
    private List<String> volumes = List.of();
    private ContainerSpec spec;
    private CreateConfig config;
    private RestartPolicy restartPolicy = RestartPolicy.NO;
    private int restartCount;
    private boolean oomKilled;
    private List<String> volumesFrom = List.of();
    private List<String> inheritedMounts = List.of();

    private Builder(String id, String name) {
      this.id = Objects.requireNonNull(id, "id");
      this.name = name;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder image(String value) {
      image = value;
      return this;
    }

    public Builder imageId(String value) {
      imageId = value;
      return this;
    }

    public Builder created(String value) {
      created = value;
      return this;
    }

    public Builder runtime(String value) {
      runtime = value;
      return this;
    }

    public Builder status(Status value) {
      status = value;
      return this;
    }

    /** The runtime process ({@code pid}, {@code pidStart}); {@code 0, 0}: none. */
    public Builder process(HostProcess value) {
      process = value;
      return this;
    }

    /** The process that records the exit ({@code waiterPid}, {@code waiterStart}). */
    public Builder waiter(HostProcess value) {
      waiter = value;
      return this;
    }

    public Builder exitCode(Integer value) {
      exitCode = value;
      return this;
    }

    public Builder startedAt(String value) {
      startedAt = value;
      return this;
    }

    public Builder finishedAt(String value) {
      finishedAt = value;
      return this;
    }

    public Builder autoRemove(boolean value) {
      autoRemove = value;
      return this;
    }

    public Builder detached(boolean value) {
      detached = value;
      return this;
    }

    public Builder stopSignal(String value) {
      stopSignal = value;
      return this;
    }

    public Builder diffIds(List<String> value) {
      diffIds = value;
      return this;
    }

    public Builder volumes(List<String> value) {
      volumes = value;
      return this;
    }

    public Builder spec(ContainerSpec value) {
      spec = value;
      return this;
    }

    public Builder config(CreateConfig value) {
      config = value;
      return this;
    }

    public Builder restartPolicy(RestartPolicy value) {
      restartPolicy = value;
      return this;
    }

    public Builder restartCount(int value) {
      restartCount = value;
      return this;
    }

    public Builder oomKilled(boolean value) {
      oomKilled = value;
      return this;
    }

    public Builder volumesFrom(List<String> value) {
      volumesFrom = value;
      return this;
    }

    public Builder inheritedMounts(List<String> value) {
      inheritedMounts = value;
      return this;
    }

    public ContainerState build() {
      return new ContainerState(id, name, image, imageId, created, runtime, status,
          process.pid(), process.startTicks(), waiter.pid(), waiter.startTicks(), exitCode,
          startedAt, finishedAt, autoRemove, detached, stopSignal, diffIds, volumes, spec, config,
          restartPolicy, restartCount, oomKilled, volumesFrom, inheritedMounts);
    }
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
    return toBuilder().status(next).build();
  }

  /** With {@code --restart}'s policy. */
  public ContainerState withRestartPolicy(RestartPolicy policy) {
    return toBuilder().restartPolicy(policy).build();
  }

  /** With another spec ({@code hoist update}'s limits). */
  public ContainerState withSpec(ContainerSpec next) {
    return toBuilder().spec(next).build();
  }

  /**
   * Exited ({@code oom}: killed by the OOM killer), to be restarted by its monitor (waiting for
   * it, which stays): one restart more.
   */
  public ContainerState restarting(int code, String at, boolean oom) {
    return toBuilder().status(Status.RESTARTING).process(NO_PROCESS).exitCode(code)
        .finishedAt(at).restartCount(restartCount + 1).oomKilled(oom).build();
  }

  /** Started by the user ({@code start}, {@code run}): no restarts yet. */
  public ContainerState withRestartsReset() {
    return restartCount == 0 ? this : toBuilder().restartCount(0).build();
  }

  /** The same container under another name ({@code hoist rename}). */
  public ContainerState withName(String next) {
    return toBuilder().name(next).build();
  }

  /** Its labels: those recorded at create, or (recorded before labels) none. */
  @JsonIgnore
  public java.util.Map<String, String> labels() {
    return config == null || config.labels() == null ? java.util.Map.of() : config.labels();
  }

  public ContainerState started(HostProcess process, HostProcess waiter, String at,
      boolean withMonitor) {
    return toBuilder().status(Status.RUNNING).process(process).waiter(waiter).exitCode(null)
        .startedAt(at).finishedAt(null).detached(withMonitor).oomKilled(false).build();
  }

  /** Exited with {@code code} at {@code at}; {@code oom}: killed by the OOM killer. */
  public ContainerState exited(int code, String at, boolean oom) {
    return toBuilder().status(Status.EXITED).process(NO_PROCESS).waiter(NO_PROCESS)
        .exitCode(code).finishedAt(at).oomKilled(oom).build();
  }

  private static final HostProcess NO_PROCESS = new HostProcess(0, 0);
}
