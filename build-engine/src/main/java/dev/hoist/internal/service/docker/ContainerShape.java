package dev.hoist.internal.service.docker;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.runtime.BindMount;
import dev.hoist.internal.runtime.ContainerHealthcheck;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.CreateConfig;
import dev.hoist.internal.runtime.HealthState;
import dev.hoist.internal.runtime.HostOptions;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.NetworkOptions;
import dev.hoist.internal.runtime.NetworkSettings;
import dev.hoist.internal.runtime.TmpfsMount;
import dev.hoist.internal.runtime.VolumeStore;
import dev.hoist.internal.runtime.net.ContainerNetworks;
import dev.hoist.internal.runtime.net.PortBinding;
import dev.hoist.internal.runtime.net.UserNetwork;
import dev.hoist.internal.service.NetworkEndpoint;
import dev.hoist.internal.service.docker.ContainerInspect.EndpointSettings;
import dev.hoist.internal.service.docker.ContainerInspect.HostConfig;
import dev.hoist.internal.service.docker.ContainerInspect.MountPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A container's records ({@code state.json}, and while it runs its network files) in Docker's
 * {@link ContainerInspect} shape. The image's config completes what Docker's container config
 * repeats from it (labels, exposed ports, volumes); its health check is the container's own
 * ({@link ContainerHealthcheck}, the image's for a container created before it), its health what
 * its checks recorded ({@link HealthState}).
 */
public final class ContainerShape {
  private final ContainerStore store;

  public ContainerShape(ContainerStore store) {
    this.store = store;
  }

  /**
   * {@code c} as {@code docker inspect} shows it; {@code image}: the config of the image it was
   * created from ({@link ContainerConfig#EMPTY} when the store no longer has it); {@code
   * endpoints}: its places on networks, eth0's first (NetworkService#endpoints).
   */
  public ContainerInspect of(ContainerState c, ContainerConfig image,
      List<NetworkEndpoint> endpoints) throws IOException {
    ContainerSpec s = c.spec();
    CreateConfig command = c.config() != null ? c.config()
        : CreateConfig.guess(s.argv(), image.entrypoint());
    List<String> argv = s.argv();
    Path dir = s.containerDir();
    return new ContainerInspect(c.id(), DockerTime.of(c.created(), DockerTime.ZERO),
        argv.get(0), argv.subList(1, argv.size()), state(c), c.imageId(),
        dir.resolve("resolv.conf").toString(), dir.resolve("hostname").toString(),
        dir.resolve("hosts").toString(),
        store.logFile(c.id()).toString(), "/" + c.name(),
        restartCount(c), GraphDriver.OVERLAY2, "linux", "", "", "", null, hostConfig(c, endpoints),
        GraphDriver.ofContainer(s.lowerDirs(), s.upperDir(), s.workDir(), s.rootfsDir()),
        null, null, mounts(c), config(c, command, image), networkSettings(c, endpoints));
  }

  private ContainerInspect.State state(ContainerState c) {
    boolean running = c.isActive();
    return new ContainerInspect.State(c.status().word(), running,
        c.status() == ContainerState.Status.PAUSED, restarting(c), c.oomKilled(), false,
        running ? c.pid() : 0, c.exitCode() == null ? 0 : c.exitCode(), "",
        DockerTime.of(c.startedAt(), DockerTime.ZERO),
        DockerTime.of(c.finishedAt(), DockerTime.ZERO), health(c));
  }

  /** The policy its monitor restarts it by ({@code --restart}; {@code no} in older records). */
  static ContainerInspect.RestartPolicy restartPolicy(ContainerState c) {
    return c.restartPolicy() == null ? ContainerInspect.RestartPolicy.NO
        : new ContainerInspect.RestartPolicy(c.restartPolicy().name(),
            c.restartPolicy().maximumRetryCount());
  }

  /** How many times its monitor restarted it since the user last started it. */
  static int restartCount(ContainerState c) {
    return c.restartCount();
  }

  /** Whether its monitor waits to restart it (the back-off after an exit). */
  static boolean restarting(ContainerState c) {
    return c.status() == ContainerState.Status.RESTARTING;
  }

  /**
   * What its health checks recorded: none before its first start with a check (Docker omits
   * {@code Health} then); {@code starting} for a running container with a check none recorded
   * yet, as Docker sets it at the start (docker-compose's {@code service_healthy} reads it at
   * once and refuses a container without it).
   */
  ContainerInspect.Health health(ContainerState c) {
    return HealthState.read(store.dir(c.id())).map(h -> new ContainerInspect.Health(h.status(),
        h.failingStreak(), h.log().stream().map(r -> new ContainerInspect.HealthcheckResult(
            r.start(), r.end(), r.exitCode(), r.output())).toList()))
        .orElseGet(() -> c.isActive() && ContainerHealthcheck.read(store.dir(c.id()))
            .filter(ContainerHealthcheck::enabled).isPresent()
            ? new ContainerInspect.Health("starting", 0, List.of()) : null);
  }

  private RunConfig config(ContainerState c, CreateConfig command, ContainerConfig image) {
    ContainerSpec s = c.spec();
    TreeSet<String> exposed = new TreeSet<>();
    if (image.exposedPorts() != null) {
      exposed.addAll(image.exposedPorts());
    }
    s.networkOptions().ports().forEach(p -> exposed.add(p.containerKey()));
    exposed.addAll(s.networkOptions().expose());
    String user = command.user() != null ? command.user()
        : s.uid() == 0 && s.gid() == 0 ? "" : s.uid() + ":" + s.gid();
    return new RunConfig(s.hostname() == null ? "" : s.hostname(),
        s.domainname() == null ? "" : s.domainname(), user,
        command.openStdin() && !c.detached(), !c.detached(), !c.detached(),
        exposed.isEmpty() ? null : RunConfig.keySet(exposed), s.tty(), command.openStdin(),
        command.openStdin() && !c.detached(), s.env(), command.cmd(),
        ContainerHealthcheck.read(store.dir(c.id())).map(ContainerHealthcheck::config)
            .orElse(image.healthcheck()), null, c.image(),
        RunConfig.keySet(image.volumes()), s.cwd(), command.entrypoint(), image.onBuild(),
        command.labels() != null ? command.labels()
            : image.labels() == null ? Map.of() : image.labels(), c.stopSignal(),
        s.host().stopTimeout(), null);
  }

  private HostConfig hostConfig(ContainerState c, List<NetworkEndpoint> endpoints) {
    ContainerSpec s = c.spec();
    NetworkOptions n = s.networkOptions();
    List<String> binds = new ArrayList<>();
    for (BindMount m : s.mounts()) {
      String volume = c.volumeOf(m);
      if (volume != null && VolumeStore.isAnonymous(volume)
          || c.inheritedMounts().contains(m.target())) {
        continue; // Docker keeps -v /path (anonymous) and --volumes-from's out of Binds
      }
      binds.add((volume != null ? volume : m.source().toString()) + ":" + m.target()
          + (m.readOnly() ? ":ro" : ""));
    }
    Map<String, String> tmpfs = new LinkedHashMap<>();
    for (TmpfsMount t : s.tmpfs()) {
      tmpfs.put(t.target(), tmpfsOptions(t));
    }
    Map<String, List<ContainerInspect.PortBinding>> portBindings = new TreeMap<>();
    for (PortBinding p : n.ports()) {
      portBindings.computeIfAbsent(p.containerKey(), k -> new ArrayList<>())
          .add(new ContainerInspect.PortBinding(p.hostIp(), p.hostPortText()));
    }
    long pids = s.resources().pidsLimit();
    HostOptions h = s.host();
    return new HostConfig(binds.isEmpty() ? null : binds,
        h.containerIdFile() == null ? "" : h.containerIdFile(),
        new ContainerInspect.LogConfig(c.detached() ? "json-file" : "none", Map.of()),
        networkMode(c, endpoints), portBindings, restartPolicy(c), c.autoRemove(), "",
        c.volumesFrom().isEmpty() ? null : c.volumesFrom(),
        List.of(0, 0), HostOptionsShape.orNull(h.capAdd()),
        HostOptionsShape.orNull(h.capDrop()), "private", n.dns(), n.dnsOptions(), n.dnsSearch(),
        n.extraHosts().isEmpty() ? null : n.extraHosts(), HostOptionsShape.orNull(h.groupAdd()),
        h.namespaces().ipcModeShown(), "", null, h.oomScoreAdj(), h.namespaces().pid(),
        h.privileged(), n.publishAll(), s.readonlyRootfs(), HostOptionsShape.securityOpt(s),
        tmpfs.isEmpty() ? null : tmpfs, h.namespaces().uts(), "", h.shmBytes(), c.runtime(),
        "", h.extras().cpuShares(), s.resources().memoryBytes(), s.resources().nanoCpus(), "",
        (int) h.extras().blkioWeight(), List.of(), List.of(), List.of(), List.of(), List.of(),
        h.extras().cpuPeriodUs(), h.extras().cpuQuotaUs(),
        HostOptionsShape.orEmpty(h.extras().cpusetCpus()),
        HostOptionsShape.orEmpty(h.extras().cpusetMems()), 0, 0, HostOptionsShape.devices(h),
        null, null, h.extras().memoryReservationBytes(), HostOptionsShape.memorySwap(s), null,
        h.extras().oomKillDisable(), pids == 0 ? null : pids,
        HostOptionsShape.ulimits(h), 0, 0, 0, 0, h.init(), null, null,
        HostOptionsShape.sysctls(h));
  }

  /**
   * {@code container:ID}, {@code host}, {@code none}, or the network the container was put on
   * first: {@code bridge} or a user network's name.
   */
  private static String networkMode(ContainerState c, List<NetworkEndpoint> endpoints) {
    ContainerSpec s = c.spec();
    if (s.network() == NetworkMode.CONTAINER) {
      return "container:" + s.networkOptions().container();
    }
    if (s.network() == NetworkMode.BRIDGE && !endpoints.isEmpty()) {
      return endpoints.get(0).networkName();
    }
    return s.network().name().toLowerCase(Locale.ROOT);
  }

  private static String tmpfsOptions(TmpfsMount t) {
    List<String> options = new ArrayList<>();
    if (t.sizeBytes() > 0) {
      options.add("size=" + t.sizeBytes());
    }
    if (t.mode() > 0) {
      options.add("mode=" + Integer.toOctalString(t.mode()));
    }
    return String.join(",", options);
  }

  private static List<MountPoint> mounts(ContainerState c) {
    List<MountPoint> mounts = new ArrayList<>();
    for (BindMount m : c.spec().mounts()) {
      String volume = c.volumeOf(m);
      mounts.add(volume == null
          ? new MountPoint("bind", null, m.source().toString(), m.target(), null, "",
              !m.readOnly(), "rprivate")
          : new MountPoint("volume", volume, m.source().toString(), m.target(), "local", "z",
              !m.readOnly(), ""));
    }
    for (TmpfsMount t : c.spec().tmpfs()) {
      mounts.add(new MountPoint("tmpfs", null, "", t.target(), null, "", true, ""));
    }
    return mounts;
  }

  /**
   * The sandbox, the published ports with the host ports they got while it runs, one entry per
   * network, and (Docker's deprecated top-level fields) the default bridge's address.
   */
  private ContainerInspect.NetworkSettings networkSettings(ContainerState c,
      List<NetworkEndpoint> endpoints) {
    Optional<NetworkSettings> live = NetworkSettings.of(store, c);
    Map<String, List<ContainerInspect.PortBinding>> ports = new TreeMap<>();
    if (live.isPresent()) {
      for (PortBinding p : live.get().ports()) {
        ports.computeIfAbsent(p.containerKey(), k -> new ArrayList<>())
            .add(new ContainerInspect.PortBinding(p.bindAddress(),
                Integer.toString(p.hostPort())));
      }
    }
    Optional<ContainerNetworks> user = userNetworks(c);
    Map<String, EndpointSettings> networks = new LinkedHashMap<>();
    for (NetworkEndpoint e : endpoints) {
      String ip = user.flatMap(u -> u.on(e.networkId())).map(ContainerNetworks.Endpoint::ip)
          .orElse(null);
      networks.put(e.networkName(), new EndpointSettings(
          ip == null ? null : Map.of("IPv4Address", ip), null,
          e.aliases().isEmpty() ? null : e.aliases(), e.macAddress(), null, e.networkId(),
          e.endpointId(), e.gateway(), e.ipAddress(), e.prefixLength(), "", "", 0,
          e.dnsNames().isEmpty() ? null : e.dnsNames()));
    }
    NetworkEndpoint bridge = endpoints.stream()
        .filter(e -> e.networkId().equals(UserNetwork.BRIDGE_ID)).findFirst()
        .orElse(new NetworkEndpoint("", "", "", List.of(), List.of(), "", 0, "", ""));
    return new ContainerInspect.NetworkSettings("", "",
        live.map(NetworkSettings::sandboxKey).orElse(""), ports, false, "", 0, null, null,
        bridge.endpointId(), bridge.gateway(), "", 0, bridge.ipAddress(), bridge.prefixLength(),
        "", bridge.macAddress(), networks);
  }

  private Optional<ContainerNetworks> userNetworks(ContainerState c) {
    try {
      return ContainerNetworks.read(store.dir(c.id()));
    } catch (IOException e) {
      return Optional.empty(); // unreadable: shown as on none
    }
  }
}
