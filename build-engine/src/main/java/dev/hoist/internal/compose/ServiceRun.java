package dev.hoist.internal.compose;

import dev.hoist.internal.runtime.HostOptions;
import dev.hoist.internal.runtime.MountRequest;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.NetworkOptions;
import dev.hoist.internal.runtime.Resources;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.SecurityOptions;
import dev.hoist.internal.runtime.VolumesFrom;
import dev.hoist.internal.runtime.net.PortBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one container of a service is created with: the service's config as {@code docker run}
 * options ({@link RunOptions}), its networks in hoist's names with the service name as an alias
 * on each, its restart policy and health check, and Compose's labels.
 */
record ServiceRun(RunOptions options, List<String> networks, Map<String, List<String>> aliases,
    Map<String, String> ips, RestartPolicy restart,
    dev.hoist.cache.model.Healthcheck health) {

  /**
   * @param files the host files of the service's secrets and configs made of a value
   *     ({@link ServiceConfig#files}, written by {@link ContentFiles}), by container path
   */
  static ServiceRun of(ComposeProject project, ServiceConfig s, int number, String name,
      Map<String, java.nio.file.Path> files) {
    Map<String, String> labels = new LinkedHashMap<>(s.labels());
    labels.put(ComposeLabels.PROJECT, project.name());
    labels.put(ComposeLabels.SERVICE, s.name());
    labels.put(ComposeLabels.NUMBER, String.valueOf(number));
    labels.put(ComposeLabels.CONFIG_HASH, ConfigHash.of(s));
    labels.put(ComposeLabels.ONEOFF, "False");
    labels.put(ComposeLabels.WORKING_DIR, project.workingDir().toString());
    labels.put(ComposeLabels.CONFIG_FILES, project.configFiles().stream().map(Object::toString)
        .collect(Collectors.joining(",")));
    labels.put(ComposeLabels.DEPENDS_ON, s.dependsOn().entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue().condition() + ":" + e.getValue().restart())
        .collect(Collectors.joining(",")));
    labels.put(ComposeLabels.VERSION, "hoist");

    List<String> env = new ArrayList<>();
    // KEY alone took the project's value when loaded; null: unset (never hoist's own value)
    s.environment().forEach((k, v) -> {
      if (v != null) {
        env.add(k + "=" + v);
      }
    });
    List<MountRequest> mounts = new ArrayList<>();
    for (VolumeMount v : s.volumes()) {
      switch (v.type()) {
        case "bind" -> mounts.add(new MountRequest(MountRequest.Type.BIND, v.source(),
            v.target(), v.readOnly(), 0, 0));
        case "volume" -> mounts.add(new MountRequest(MountRequest.Type.VOLUME,
            v.source() == null ? null : project.volumes().get(v.source()).name(), v.target(),
            v.readOnly(), 0, 0, v.noCopy()));
        default -> mounts.add(new MountRequest(MountRequest.Type.TMPFS, null, v.target(),
            v.readOnly(), v.tmpfsSize(), 01777));
      }
    }
    files.forEach((target, file) -> mounts.add(new MountRequest(MountRequest.Type.BIND,
        file.toString(), target, true, 0, 0)));
    for (String t : s.tmpfs()) {
      mounts.add(MountRequest.parseTmpfs(t));
    }
    List<PortBinding> ports = new ArrayList<>();
    for (PortConfig p : s.ports()) {
      ports.addAll(PortBinding.parse(p.publishSpec()));
    }
    ServiceHost h = s.host();
    NetworkMode mode = ServiceHostOptions.mode(h);
    List<String> exposed = new ArrayList<>();
    s.expose().forEach(e -> exposed.addAll(PortBinding.exposed(e)));
    NetworkOptions net = new NetworkOptions(ports, false, null, null, s.extraHosts(), s.dns(),
        h.dnsSearch(), h.dnsOpt(), joined(project, h), exposed);
    Resources resources = ServiceHostOptions.resources(s);
    HostOptions host = ServiceHostOptions.of(s);
    RunOptions options = RunOptions.builder(ServiceImageBuild.imageName(project, s)).name(name)
        .entrypoint(s.entrypoint() == null ? null : s.entrypoint().isEmpty() ? ""
            : s.entrypoint().get(0))
        .cmd(entrypointRest(s)).env(env).workdir(s.workingDir()).user(s.user())
        .hostname(s.hostname()).network(mode).mounts(mounts)
        .readOnly(s.readOnly()).resources(resources).interactive(s.stdinOpen()).tty(s.tty())
        .seccomp(SecurityOptions.seccomp(h.securityOpt())).networkOptions(net).host(host)
        .labels(labels).volumesFrom(volumesFrom(project, s)).domainname(h.domainname())
        .build();

    List<String> networks = new ArrayList<>();
    Map<String, List<String>> aliases = new LinkedHashMap<>();
    Map<String, String> ips = new LinkedHashMap<>();
    s.networks().forEach((key, n) -> {
      String networkName = project.networks().get(key).name();
      networks.add(networkName);
      List<String> a = new ArrayList<>(List.of(s.name()));
      a.addAll(n.aliases());
      aliases.put(networkName, a);
      if (n.ipv4Address() != null) {
        ips.put(networkName, n.ipv4Address());
      }
    });
    RestartPolicy restart = RestartPolicy.parse(s.restart() == null ? "no" : s.restart());
    return new ServiceRun(options, networks, aliases, ips, restart, health(s));
  }

  /**
   * This run changed into {@code request}'s one-off container {@code name} ({@code slug}: its
   * ID in Compose's {@code com.docker.compose.slug} label): labelled {@code oneoff=True},
   * the request's command, entrypoint, variables ({@code KEY} alone: the project's value),
   * user and directory over the service's, its capabilities added to the service's, its
   * ports only with {@code --service-ports} and {@code -p}, the service's aliases only with
   * {@code --use-aliases}, no fixed address (the service's container has it), never restarted
   * (Compose runs one-offs without a restart policy).
   */
  ServiceRun oneOff(ComposeProject project, ServiceConfig s, OneOffRequest request,
      String name, String slug) {
    Map<String, String> labels = new LinkedHashMap<>(options.labels());
    labels.putAll(request.labels());
    labels.put(ComposeLabels.ONEOFF, "True");
    labels.put(ComposeLabels.SLUG, slug);
    String entrypoint = options.entrypoint();
    List<String> cmd = options.cmd();
    if (request.entrypoint() != null) {
      List<String> words = ShellWords.split(request.entrypoint(),
          ComposeException::new);
      entrypoint = words.isEmpty() ? "" : words.get(0);
      cmd = new ArrayList<>(words.subList(Math.min(1, words.size()), words.size()));
      cmd.addAll(request.command());
    } else if (!request.command().isEmpty()) {
      cmd = new ArrayList<>(s.entrypoint() == null || s.entrypoint().size() <= 1 ? List.of()
          : s.entrypoint().subList(1, s.entrypoint().size()));
      cmd.addAll(request.command());
    }
    List<String> env = new ArrayList<>(options.env());
    for (String entry : request.env()) {
      // KEY alone: the project's value, as Compose v2; none leaves the service's (never hoist's)
      if (entry.indexOf('=') >= 0 || entry.isBlank()) {
        env.add(entry);
      } else if (project.environment().get(entry) != null) {
        env.add(entry + "=" + project.environment().get(entry));
      }
    }
    List<PortBinding> ports = new ArrayList<>(request.servicePorts()
        ? options.networkOptions().ports() : List.of());
    for (String p : request.publish()) {
      ports.addAll(PortBinding.parse(p));
    }
    List<MountRequest> mounts = new ArrayList<>(options.mounts());
    for (String v : request.volumes()) {
      MountRequest m = oneOffVolume(project, v);
      mounts.removeIf(existing -> existing.target().equals(m.target()));
      mounts.add(m);
    }
    HostOptions host = ServiceHostOptions.oneOff(s, request.capAdd(), request.capDrop());
    NetworkOptions n = options.networkOptions();
    RunOptions changed = options.toBuilder().name(name).entrypoint(entrypoint).cmd(cmd).env(env)
        .workdir(request.workdir() != null ? request.workdir() : options.workdir())
        .user(request.user() != null ? request.user() : options.user())
        .mounts(mounts).interactive(request.interactive()).tty(request.tty())
        .autoRemove(request.autoRemove())
        .networkOptions(n.withPorts(ports))
        .host(host).labels(labels).build();
    Map<String, List<String>> runAliases = new LinkedHashMap<>();
    aliases.forEach((network, a) -> runAliases.put(network,
        request.useAliases() ? a : List.of()));
    return new ServiceRun(changed, networks, runAliases, Map.of(), RestartPolicy.NO, health);
  }

  /**
   * The container whose network namespace {@code network_mode} joins: {@code container:NAME}'s,
   * or the first container of {@code service:NAME} (its {@code container_name}, else
   * {@code PROJECT-NAME-1}); null: none.
   */
  static String joined(ComposeProject project, ServiceHost h) {
    if (h.networkMode() != null && h.networkMode().startsWith("container:")) {
      return h.networkMode().substring("container:".length());
    }
    String service = h.networkService();
    if (service == null) {
      return null;
    }
    return firstContainer(project, service, "network_mode " + h.networkMode()
        + " joins its container");
  }

  /**
   * The name of {@code service}'s first container: its {@code container_name}, else {@code
   * PROJECT-NAME-1}; {@code why} tells which key needs it when the service is not enabled.
   */
  private static String firstContainer(ComposeProject project, String service, String why) {
    ServiceConfig other = project.services().get(service);
    if (other == null) {
      throw new ComposeException("services." + service + " is not enabled: " + why);
    }
    return other.containerName() != null ? other.containerName()
        : project.name() + "-" + service + "-1";
  }

  /**
   * {@code volumes_from} as {@code --volumes-from}: {@code container:NAME[:MODE]} that
   * container, {@code SERVICE[:MODE]} the service's first container, as Compose's.
   */
  static List<VolumesFrom> volumesFrom(ComposeProject project, ServiceConfig s) {
    List<VolumesFrom> out = new ArrayList<>();
    for (String v : s.volumesFrom()) {
      if (v.startsWith(ServiceConfig.CONTAINER_PREFIX)) {
        out.add(VolumesFrom.parse(v.substring(ServiceConfig.CONTAINER_PREFIX.length())));
      } else {
        VolumesFrom given = VolumesFrom.parse(v);
        out.add(new VolumesFrom(firstContainer(project, given.container(), "volumes_from "
            + v + " takes its container's volumes"), given.mode()));
      }
    }
    return out;
  }

  /**
   * {@code run -v SPEC}: as {@code docker run -v}, a relative source ({@code ./x}) the project
   * directory's, a named source the project's volume of that key when it declares one.
   */
  private static MountRequest oneOffVolume(ComposeProject project, String spec) {
    String resolved = spec.startsWith(".") ? project.workingDir().resolve(
        spec.substring(0, spec.indexOf(':') < 0 ? spec.length() : spec.indexOf(':')))
        .normalize() + (spec.indexOf(':') < 0 ? "" : spec.substring(spec.indexOf(':')))
        : spec;
    MountRequest m;
    try {
      m = MountRequest.parseVolume(resolved);
    } catch (IllegalArgumentException e) {
      throw new ComposeException("-v " + spec + ": " + e.getMessage());
    }
    VolumeConfig declared = m.type() == MountRequest.Type.VOLUME && m.source() != null
        ? project.volumes().get(m.source()) : null;
    return declared == null ? m : new MountRequest(m.type(), declared.name(), m.target(),
        m.readOnly(), 0, 0, m.noCopy());
  }

  /** The command after the entrypoint's first word (RunOptions takes one entrypoint word). */
  private static List<String> entrypointRest(ServiceConfig s) {
    List<String> cmd = new ArrayList<>();
    if (s.entrypoint() != null && s.entrypoint().size() > 1) {
      cmd.addAll(s.entrypoint().subList(1, s.entrypoint().size()));
      if (s.command() != null) {
        cmd.addAll(s.command());
      }
      return cmd;
    }
    return s.command() == null ? List.of() : s.command();
  }

  /**
   * The service's health check as Docker's {@code HealthConfig} (its {@code CMD} form kept, not
   * run through a shell); null: the image's.
   */
  private static dev.hoist.cache.model.Healthcheck health(ServiceConfig s) {
    Healthcheck h = s.healthcheck();
    if (h == null) {
      return null;
    }
    if (h.disable()) {
      return new dev.hoist.cache.model.Healthcheck(List.of("NONE"), null, null, null, null, null,
          null);
    }
    String at = "services." + s.name() + ".healthcheck";
    return new dev.hoist.cache.model.Healthcheck(h.test().isEmpty() ? null : h.test(),
        nanos(h.interval(), at + ".interval"), nanos(h.timeout(), at + ".timeout"),
        nanos(h.startPeriod(), at + ".start_period"),
        nanos(h.startInterval(), at + ".start_interval"), h.retries(), null);
  }

  private static Long nanos(String duration, String at) {
    java.time.Duration d = Durations.parse(duration, at);
    return d == null ? null : Long.valueOf(d.toNanos());
  }
}
