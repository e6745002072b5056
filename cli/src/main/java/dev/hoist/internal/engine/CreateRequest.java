package dev.hoist.internal.engine;

import static dev.hoist.internal.engine.JsonFields.strings;
import static dev.hoist.internal.engine.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.runtime.HealthFlags;
import dev.hoist.internal.runtime.MountRequest;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.NetworkOptions;
import dev.hoist.internal.runtime.Resources;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.SecurityOptions;
import dev.hoist.internal.runtime.net.PortBinding;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /containers/create} ({@code ContainerConfig} with {@code HostConfig}
 * and {@code NetworkingConfig}) read into what {@code hoist run} is asked: the run options, the
 * user-defined networks with their aliases, the restart policy, whether the API removes it when
 * it exits, and a warning for each field given that hoist does not apply yet (nothing is
 * silently ignored).
 */
record CreateRequest(RunOptions options, List<String> networks, List<String> aliases,
    RestartPolicy restart, boolean autoRemove, HealthFlags health, List<String> warnings) {

  /** Fields that change nothing when left at these values: told only when set otherwise. */
  private static final List<String> UNSUPPORTED_CONFIG = List.of("StopSignal", "StopTimeout", "Volumes", "OnBuild", "Shell", "MacAddress");
  private static final List<String> UNSUPPORTED_HOST = List.of("CapAdd", "CapDrop", "Privileged",
      "Init", "Tmpfs", "Devices", "Ulimits", "LogConfig", "VolumesFrom", "Links", "Sysctls",
      "CpuShares", "CpusetCpus", "MemorySwap", "ShmSize", "GroupAdd", "IpcMode", "PidMode",
      "UTSMode", "UsernsMode", "OomKillDisable");

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
      mounts.add(MountRequest.parseMount(spec.toString()));
    }

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
    Resources resources = new Resources(host.path("Memory").asLong(0),
        host.path("NanoCpus").asLong(0), Math.max(0, host.path("PidsLimit").asLong(0)));
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
    RunOptions options = new RunOptions(image, name, entrypoint, cmd,
        strings(body.path("Env")), List.of(), text(body, "WorkingDir"), text(body, "User"),
        text(body, "Hostname"), mode, mounts, host.path("ReadonlyRootfs").asBoolean(false),
        resources, body.path("OpenStdin").asBoolean(false), body.path("Tty").asBoolean(false),
        false, runtime.isEmpty() ? null : runtime,
        SecurityOptions.seccomp(strings(host.path("SecurityOpt"))), net,
        dev.hoist.internal.runtime.HostOptions.DEFAULT, labels(body.path("Labels")));
    return new CreateRequest(options, networks, aliases, restart, autoRemove,
        health(body.path("Healthcheck")), warnings);
  }

  private static Map<String, String> labels(JsonNode labels) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText("")));
    return out;
  }

  /**
   * {@code Config.Healthcheck} as {@code hoist run}'s health flags; null when not given.
   * {@code ["CMD", args…]} runs through the shell with each argument quoted, as
   * {@code CMD-SHELL}; {@code ["NONE"]} disables the image's check.
   */
  static HealthFlags health(JsonNode check) {
    if (!check.isObject() || check.isEmpty()) {
      return null;
    }
    List<String> test = strings(check.path("Test"));
    String cmd = null;
    boolean none = false;
    if (!test.isEmpty()) {
      switch (test.get(0)) {
        case "NONE" -> none = true;
        case "CMD-SHELL" -> cmd = String.join(" ", test.subList(1, test.size()));
        case "CMD" -> cmd = String.join(" ", test.subList(1, test.size()).stream()
            .map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        default -> throw new ApiException(400, "Healthcheck.Test must start with NONE, CMD or "
            + "CMD-SHELL, not " + test.get(0));
      }
    }
    return new HealthFlags(cmd, nanos(check, "Interval"), nanos(check, "Timeout"),
        check.path("Retries").asInt(0), nanos(check, "StartPeriod"),
        nanos(check, "StartInterval"), none);
  }

  private static java.time.Duration nanos(JsonNode check, String field) {
    return java.time.Duration.ofNanos(check.path(field).asLong(0));
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
