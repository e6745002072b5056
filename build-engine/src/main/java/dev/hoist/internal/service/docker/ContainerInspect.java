package dev.hoist.internal.service.docker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code docker container inspect}'s object, the Engine API's {@code ContainerInspectResponse}:
 * the container's process ({@code Path} and {@code Args}: entrypoint and command together, as
 * Docker's), {@link State}, the image's ID, the files hoist writes for it, {@link HostConfig}
 * (the run options as Docker names them), its layers, {@link MountPoint}s, its {@link RunConfig}
 * (entrypoint and command apart) and {@link NetworkSettings}.
 *
 * @param created RFC 3339 with nanoseconds
 * @param image the image's ID ({@code sha256:…})
 * @param logPath the log of a detached container, empty for one that ran in the foreground
 * @param name {@code /NAME}, as Docker's
 * @param sizeRw with {@code -s}: the bytes the container wrote (its upper directory)
 * @param sizeRootFs with {@code -s}: those and its image's unpacked layers
 */
public record ContainerInspect(
    @JsonProperty("Id") String id,
    @JsonProperty("Created") String created,
    @JsonProperty("Path") String path,
    @JsonProperty("Args") List<String> args,
    @JsonProperty("State") State state,
    @JsonProperty("Image") String image,
    @JsonProperty("ResolvConfPath") String resolvConfPath,
    @JsonProperty("HostnamePath") String hostnamePath,
    @JsonProperty("HostsPath") String hostsPath,
    @JsonProperty("LogPath") String logPath,
    @JsonProperty("Name") String name,
    @JsonProperty("RestartCount") int restartCount,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Platform") String platform,
    @JsonProperty("MountLabel") String mountLabel,
    @JsonProperty("ProcessLabel") String processLabel,
    @JsonProperty("AppArmorProfile") String appArmorProfile,
    @JsonProperty("ExecIDs") List<String> execIds,
    @JsonProperty("HostConfig") HostConfig hostConfig,
    @JsonProperty("GraphDriver") GraphDriver graphDriver,
    @JsonProperty("SizeRw") @JsonInclude(Include.NON_NULL) Long sizeRw,
    @JsonProperty("SizeRootFs") @JsonInclude(Include.NON_NULL) Long sizeRootFs,
    @JsonProperty("Mounts") List<MountPoint> mounts,
    @JsonProperty("Config") RunConfig config,
    @JsonProperty("NetworkSettings") NetworkSettings networkSettings) {

  /** This inspect with the sizes {@code -s} asks for. */
  public ContainerInspect withSizes(long rw, long rootFs) {
    return new ContainerInspect(id, created, path, args, state, image, resolvConfPath,
        hostnamePath, hostsPath, logPath, name, restartCount, driver, platform, mountLabel,
        processLabel, appArmorProfile, execIds, hostConfig, graphDriver, rw, rootFs, mounts,
        config, networkSettings);
  }

  /**
   * Docker's {@code ContainerState}.
   *
   * @param status {@code created}, {@code running}, {@code paused}, {@code restarting},
   *     {@code removing}, {@code exited} or {@code dead}
   * @param pid the process's host PID while it runs, else 0
   * @param startedAt last start, {@link DockerTime#ZERO} before the first
   * @param finishedAt last exit, {@link DockerTime#ZERO} before the first
   * @param health only for a container with a health check
   */
  public record State(
      @JsonProperty("Status") String status,
      @JsonProperty("Running") boolean running,
      @JsonProperty("Paused") boolean paused,
      @JsonProperty("Restarting") boolean restarting,
      @JsonProperty("OOMKilled") boolean oomKilled,
      @JsonProperty("Dead") boolean dead,
      @JsonProperty("Pid") long pid,
      @JsonProperty("ExitCode") int exitCode,
      @JsonProperty("Error") String error,
      @JsonProperty("StartedAt") String startedAt,
      @JsonProperty("FinishedAt") String finishedAt,
      @JsonProperty("Health") @JsonInclude(Include.NON_NULL) Health health) {}

  /**
   * Docker's {@code Health}: {@code starting}, {@code healthy} or {@code unhealthy}, the
   * current streak of failed checks and the last results (Docker keeps five).
   */
  public record Health(
      @JsonProperty("Status") String status,
      @JsonProperty("FailingStreak") int failingStreak,
      @JsonProperty("Log") List<HealthcheckResult> log) {
    public Health {
      log = List.copyOf(log);
    }
  }

  /** One run of a health check: when it started and ended (RFC 3339), its exit code, output. */
  public record HealthcheckResult(
      @JsonProperty("Start") String start,
      @JsonProperty("End") String end,
      @JsonProperty("ExitCode") int exitCode,
      @JsonProperty("Output") String output) {}

  /** Docker's {@code MountPoint}: one of the container's mounts as it runs. */
  public record MountPoint(
      @JsonProperty("Type") String type,
      @JsonProperty("Name") @JsonInclude(Include.NON_NULL) String name,
      @JsonProperty("Source") String source,
      @JsonProperty("Destination") String destination,
      @JsonProperty("Driver") @JsonInclude(Include.NON_NULL) String driver,
      @JsonProperty("Mode") String mode,
      @JsonProperty("RW") boolean rw,
      @JsonProperty("Propagation") String propagation) {}

  /** Docker's {@code RestartPolicy}: {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure}. */
  public record RestartPolicy(
      @JsonProperty("Name") String name,
      @JsonProperty("MaximumRetryCount") int maximumRetryCount) {
    /** Not restarted (Docker's default). */
    public static final RestartPolicy NO = new RestartPolicy("no", 0);
  }

  /** Docker's {@code LogConfig}: the log driver and its options. */
  public record LogConfig(
      @JsonProperty("Type") String type,
      @JsonProperty("Config") Map<String, String> config) {}

  /** Docker's {@code PortBinding}: a host address and port (a string, as Docker's). */
  public record PortBinding(
      @JsonProperty("HostIp") String hostIp,
      @JsonProperty("HostPort") String hostPort) {}

  /**
   * Docker's {@code HostConfig}: the options of {@code docker run} that depend on the host, with
   * Docker's names and zero values for what hoist does not offer.
   *
   * @param binds {@code -v} bind mounts and named volumes, {@code SOURCE:TARGET[:ro]}; null when none
   * @param memory bytes, 0: no limit
   * @param nanoCpus CPUs in billionths, 0: no limit
   * @param pidsLimit null: no limit
   * @param tmpfs tmpfs mounts: target to options; omitted when none
   */
  public record HostConfig(
      @JsonProperty("Binds") List<String> binds,
      @JsonProperty("ContainerIDFile") String containerIdFile,
      @JsonProperty("LogConfig") LogConfig logConfig,
      @JsonProperty("NetworkMode") String networkMode,
      @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
      @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
      @JsonProperty("AutoRemove") boolean autoRemove,
      @JsonProperty("VolumeDriver") String volumeDriver,
      @JsonProperty("VolumesFrom") List<String> volumesFrom,
      @JsonProperty("ConsoleSize") List<Integer> consoleSize,
      @JsonProperty("CapAdd") List<String> capAdd,
      @JsonProperty("CapDrop") List<String> capDrop,
      @JsonProperty("CgroupnsMode") String cgroupnsMode,
      @JsonProperty("Dns") List<String> dns,
      @JsonProperty("DnsOptions") List<String> dnsOptions,
      @JsonProperty("DnsSearch") List<String> dnsSearch,
      @JsonProperty("ExtraHosts") List<String> extraHosts,
      @JsonProperty("GroupAdd") List<String> groupAdd,
      @JsonProperty("IpcMode") String ipcMode,
      @JsonProperty("Cgroup") String cgroup,
      @JsonProperty("Links") List<String> links,
      @JsonProperty("OomScoreAdj") int oomScoreAdj,
      @JsonProperty("PidMode") String pidMode,
      @JsonProperty("Privileged") boolean privileged,
      @JsonProperty("PublishAllPorts") boolean publishAllPorts,
      @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
      @JsonProperty("SecurityOpt") List<String> securityOpt,
      @JsonProperty("Tmpfs") @JsonInclude(Include.NON_NULL) Map<String, String> tmpfs,
      @JsonProperty("UTSMode") String utsMode,
      @JsonProperty("UsernsMode") String usernsMode,
      @JsonProperty("ShmSize") long shmSize,
      @JsonProperty("Runtime") String runtime,
      @JsonProperty("Isolation") String isolation,
      @JsonProperty("CpuShares") long cpuShares,
      @JsonProperty("Memory") long memory,
      @JsonProperty("NanoCpus") long nanoCpus,
      @JsonProperty("CgroupParent") String cgroupParent,
      @JsonProperty("BlkioWeight") int blkioWeight,
      @JsonProperty("BlkioWeightDevice") List<Object> blkioWeightDevice,
      @JsonProperty("BlkioDeviceReadBps") List<Object> blkioDeviceReadBps,
      @JsonProperty("BlkioDeviceWriteBps") List<Object> blkioDeviceWriteBps,
      @JsonProperty("BlkioDeviceReadIOps") List<Object> blkioDeviceReadIOps,
      @JsonProperty("BlkioDeviceWriteIOps") List<Object> blkioDeviceWriteIOps,
      @JsonProperty("CpuPeriod") long cpuPeriod,
      @JsonProperty("CpuQuota") long cpuQuota,
      @JsonProperty("CpusetCpus") String cpusetCpus,
      @JsonProperty("CpusetMems") String cpusetMems,
      @JsonProperty("CpuRealtimePeriod") long cpuRealtimePeriod,
      @JsonProperty("CpuRealtimeRuntime") long cpuRealtimeRuntime,
      @JsonProperty("Devices") List<Object> devices,
      @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
      @JsonProperty("DeviceRequests") List<Object> deviceRequests,
      @JsonProperty("MemoryReservation") long memoryReservation,
      @JsonProperty("MemorySwap") long memorySwap,
      @JsonProperty("MemorySwappiness") Long memorySwappiness,
      @JsonProperty("OomKillDisable") Boolean oomKillDisable,
      @JsonProperty("PidsLimit") Long pidsLimit,
      @JsonProperty("Ulimits") List<Object> ulimits,
      @JsonProperty("CpuCount") long cpuCount,
      @JsonProperty("CpuPercent") long cpuPercent,
      @JsonProperty("IOMaximumIOps") long ioMaximumIops,
      @JsonProperty("IOMaximumBandwidth") long ioMaximumBandwidth,
      @JsonProperty("Init") @JsonInclude(Include.NON_NULL) Boolean init,
      @JsonProperty("MaskedPaths") List<String> maskedPaths,
      @JsonProperty("ReadonlyPaths") List<String> readonlyPaths,
      @JsonProperty("Sysctls") @JsonInclude(Include.NON_NULL) Map<String, String> sysctls) {}

  /**
   * Docker's {@code NetworkSettings}: the sandbox, the published ports with the host ports they
   * got, the default bridge's address (Docker's top-level fields) and every network's
   * {@link EndpointSettings}.
   *
   * @param ports {@code "80/tcp"} to its host bindings
   */
  public record NetworkSettings(
      @JsonProperty("Bridge") String bridge,
      @JsonProperty("SandboxID") String sandboxId,
      @JsonProperty("SandboxKey") String sandboxKey,
      @JsonProperty("Ports") Map<String, List<PortBinding>> ports,
      @JsonProperty("HairpinMode") boolean hairpinMode,
      @JsonProperty("LinkLocalIPv6Address") String linkLocalIpv6Address,
      @JsonProperty("LinkLocalIPv6PrefixLen") int linkLocalIpv6PrefixLen,
      @JsonProperty("SecondaryIPAddresses") List<Object> secondaryIpAddresses,
      @JsonProperty("SecondaryIPv6Addresses") List<Object> secondaryIpv6Addresses,
      @JsonProperty("EndpointID") String endpointId,
      @JsonProperty("Gateway") String gateway,
      @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
      @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
      @JsonProperty("IPAddress") String ipAddress,
      @JsonProperty("IPPrefixLen") int ipPrefixLen,
      @JsonProperty("IPv6Gateway") String ipv6Gateway,
      @JsonProperty("MacAddress") String macAddress,
      @JsonProperty("Networks") Map<String, EndpointSettings> networks) {}

  /** Docker's {@code EndpointSettings}: the container on one network. */
  public record EndpointSettings(
      @JsonProperty("IPAMConfig") Map<String, String> ipamConfig,
      @JsonProperty("Links") List<String> links,
      @JsonProperty("Aliases") List<String> aliases,
      @JsonProperty("MacAddress") String macAddress,
      @JsonProperty("DriverOpts") Map<String, String> driverOpts,
      @JsonProperty("NetworkID") String networkId,
      @JsonProperty("EndpointID") String endpointId,
      @JsonProperty("Gateway") String gateway,
      @JsonProperty("IPAddress") String ipAddress,
      @JsonProperty("IPPrefixLen") int ipPrefixLen,
      @JsonProperty("IPv6Gateway") String ipv6Gateway,
      @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
      @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
      @JsonProperty("DNSNames") List<String> dnsNames) {}
}
