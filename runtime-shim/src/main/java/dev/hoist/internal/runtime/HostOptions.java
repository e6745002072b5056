package dev.hoist.internal.runtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code run}/{@code create} flags that loosen or tune a container's confinement, as Docker
 * keeps them in {@code HostConfig}; both runtimes apply them ({@link ShimConfig#host},
 * {@link OciBundle}). The default is Docker's default confinement.
 *
 * @param capAdd {@code --cap-add}, as given
 * @param capDrop {@code --cap-drop}, as given
 * @param privileged {@code --privileged}: every capability hoist holds, no seccomp filter, no
 *     masked or read-only paths, {@code /sys} writable, the host's devices, every device allowed
 * @param noNewPrivileges false only with {@code --security-opt no-new-privileges=false}
 * @param groupAdd {@code --group-add}, as given (the spec's groups hold their numbers)
 * @param ulimits {@code --ulimit}
 * @param shmSizeBytes {@code --shm-size}; 0: Docker's 64 MiB
 * @param sysctls {@code --sysctl}, namespaced ones only ({@link Sysctls})
 * @param oomScoreAdj {@code --oom-score-adj}
 * @param devices {@code --device}
 * @param stopTimeout {@code --stop-timeout} in seconds (-1: wait for ever); null: Docker's 10
 * @param stopSignal {@code --stop-signal}; null: the image's STOPSIGNAL, else SIGTERM
 * @param containerIdFile {@code --cidfile}, where the ID was written at create; null: none
 * @param namespaces {@code --pid}, {@code --ipc}, {@code --uts}
 * @param extras {@code --memory-swap}, {@code --cpu-shares}, {@code --cpuset-cpus},
 *     {@code --cpuset-mems}, {@code --cpu-period}, {@code --cpu-quota},
 *     {@code --memory-reservation}, {@code --oom-kill-disable}, {@code --blkio-weight}
 * @param init Docker's {@code HostConfig.Init}: true ({@code --init}) runs an init as PID 1 that
 *     forwards signals and reaps orphans (the shim's); false or null (Docker's default) runs the
 *     command itself as PID 1
 */
public record HostOptions(List<String> capAdd, List<String> capDrop, boolean privileged,
    boolean noNewPrivileges, List<String> groupAdd, List<Ulimit> ulimits, long shmSizeBytes,
    Map<String, String> sysctls, int oomScoreAdj, List<DeviceMapping> devices,
    Integer stopTimeout, String stopSignal, String containerIdFile, NamespaceModes namespaces,
    ResourceExtras extras, Boolean init) {
  public static final HostOptions DEFAULT = new HostOptions(List.of(), List.of(), false, true,
      List.of(), List.of(), 0, Map.of(), 0, List.of(), null, null, null, NamespaceModes.PRIVATE,
      ResourceExtras.NONE, null);
  /** Docker's size of {@code /dev/shm}. */
  public static final long DEFAULT_SHM_BYTES = 64L * 1024 * 1024;

  public HostOptions {
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
    ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
    sysctls = sysctls == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new TreeMap<>(sysctls));
    devices = devices == null ? List.of() : List.copyOf(devices);
    namespaces = namespaces == null ? NamespaceModes.PRIVATE : namespaces;
    extras = extras == null ? ResourceExtras.NONE : extras;
    for (String name : sysctls.keySet()) {
      boolean ipc = !name.startsWith("net.");
      String mode = namespaces.ipc();
      if (ipc && (mode.equals("host") || mode.startsWith(NamespaceModes.CONTAINER))) {
        throw new IllegalArgumentException("sysctl '" + name + "' is not allowed with --ipc "
            + mode + ": the IPC namespace is not the container's own");
      }
    }
    if (shmSizeBytes < 0) {
      throw new IllegalArgumentException("--shm-size must not be negative");
    }
    if (oomScoreAdj < -1000 || oomScoreAdj > 1000) {
      throw new IllegalArgumentException("invalid value " + oomScoreAdj
          + " for --oom-score-adj: it must be between -1000 and 1000");
    }
    if (stopTimeout != null && stopTimeout < -1) {
      throw new IllegalArgumentException("--stop-timeout must be -1 (wait forever) or more");
    }
    if (stopSignal != null && !stopSignal.toUpperCase(java.util.Locale.ROOT)
        .matches("(SIG)?[A-Z]+[0-9]*([+-][0-9]+)?|[0-9]{1,2}")) {
      throw new IllegalArgumentException("invalid signal: " + stopSignal);
    }
  }

  /** How long {@code stop} waits before SIGKILL when not told: {@code --stop-timeout} or 10 s. */
  @JsonIgnore
  public java.time.Duration stopWait() {
    if (stopTimeout == null) {
      return java.time.Duration.ofSeconds(10);
    }
    return stopTimeout < 0 ? java.time.Duration.ofDays(365 * 100)
        : java.time.Duration.ofSeconds(stopTimeout);
  }

  /** The container's capabilities ({@link Capabilities#of}). */
  @JsonIgnore
  public List<String> capabilities() {
    return Capabilities.of(capAdd, capDrop, privileged);
  }

  /** A builder from Docker's default confinement ({@link #DEFAULT}). */
  public static Builder builder() {
    return DEFAULT.toBuilder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link HostOptions}; {@link #build} checks them as the constructor does. */
  public static final class Builder {
    private List<String> capAdd;
    private List<String> capDrop;
    private boolean privileged;
    private boolean noNewPrivileges;
    private List<String> groupAdd;
    private List<Ulimit> ulimits;
    private long shmSizeBytes;
    private Map<String, String> sysctls;
    private int oomScoreAdj;
    private List<DeviceMapping> devices;
    private Integer stopTimeout;
    private String stopSignal;
    private String containerIdFile;
    private NamespaceModes namespaces;
    private ResourceExtras extras;
    private Boolean init;

    private Builder(HostOptions o) {
      capAdd = o.capAdd;
      capDrop = o.capDrop;
      privileged = o.privileged;
      noNewPrivileges = o.noNewPrivileges;
      groupAdd = o.groupAdd;
      ulimits = o.ulimits;
      shmSizeBytes = o.shmSizeBytes;
      sysctls = o.sysctls;
      oomScoreAdj = o.oomScoreAdj;
      devices = o.devices;
      stopTimeout = o.stopTimeout;
      stopSignal = o.stopSignal;
      containerIdFile = o.containerIdFile;
      namespaces = o.namespaces;
      extras = o.extras;
      init = o.init;
    }

    public Builder capAdd(List<String> v) {
      capAdd = v;
      return this;
    }

    public Builder capDrop(List<String> v) {
      capDrop = v;
      return this;
    }

    public Builder privileged(boolean v) {
      privileged = v;
      return this;
    }

    public Builder noNewPrivileges(boolean v) {
      noNewPrivileges = v;
      return this;
    }

    public Builder groupAdd(List<String> v) {
      groupAdd = v;
      return this;
    }

    public Builder ulimits(List<Ulimit> v) {
      ulimits = v;
      return this;
    }

    public Builder shmSizeBytes(long v) {
      shmSizeBytes = v;
      return this;
    }

    public Builder sysctls(Map<String, String> v) {
      sysctls = v;
      return this;
    }

    public Builder oomScoreAdj(int v) {
      oomScoreAdj = v;
      return this;
    }

    public Builder devices(List<DeviceMapping> v) {
      devices = v;
      return this;
    }

    public Builder stopTimeout(Integer v) {
      stopTimeout = v;
      return this;
    }

    public Builder stopSignal(String v) {
      stopSignal = v;
      return this;
    }

    public Builder containerIdFile(String v) {
      containerIdFile = v;
      return this;
    }

    public Builder namespaces(NamespaceModes v) {
      namespaces = v;
      return this;
    }

    /** Cgroup extras ({@code hoist update} changes them). */
    public Builder extras(ResourceExtras v) {
      extras = v;
      return this;
    }

    /** {@code HostConfig.Init} (null: the default). */
    public Builder init(Boolean v) {
      init = v;
      return this;
    }

    public HostOptions build() {
      return new HostOptions(capAdd, capDrop, privileged, noNewPrivileges, groupAdd, ulimits,
          shmSizeBytes, sysctls, oomScoreAdj, devices, stopTimeout, stopSignal,
          containerIdFile, namespaces, extras, init);
    }
  }

  /** Whether an init is PID 1 ({@code --init}); Docker's default is the command itself. */
  @JsonIgnore
  public boolean runsInit() {
    return Boolean.TRUE.equals(init);
  }

  /** The size of {@code /dev/shm} in bytes. */
  @JsonIgnore
  public long shmBytes() {
    return shmSizeBytes > 0 ? shmSizeBytes : DEFAULT_SHM_BYTES;
  }
}
