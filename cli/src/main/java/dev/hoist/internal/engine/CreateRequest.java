package dev.hoist.internal.engine;

import static dev.hoist.internal.engine.JsonFields.strings;
import static dev.hoist.internal.engine.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cache.model.Healthcheck;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.HostOptions;
import dev.hoist.internal.runtime.HostOptionsRequest;
import dev.hoist.internal.runtime.MountRequest;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.NetworkOptions;
import dev.hoist.internal.runtime.Resources;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.SecurityOptions;
import dev.hoist.internal.runtime.VolumesFrom;
import dev.hoist.internal.runtime.net.PortBinding;
import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /containers/create} ({@code ContainerConfig} with {@code HostConfig}
 * and {@code NetworkingConfig}) read into what {@code hoist run} is asked ({@link
 * ContainerService.CreateRequest}: the run options with their labels, stop signal and timeout
 * and cgroup extras, the user-defined networks with their aliases, the health check, the restart
 * policy), whether the API removes it when it exits, and a warning for each field given that
 * hoist does not apply yet (nothing is silently ignored).
 */
record CreateRequest(ContainerService.CreateRequest request, boolean autoRemove,
    List<String> warnings) {

  /** Fields that change nothing when left at these values: told only when set otherwise. */
  private static final List<String> UNSUPPORTED_CONFIG = List.of("OnBuild", "Shell",
      "MacAddress");
  private static final List<String> UNSUPPORTED_HOST = List.of("LogConfig", "Links",
      "UsernsMode", "CgroupParent", "CpuRealtimePeriod", "CpuRealtimeRuntime");

  RunOptions options() {
    return request.options();
  }

  static CreateRequest read(String name, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new ApiException(400, "the body must be a JSON object (ContainerConfig)");
    }
    String image = body.path("Image").asText("");
    if (image.isEmpty()) {
      throw new ApiException(400, "Config.Image is required");
    }
    JsonNode host = body.path("HostConfig");
    List<String> warnings = new ArrayList<>();
    UNSUPPORTED_CONFIG.forEach(f -> warnIfSet(body, f, "Config.", warnings));
    UNSUPPORTED_HOST.forEach(f -> warnIfSet(host, f, "HostConfig.", warnings));

    List<String> cmd = strings(body.path("Cmd"));
    String entrypoint = null;
    JsonNode ep = body.path("Entrypoint");
    if (ep.isTextual()) {
      entrypoint = ep.asText();
    } else if (ep.isArray()) {
      List<String> words = strings(ep);
      // Docker's entrypoint is a list; hoist's run takes its first word, the rest go before Cmd
      entrypoint = words.isEmpty() ? "" : words.get(0);
      if (words.size() > 1) {
        List<String> all = new ArrayList<>(words.subList(1, words.size()));
        all.addAll(cmd);
        cmd = all;
      }
    }

    List<MountRequest> mounts = new ArrayList<>();
    strings(host.path("Binds")).forEach(b -> mounts.add(MountRequest.parseVolume(b)));
    for (JsonNode m : host.path("Mounts")) {
      StringBuilder spec = new StringBuilder("type=").append(m.path("Type").asText("volume"));
      if (!m.path("Source").asText("").isEmpty()) {
        spec.append(",source=").append(m.path("Source").asText());
      }
      spec.append(",target=").append(m.path("Target").asText());
      if (m.path("ReadOnly").asBoolean(false)) {
        spec.append(",readonly");
      }
      JsonNode tmpfs = m.path("TmpfsOptions");
      if (tmpfs.path("SizeBytes").asLong(0) > 0) {
        spec.append(",tmpfs-size=").append(tmpfs.path("SizeBytes").asLong());
      }
      if (tmpfs.path("Mode").asInt(0) > 0) {
        spec.append(",tmpfs-mode=").append(Integer.toOctalString(tmpfs.path("Mode").asInt()));
      }
      mounts.add(MountRequest.parseMount(spec.toString()));
    }
    host.path("Tmpfs").fields().forEachRemaining(t -> mounts.add(MountRequest.parseTmpfs(
        t.getValue().asText("").isEmpty() ? t.getKey()
            : t.getKey() + ":" + t.getValue().asText())));
    // Config.Volumes (docker run -v /path): anonymous volumes where nothing else is mounted
    List<String> volumes = new ArrayList<>();
    body.path("Volumes").fieldNames().forEachRemaining(volumes::add);

    List<PortBinding> ports = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = host.path("PortBindings").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String containerPort = e.getKey();
      if (!e.getValue().isArray() || e.getValue().isEmpty()) {
        ports.addAll(PortBinding.parse(containerPort));
        continue;
      }
      for (JsonNode b : e.getValue()) {
        String ip = b.path("HostIp").asText("");
        String hostPort = b.path("HostPort").asText("");
        String spec = (ip.isEmpty() ? "" : ip + ":") + hostPort + ":" + containerPort;
        ports.addAll(PortBinding.parse(ip.isEmpty() && hostPort.isEmpty() ? containerPort
            : spec));
      }
    }

    String networkMode = host.path("NetworkMode").asText("");
    NetworkMode mode;
    String joined = null;
    List<String> networks = new ArrayList<>();
    switch (networkMode) {
      case "", "default", "bridge" -> mode = NetworkMode.BRIDGE;
      case "none" -> mode = NetworkMode.NONE;
      case "host" -> mode = NetworkMode.HOST;
      default -> {
        if (networkMode.startsWith("container:")) {
          mode = NetworkMode.CONTAINER;
          joined = networkMode.substring("container:".length());
        } else {
          mode = NetworkMode.BRIDGE;
          networks.add(networkMode);
        }
      }
    }
    List<String> aliases = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.path("NetworkingConfig")
        .path("EndpointsConfig").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!networks.isEmpty() && !networks.contains(e.getKey())) {
        networks.add(e.getKey());
      }
      aliases.addAll(strings(e.getValue().path("Aliases")));
    }
    if (networks.isEmpty()) {
      aliases.clear(); // docker compose sends the service name; only user networks have aliases
    }

    NetworkOptions net = new NetworkOptions(ports, host.path("PublishAllPorts").asBoolean(false),
        null, null, strings(host.path("ExtraHosts")), strings(host.path("Dns")),
        strings(host.path("DnsSearch")), strings(host.path("DnsOptions")), joined);
    List<String> exposed = new ArrayList<>(); // --expose (and -p's ports): 80/tcp keys
    body.path("ExposedPorts").fieldNames().forEachRemaining(k -> exposed.addAll(
        PortBinding.exposed(k)));
    net = net.withExpose(exposed);
    Resources resources = new Resources(host.path("Memory").asLong(0),
        host.path("NanoCpus").asLong(0), Math.max(0, host.path("PidsLimit").asLong(0)));
    HostOptions hostOptions = hostOptions(body, host, mode, resources);
    Healthcheck healthcheck = healthcheck(body.path("Healthcheck"));
    Map<String, String> labels = new LinkedHashMap<>();
    body.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(),
        e.getValue().asText()));
    boolean autoRemove = host.path("AutoRemove").asBoolean(false);
    JsonNode policy = host.path("RestartPolicy");
    String policyName = policy.path("Name").asText("");
    RestartPolicy restart = RestartPolicy.parse(policyName.isEmpty() ? "no"
        : policy.path("MaximumRetryCount").asInt(0) > 0
            ? policyName + ":" + policy.path("MaximumRetryCount").asInt()
            : policyName);
    if (autoRemove && !restart.isNo()) {
      throw new ApiException(400, "conflicting options: cannot specify both --restart and --rm");
    }
    String runtime = host.path("Runtime").asText("");
    RunOptions options = RunOptions.builder(image).name(name).entrypoint(entrypoint).cmd(cmd)
        .env(strings(body.path("Env"))).workdir(text(body, "WorkingDir"))
        .user(text(body, "User")).hostname(text(body, "Hostname")).network(mode)
        .mounts(mounts).readOnly(host.path("ReadonlyRootfs").asBoolean(false))
        .resources(resources).interactive(body.path("OpenStdin").asBoolean(false))
        .tty(body.path("Tty").asBoolean(false)).runtime(runtime.isEmpty() ? null : runtime)
        .seccomp(SecurityOptions.seccomp(strings(host.path("SecurityOpt"))))
        .networkOptions(net).host(hostOptions).labels(labels)
        .volumesFrom(strings(host.path("VolumesFrom")).stream().map(VolumesFrom::parse).toList())
        .volumes(volumes)
        .domainname(text(body, "Domainname")).build();
    warnings.addAll(hostOptions.extras().warnings(resources));
    return new CreateRequest(new ContainerService.CreateRequest(options, networks, aliases,
        healthcheck, restart), autoRemove, warnings);
  }

  /**
   * {@code HostConfig}'s confinement fields in the docker CLI's words ({@link
   * HostOptionsRequest}, the one check {@code hoist run}'s flags go through): {@code CapAdd},
   * {@code CapDrop}, {@code Privileged}, {@code SecurityOpt}, {@code GroupAdd}, {@code Ulimits},
   * {@code ShmSize}, {@code Sysctls}, {@code OomScoreAdj}, {@code Devices}, {@code PidMode},
   * {@code IpcMode}, {@code UTSMode}, the cgroup extras ({@code MemorySwap}, {@code CpuShares},
   * {@code Cpuset*}, {@code CpuPeriod}, {@code CpuQuota}, {@code MemoryReservation},
   * {@code OomKillDisable}, {@code BlkioWeight}) and {@code Init}; {@code StopTimeout}
   * and {@code StopSignal} from the config.
   */
  private static HostOptions hostOptions(JsonNode body, JsonNode host, NetworkMode network,
      Resources resources) {
    List<String> ulimits = ulimits(host.path("Ulimits"));
    List<String> sysctls = new ArrayList<>();
    host.path("Sysctls").fields().forEachRemaining(e -> sysctls.add(e.getKey() + "="
        + e.getValue().asText()));
    List<String> devices = new ArrayList<>();
    for (JsonNode d : host.path("Devices")) {
      String onHost = d.path("PathOnHost").asText("");
      String inContainer = d.path("PathInContainer").asText("");
      String permissions = d.path("CgroupPermissions").asText("");
      devices.add(onHost + ":" + (inContainer.isEmpty() ? onHost : inContainer)
          + (permissions.isEmpty() ? "" : ":" + permissions));
    }
    long shm = host.path("ShmSize").asLong(0);
    long swap = host.path("MemorySwap").asLong(0);
    long reservation = host.path("MemoryReservation").asLong(0);
    JsonNode stopTimeout = body.path("StopTimeout");
    return new HostOptionsRequest(strings(host.path("CapAdd")), strings(host.path("CapDrop")),
          host.path("Privileged").asBoolean(false), strings(host.path("SecurityOpt")),
          strings(host.path("GroupAdd")), ulimits, shm > 0 ? Long.toString(shm) : null, sysctls,
          host.path("OomScoreAdj").asInt(0), devices,
          stopTimeout.isNumber() ? Integer.valueOf(stopTimeout.asInt()) : null,
          text(body, "StopSignal"), null, text(host, "PidMode"), text(host, "IpcMode"),
          text(host, "UTSMode"), swap == 0 ? null : Long.toString(swap),
          host.path("CpuShares").asLong(0), text(host, "CpusetCpus"), text(host, "CpusetMems"),
          host.path("Init").isBoolean() ? Boolean.valueOf(host.path("Init").asBoolean()) : null,
          host.path("CpuPeriod").asLong(0), host.path("CpuQuota").asLong(0),
          reservation > 0 ? Long.toString(reservation) : null,
          host.path("OomKillDisable").asBoolean(false), host.path("BlkioWeight").asLong(0))
          .toHostOptions(network, resources);
  }

  /**
   * Docker's {@code Ulimit} objects ({@code [{"Name": "nofile", "Soft": 1024, "Hard": 2048}]}:
   * {@code HostConfig.Ulimits}, {@code /build}'s {@code ulimits}) in {@code --ulimit}'s words.
   */
  static List<String> ulimits(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode u : array) {
      out.add(u.path("Name").asText() + "=" + u.path("Soft").asLong() + ":"
          + u.path("Hard").asLong());
    }
    return out;
  }

  /** {@code Config.Healthcheck} ({@code HealthConfig}); null when not given. */
  private static Healthcheck healthcheck(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    try {
      return CanonicalJson.mapper().treeToValue(node, Healthcheck.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new ApiException(400, "invalid Healthcheck: " + e.getMessage());
    }
  }

  private static void warnIfSet(JsonNode node, String field, String prefix,
      List<String> warnings) {
    JsonNode v = node.path(field);
    boolean set = !(v.isMissingNode() || v.isNull() || (v.isBoolean() && !v.asBoolean())
        || (v.isNumber() && v.asLong() == 0) || (v.isTextual() && v.asText().isEmpty())
        || (v.isContainerNode() && v.isEmpty())
        || (field.equals("LogConfig") && v.path("Type").asText("json-file").matches(
            "json-file|")));
    if (set) {
      warnings.add(prefix + field + " is not applied by hoist's API service yet");
    }
  }
}
