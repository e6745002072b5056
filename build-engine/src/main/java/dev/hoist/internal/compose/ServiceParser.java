package dev.hoist.internal.compose;

import dev.hoist.internal.runtime.MountRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One service's merged, interpolated tree (paths already absolute, {@code extends} applied)
 * read into a {@link ServiceConfig}: each key checked and its short syntax read into the long
 * one; a bad value is a {@link ComposeException} naming the key path.
 */
final class ServiceParser {
  static final Keys SERVICE_KEYS = new Keys(Set.of("build", "cap_add", "cap_drop", "command",
      "container_name", "cpus", "depends_on", "deploy", "dns", "entrypoint", "env_file",
      "environment", "expose", "extra_hosts", "healthcheck", "hostname", "image", "init",
      "labels", "logging", "mem_limit", "networks", "pids_limit", "ports", "privileged",
      "profiles", "pull_policy", "read_only", "restart", "scale", "stdin_open",
      "stop_grace_period", "stop_signal", "tmpfs", "tty", "user", "volumes", "working_dir",
      "ulimits", "shm_size", "sysctls", "devices", "group_add", "security_opt", "ipc", "pid",
      "uts", "oom_score_adj", "cpu_shares", "cpuset", "memswap_limit", "dns_search",
      "dns_opt", "network_mode", "volumes_from", "cpu_period", "cpu_quota", "mem_reservation",
      "oom_kill_disable", "blkio_config", "domainname"),
      Set.of("annotations", "attach", "cgroup", "cgroup_parent", "configs",
          "cpu_count", "cpu_percent", "cpu_rt_period",
          "cpu_rt_runtime", "credential_spec", "develop", "device_cgroup_rules",
          "external_links", "isolation", "links", "mac_address",
          "mem_swappiness", "platform", "runtime", "secrets",
          "storage_opt", "userns_mode"));
  private static final Keys BLKIO_KEYS = new Keys(Set.of("weight"), Set.of("weight_device",
      "device_read_bps", "device_write_bps", "device_read_iops", "device_write_iops"));
  private static final Keys ULIMIT_KEYS = new Keys(Set.of("soft", "hard"));
  private static final Keys BUILD_KEYS = new Keys(Set.of("context", "dockerfile", "args",
      "target", "dockerfile_inline", "labels", "cache_from", "network", "platforms", "ssh",
      "secrets", "extra_hosts", "shm_size", "ulimits"),
      Set.of("cache_to", "additional_contexts", "isolation", "no_cache", "pull", "tags",
          "privileged"));
  private static final Keys PORT_KEYS = new Keys(Set.of("target", "published", "host_ip",
      "protocol", "mode", "name", "app_protocol"));
  private static final Keys VOLUME_KEYS = new Keys(Set.of("type", "source", "target",
      "read_only", "bind", "volume", "tmpfs", "consistency"));
  private static final Keys DEPENDS_KEYS = new Keys(Set.of("condition", "restart", "required"));
  private static final Keys SERVICE_NETWORK_KEYS = new Keys(Set.of("aliases", "ipv4_address"),
      Set.of("ipv6_address", "link_local_ips", "mac_address", "priority", "driver_opts"));
  private static final Keys HEALTH_KEYS = new Keys(Set.of("test", "interval", "timeout",
      "retries", "start_period", "start_interval", "disable"));
  private static final Keys DEPLOY_KEYS = new Keys(Set.of("replicas", "resources"),
      Set.of("mode", "placement", "restart_policy", "rollback_config", "update_config",
          "endpoint_mode", "labels"));
  private static final Keys RESOURCES_KEYS = new Keys(Set.of("limits"), Set.of("reservations"));
  private static final Keys LIMITS_KEYS = new Keys(Set.of("cpus", "memory", "pids"));
  private static final Keys LOGGING_KEYS = new Keys(Set.of("driver", "options"));
  private static final Set<String> CONDITIONS = Set.of(Dependency.STARTED, Dependency.HEALTHY,
      Dependency.COMPLETED);

  private final Where where;
  private final Function<String, String> variables;
  private final Set<String> volumeKeys;
  private final Set<String> networkKeys;

  ServiceParser(Where where, Function<String, String> variables, Set<String> volumeKeys,
      Set<String> networkKeys) {
    this.where = where;
    this.variables = variables;
    this.volumeKeys = volumeKeys;
    this.networkKeys = networkKeys;
  }

  ServiceConfig parse(String name, Map<String, Object> s, Map<String, String> files)
      throws IOException {
    String at = "services." + name;
    SERVICE_KEYS.check(s, at, where);
    String image = string(s, "image", at);
    BuildConfig build = build(s.get("build"), at + ".build");
    if (image == null && build == null) {
      throw where.error(at, "service has neither an image nor a build context specified");
    }
    Map<String, String> environment = new LinkedHashMap<>();
    for (Path file : envFiles(s.get("env_file"), at + ".env_file")) {
      environment.putAll(projectValues(DotEnv.read(file)));
    }
    // KEY alone, unset in the project's variables: null, unset in the container (Compose v2)
    environment.putAll(projectValues(mapOfStrings(s.get("environment"), at + ".environment")));
    Map<String, Object> deploy = map(s.get("deploy"), at + ".deploy");
    DEPLOY_KEYS.check(deploy, at + ".deploy", where);
    Map<String, Object> resources = map(deploy.get("resources"), at + ".deploy.resources");
    RESOURCES_KEYS.check(resources, at + ".deploy.resources", where);
    Map<String, Object> limits = map(resources.get("limits"), at + ".deploy.resources.limits");
    LIMITS_KEYS.check(limits, at + ".deploy.resources.limits", where);
    Integer replicas = integer(s.get("scale"), at + ".scale");
    if (replicas == null) {
      replicas = integer(deploy.get("replicas"), at + ".deploy.replicas");
    }
    Map<String, Object> logging = map(s.get("logging"), at + ".logging");
    LOGGING_KEYS.check(logging, at + ".logging", where);
    String driver = string(logging, "driver", at + ".logging");
    if (driver != null && !driver.equals("json-file") && !driver.equals("local")) {
      throw where.error(at + ".logging.driver", "logging driver \"" + driver
          + "\" is not supported (hoist keeps json-file logs; use json-file)");
    }
    String restart = string(s, "restart", at);
    if (restart != null && !restart.matches("no|always|unless-stopped|on-failure(:\\d+)?")) {
      throw where.error(at + ".restart", "invalid restart policy \"" + restart
          + "\" (no, always, on-failure[:N], unless-stopped)");
    }
    String pull = string(s, "pull_policy", at);
    if (pull != null && !pull.matches("always|never|missing|if_not_present|build|daily|weekly")) {
      throw where.error(at + ".pull_policy", "invalid pull policy \"" + pull
          + "\" (always, never, missing, build)");
    }
    ServiceHost host = host(s, at);
    Map<String, Dependency> dependsOn = dependsOn(s.get("depends_on"), at + ".depends_on");
    if (host.networkService() != null) {
      // as Compose: the joined service is started first, and a recreated one restarts this
      dependsOn.putIfAbsent(host.networkService(), new Dependency(Dependency.STARTED, true,
          true));
    }
    List<String> volumesFrom = volumesFrom(s.get("volumes_from"), at + ".volumes_from");
    for (String v : volumesFrom) {
      if (!v.startsWith(ServiceConfig.CONTAINER_PREFIX)) {
        // as Compose: the service is started first (not restarted with it)
        dependsOn.putIfAbsent(v.split(":", 2)[0], new Dependency(Dependency.STARTED, false,
            true));
      }
    }
    List<String> tmpfs = strings(s.get("tmpfs"), at + ".tmpfs");
    for (String t : tmpfs) {
      try {
        MountRequest.parseTmpfs(t); // refused at load, naming the key, not at up
      } catch (IllegalArgumentException e) {
        throw where.error(at + ".tmpfs", e.getMessage());
      }
    }
    ServiceConfig config = new ServiceConfig(name, image, build,
        words(s.get("command"), at + ".command"),
        words(s.get("entrypoint"), at + ".entrypoint"), environment,
        ports(s.get("ports"), at + ".ports"), strings(s.get("expose"), at + ".expose"),
        volumes(s.get("volumes"), at + ".volumes"), tmpfs,
        networks(name, s, at, host), dependsOn,
        healthcheck(s.get("healthcheck"), at + ".healthcheck"), restart,
        string(s, "user", at), string(s, "working_dir", at), string(s, "hostname", at),
        string(s, "container_name", at), string(s, "stop_signal", at),
        duration(s, "stop_grace_period", at), pull, bool(s.get("init"), at + ".init"),
        flag(s, "read_only", at), flag(s, "privileged", at), flag(s, "tty", at),
        flag(s, "stdin_open", at), mapOfStrings(s.get("labels"), at + ".labels"),
        extraHosts(s.get("extra_hosts"), at + ".extra_hosts"), strings(s.get("dns"), at + ".dns"),
        strings(s.get("cap_add"), at + ".cap_add"), strings(s.get("cap_drop"), at + ".cap_drop"),
        replicas, firstString(limits.get("memory"), s.get("mem_limit")),
        cpus(firstString(limits.get("cpus"), s.get("cpus")), at),
        longValue(limits.get("pids") != null ? limits.get("pids") : s.get("pids_limit"),
            at + ".pids_limit"),
        driver, mapOfStrings(logging.get("options"), at + ".logging.options"),
        strings(s.get("profiles"), at + ".profiles"), files, host, volumesFrom);
    ServiceHostOptions.check(config, where, at);
    return config;
  }

  /**
   * {@code volumes_from}: {@code NAME[:ro|:rw]} (a service of the project), {@code
   * service:NAME[:MODE]} (the same, written as Compose v2 writes it: without {@code service:}),
   * or {@code container:NAME[:MODE]} (any container); each checked as {@code --volumes-from}.
   */
  private List<String> volumesFrom(Object value, String at) {
    List<String> out = new ArrayList<>();
    for (String v : strings(value, at)) {
      String entry = v.startsWith("service:") ? v.substring("service:".length()) : v;
      String spec = entry.startsWith(ServiceConfig.CONTAINER_PREFIX)
          ? entry.substring(ServiceConfig.CONTAINER_PREFIX.length()) : entry;
      try {
        dev.hoist.internal.runtime.VolumesFrom.parse(spec);
      } catch (IllegalArgumentException e) {
        throw where.error(at, "invalid volumes_from \"" + v + "\": " + e.getMessage());
      }
      if (!spec.matches("[^:]+(:(ro|rw))?")) {
        throw where.error(at, "invalid volumes_from \"" + v + "\" (SERVICE[:ro|:rw] or "
            + "container:NAME[:ro|:rw])");
      }
      out.add(entry);
    }
    return out;
  }

  /** The keys {@code hoist run}'s host flags take ({@link ServiceHost}). */
  private ServiceHost host(Map<String, Object> s, String at) {
    Map<String, String> ulimits = ulimits(s.get("ulimits"), at + ".ulimits");
    Map<String, String> sysctls = mapOfStrings(s.get("sysctls"), at + ".sysctls");
    sysctls.forEach((k, v) -> {
      if (v == null) {
        throw where.error(at + ".sysctls." + k, "needs a value");
      }
    });
    String networkMode = string(s, "network_mode", at);
    if (networkMode != null
        && !networkMode.matches("host|none|bridge|(service|container):[^:]+")) {
      throw where.error(at + ".network_mode", "invalid network_mode \"" + networkMode
          + "\" (host, none, bridge, service:NAME, container:NAME)");
    }
    Map<String, Object> blkio = map(s.get("blkio_config"), at + ".blkio_config");
    BLKIO_KEYS.check(blkio, at + ".blkio_config", where);
    return new ServiceHost(ulimits, bytes(s, "shm_size", at), sysctls,
        strings(s.get("devices"), at + ".devices"), strings(s.get("group_add"), at + ".group_add"),
        strings(s.get("security_opt"), at + ".security_opt"), string(s, "ipc", at),
        string(s, "pid", at), string(s, "uts", at),
        integer(s.get("oom_score_adj"), at + ".oom_score_adj"),
        longValue(s.get("cpu_shares"), at + ".cpu_shares"), string(s, "cpuset", at),
        "-1".equals(string(s, "memswap_limit", at)) ? "-1" : bytes(s, "memswap_limit", at),
        strings(s.get("dns_search"), at + ".dns_search"),
        strings(s.get("dns_opt"), at + ".dns_opt"), networkMode,
        longValue(s.get("cpu_period"), at + ".cpu_period"),
        longValue(s.get("cpu_quota"), at + ".cpu_quota"), bytes(s, "mem_reservation", at),
        bool(s.get("oom_kill_disable"), at + ".oom_kill_disable"),
        longValue(blkio.get("weight"), at + ".blkio_config.weight"),
        string(s, "domainname", at));
  }

  /**
   * {@code ulimits} (a service's or its build's): name → {@code SOFT:HARD}, or {@code N}
   * (Compose's single number for both).
   */
  private Map<String, String> ulimits(Object value, String at) {
    Map<String, String> ulimits = new LinkedHashMap<>();
    map(value, at).forEach((name, limitValue) -> {
      String p = at + "." + name;
      if (limitValue instanceof Map<?, ?> m) {
        Map<String, Object> limit = ComposeMerge.cast(m);
        ULIMIT_KEYS.check(limit, p, where);
        Long soft = longValue(limit.get("soft"), p + ".soft");
        Long hard = longValue(limit.get("hard"), p + ".hard");
        if (soft == null || hard == null) {
          throw where.error(p, "give both soft and hard, or one number for both");
        }
        ulimits.put(name, soft + ":" + hard);
      } else if (limitValue == null) {
        throw where.error(p, "give a number, or soft and hard");
      } else {
        ulimits.put(name, String.valueOf(longValue(limitValue, p)));
      }
    });
    return ulimits;
  }

  /** A size ({@code 64m}, {@code 1gb}, bytes) as bytes, a decimal string; null: not given. */
  private String bytes(Map<String, Object> map, String key, String at) {
    String text = string(map, key, at);
    if (text == null) {
      return null;
    }
    try {
      return Long.toString(dev.hoist.internal.runtime.ResourceUnits.bytes(text));
    } catch (IllegalArgumentException e) {
      throw where.error(at + "." + key, e.getMessage());
    }
  }

  /**
   * {@code entries} with each {@code KEY} given alone taking the project's value (its
   * variables: the environment and {@code .env}, as Compose v2's interpolation environment),
   * null when it has none.
   */
  private Map<String, String> projectValues(Map<String, String> entries) {
    Map<String, String> out = new LinkedHashMap<>();
    entries.forEach((k, v) -> out.put(k, v == null ? variables.apply(k) : v));
    return out;
  }

  private BuildConfig build(Object value, String at) {
    if (value == null) {
      return null;
    }
    if (value instanceof String context) {
      return BuildConfig.ofContext(context);
    }
    Map<String, Object> b = map(value, at);
    BUILD_KEYS.check(b, at, where);
    if (b.get("ssh") != null) {
      throw where.error(at + ".ssh", "SSH agent forwarding (RUN --mount=type=ssh) is not "
          + "supported by hoist's build engine; copy what the build needs into its context or "
          + "use a build secret");
    }
    String dockerfile = string(b, "dockerfile", at);
    String inline = string(b, "dockerfile_inline", at);
    if (dockerfile != null && inline != null) {
      throw where.error(at + ".dockerfile_inline", "dockerfile and dockerfile_inline are "
          + "mutually exclusive");
    }
    String network = string(b, "network", at);
    if (network != null && !network.matches("default|bridge|host|none")) {
      throw where.error(at + ".network", "hoist builds on default, bridge, host or none, not \""
          + network + "\"");
    }
    List<String> platforms = strings(b.get("platforms"), at + ".platforms");
    if (platforms.size() > 1) {
      throw where.error(at + ".platforms", "one platform only: a service runs one image "
          + "(build a multi-platform image with hoist build --platform)");
    }
    return new BuildConfig(string(b, "context", at), dockerfile,
        projectValues(mapOfStrings(b.get("args"), at + ".args")), string(b, "target", at), inline,
        mapOfStrings(b.get("labels"), at + ".labels"),
        strings(b.get("cache_from"), at + ".cache_from"), network, platforms,
        buildSecrets(b.get("secrets")), extraHosts(b.get("extra_hosts"), at + ".extra_hosts"),
        bytes(b, "shm_size", at), ulimits(b.get("ulimits"), at + ".ulimits"));
  }

  /** {@code build.secrets} as {@link FileMounts#apply} resolved them. */
  private static List<BuildSecret> buildSecrets(Object value) {
    List<BuildSecret> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        Map<?, ?> m = (Map<?, ?>) item;
        out.add(new BuildSecret((String) m.get("source"), (String) m.get("target"),
            (String) m.get("file"), (String) m.get("environment"), (String) m.get("value")));
      }
    }
    return out;
  }

  private List<Path> envFiles(Object value, String at) {
    List<Path> files = new ArrayList<>();
    if (value == null) {
      return files;
    }
    List<Object> items = value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      boolean required = true;
      String path;
      if (item instanceof Map<?, ?> m) {
        path = String.valueOf(m.get("path"));
        required = m.get("required") == null || Boolean.TRUE.equals(bool(m.get("required"),
            at + "[" + i + "].required"));
      } else {
        path = String.valueOf(item);
      }
      Path file = Path.of(path);
      if (!Files.isRegularFile(file)) {
        if (required) {
          throw where.error(at + "[" + i + "]", "env file " + file + " not found");
        }
        continue;
      }
      files.add(file);
    }
    return files;
  }

  private List<PortConfig> ports(Object value, String at) {
    List<PortConfig> out = new ArrayList<>();
    List<Object> items = list(value, at);
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      String p = at + "[" + i + "]";
      if (item instanceof Map<?, ?> m) {
        Map<String, Object> port = ComposeMerge.cast(m);
        PORT_KEYS.check(port, p, where);
        int target = port(port.get("target"), p + ".target");
        Object published = port.get("published");
        String protocol = string(port, "protocol", p);
        if (protocol != null && !protocol.equals("tcp") && !protocol.equals("udp")) {
          throw where.error(p + ".protocol", "invalid protocol \"" + protocol + "\"");
        }
        out.add(new PortConfig(string(port, "host_ip", p),
            published == null ? "" : publishedText(published, p + ".published"), target,
            protocol));
      } else {
        out.addAll(shortPort(String.valueOf(item), p));
      }
    }
    return out;
  }

  private String publishedText(Object published, String at) {
    String text = String.valueOf(published);
    if (!text.matches("\\d{1,5}(-\\d{1,5})?")) {
      throw where.error(at, "invalid published port \"" + text + "\"");
    }
    return text;
  }

  private List<PortConfig> shortPort(String spec, String at) {
    String rest = spec;
    String protocol = "tcp";
    int slash = rest.lastIndexOf('/');
    if (slash >= 0) {
      protocol = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
      if (!protocol.equals("tcp") && !protocol.equals("udp")) {
        throw where.error(at, "invalid port \"" + spec + "\": unknown protocol " + protocol);
      }
    }
    String ip = "";
    if (rest.startsWith("[")) {
      int close = rest.indexOf("]:");
      if (close < 0) {
        throw where.error(at, "invalid port \"" + spec + "\"");
      }
      ip = rest.substring(1, close);
      rest = rest.substring(close + 2);
    }
    String[] parts = rest.split(":", -1);
    String published;
    String target;
    if (parts.length == 1) {
      published = "";
      target = parts[0];
    } else if (parts.length == 2) {
      published = parts[0];
      target = parts[1];
    } else if (parts.length == 3 && ip.isEmpty()) {
      ip = parts[0];
      published = parts[1];
      target = parts[2];
    } else {
      throw where.error(at, "invalid port \"" + spec + "\"");
    }
    int[] targets = range(target, spec, at);
    int[] publishedRange = published.isEmpty() ? null : range(published, spec, at);
    List<PortConfig> out = new ArrayList<>();
    int count = targets[1] - targets[0] + 1;
    if (publishedRange != null && publishedRange[1] - publishedRange[0] + 1 != count) {
      if (count == 1) {
        // one container port on any host port of a range: kept as written
        out.add(new PortConfig(ip, published, targets[0], protocol));
        return out;
      }
      throw where.error(at, "invalid port \"" + spec + "\": the ranges differ in length");
    }
    for (int n = 0; n < count; n++) {
      out.add(new PortConfig(ip, publishedRange == null ? ""
          : String.valueOf(publishedRange[0] + n), targets[0] + n, protocol));
    }
    return out;
  }

  private int[] range(String text, String spec, String at) {
    if (!text.matches("\\d{1,5}(-\\d{1,5})?")) {
      throw where.error(at, "invalid port \"" + spec + "\"");
    }
    int dash = text.indexOf('-');
    int low = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
    int high = dash < 0 ? low : Integer.parseInt(text.substring(dash + 1));
    if (low < 1 || high > 65535 || high < low) {
      throw where.error(at, "invalid port \"" + spec + "\": out of range");
    }
    return new int[] {low, high};
  }

  private int port(Object value, String at) {
    if (value == null) {
      throw where.error(at, "required");
    }
    String text = String.valueOf(value);
    if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1
        || Integer.parseInt(text) > 65535) {
      throw where.error(at, "invalid port \"" + text + "\"");
    }
    return Integer.parseInt(text);
  }

  private List<VolumeMount> volumes(Object value, String at) {
    List<VolumeMount> out = new ArrayList<>();
    List<Object> items = list(value, at);
    for (int i = 0; i < items.size(); i++) {
      String p = at + "[" + i + "]";
      VolumeMount mount = items.get(i) instanceof Map<?, ?> m
          ? longVolume(ComposeMerge.cast(m), p) : shortVolume(String.valueOf(items.get(i)), p);
      if (mount.type().equals("volume") && mount.source() != null
          && !volumeKeys.contains(mount.source())) {
        throw where.error(p, "named volume \"" + mount.source()
            + "\" is not declared in the top-level volumes");
      }
      out.add(mount);
    }
    return out;
  }

  private VolumeMount shortVolume(String spec, String at) {
    String[] parts = spec.split(":", -1);
    if (parts.length == 1) {
      requireAbsolute(parts[0], spec, at);
      return new VolumeMount("volume", null, parts[0], false, false, 0);
    }
    if (parts.length > 3 || parts[0].isEmpty()) {
      throw where.error(at, "invalid volume \"" + spec + "\" (SOURCE:TARGET[:MODE])");
    }
    requireAbsolute(parts[1], spec, at);
    boolean readOnly = false;
    boolean noCopy = false;
    if (parts.length == 3) {
      for (String mode : parts[2].split(",")) {
        switch (mode) {
          case "ro" -> readOnly = true;
          case "rw", "z", "Z", "cached", "delegated", "consistent" -> { }
          case "nocopy" -> noCopy = true;
          default -> throw where.error(at, "invalid volume \"" + spec + "\": unknown mode \""
              + mode + "\"");
        }
      }
    }
    boolean bind = parts[0].startsWith("/");
    return new VolumeMount(bind ? "bind" : "volume", parts[0], parts[1], readOnly,
        !bind && noCopy, 0);
  }

  private VolumeMount longVolume(Map<String, Object> v, String at) {
    VOLUME_KEYS.check(v, at, where);
    String type = string(v, "type", at);
    if (type == null) {
      throw where.error(at + ".type", "required (volume, bind or tmpfs)");
    }
    String target = string(v, "target", at);
    if (target == null) {
      throw where.error(at + ".target", "required");
    }
    requireAbsolute(target, target, at + ".target");
    String source = string(v, "source", at);
    boolean readOnly = flag(v, "read_only", at);
    switch (type) {
      case "bind" -> {
        if (source == null || !source.startsWith("/")) {
          throw where.error(at + ".source", "a bind mount needs a host path");
        }
        Map<String, Object> bind = map(v.get("bind"), at + ".bind");
        new Keys(Set.of("propagation", "create_host_path", "selinux")).check(bind, at + ".bind",
            where);
        return new VolumeMount("bind", source, target, readOnly, false, 0);
      }
      case "volume" -> {
        Map<String, Object> volume = map(v.get("volume"), at + ".volume");
        new Keys(Set.of("nocopy"), Set.of("subpath")).check(volume, at + ".volume", where);
        return new VolumeMount("volume", source, target, readOnly,
            flag(volume, "nocopy", at + ".volume"), 0);
      }
      case "tmpfs" -> {
        Map<String, Object> tmpfs = map(v.get("tmpfs"), at + ".tmpfs");
        new Keys(Set.of("size", "mode")).check(tmpfs, at + ".tmpfs", where);
        Long size = tmpfs.get("size") instanceof Number n ? n.longValue() : null;
        return new VolumeMount("tmpfs", null, target, readOnly, false,
            size == null ? 0 : size);
      }
      default -> throw where.error(at + ".type", "unsupported volume type \"" + type
          + "\" (volume, bind or tmpfs)");
    }
  }

  private void requireAbsolute(String target, String spec, String at) {
    if (!target.startsWith("/")) {
      throw where.error(at, "invalid volume \"" + spec + "\": the container path must be "
          + "absolute");
    }
  }

  private Map<String, ServiceNetwork> networks(String name, Map<String, Object> s, String at,
      ServiceHost host) {
    Map<String, ServiceNetwork> out = new LinkedHashMap<>();
    Object value = s.get("networks");
    if (host.networkMode() != null) {
      if (value != null) {
        throw where.error(at + ".network_mode", "service " + name + " declares mutually "
            + "exclusive `network_mode` and `networks`");
      }
      return out; // the mode's network alone
    }
    if (value == null) {
      out.put("default", ServiceNetwork.DEFAULT);
      return out;
    }
    String p = at + ".networks";
    if (!(value instanceof Map) && !(value instanceof List)) {
      throw where.error(p, "must be a list or a mapping");
    }
    for (Map.Entry<String, Object> e : ComposeMerge.asMap(value).entrySet()) {
      String key = e.getKey();
      if (!networkKeys.contains(key)) {
        throw where.error(p + "." + key, "service \"" + name + "\" refers to undefined network "
            + key);
      }
      Map<String, Object> n = map(e.getValue(), p + "." + key);
      SERVICE_NETWORK_KEYS.check(n, p + "." + key, where);
      out.put(key, new ServiceNetwork(strings(n.get("aliases"), p + "." + key + ".aliases"),
          string(n, "ipv4_address", p + "." + key)));
    }
    return out;
  }

  private Map<String, Dependency> dependsOn(Object value, String at) {
    Map<String, Dependency> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof Map) && !(value instanceof List)) {
      throw where.error(at, "must be a list or a mapping");
    }
    for (Map.Entry<String, Object> e : ComposeMerge.asMap(value).entrySet()) {
      String p = at + "." + e.getKey();
      Map<String, Object> d = map(e.getValue(), p);
      DEPENDS_KEYS.check(d, p, where);
      String condition = d.get("condition") == null ? Dependency.STARTED
          : String.valueOf(d.get("condition"));
      if (!CONDITIONS.contains(condition)) {
        throw where.error(p + ".condition", "invalid condition \"" + condition
            + "\" (service_started, service_healthy, service_completed_successfully)");
      }
      Boolean restart = bool(d.get("restart"), p + ".restart");
      Boolean required = bool(d.get("required"), p + ".required");
      out.put(e.getKey(), new Dependency(condition, restart != null && restart,
          required == null || required));
    }
    return out;
  }

  private Healthcheck healthcheck(Object value, String at) {
    if (value == null) {
      return null;
    }
    Map<String, Object> h = map(value, at);
    HEALTH_KEYS.check(h, at, where);
    Object test = h.get("test");
    List<String> argv;
    if (test == null) {
      argv = List.of();
    } else if (test instanceof String shell) {
      argv = List.of("CMD-SHELL", shell);
    } else {
      argv = strings(test, at + ".test");
      if (!argv.isEmpty() && !Set.of("CMD", "CMD-SHELL", "NONE").contains(argv.get(0))) {
        throw where.error(at + ".test", "must start with CMD, CMD-SHELL or NONE");
      }
    }
    Boolean disable = bool(h.get("disable"), at + ".disable");
    boolean disabled = (disable != null && disable)
        || (!argv.isEmpty() && argv.get(0).equals("NONE"));
    return new Healthcheck(disabled ? List.of("NONE") : argv,
        duration(h, "interval", at), duration(h, "timeout", at),
        integer(h.get("retries"), at + ".retries"), duration(h, "start_period", at),
        duration(h, "start_interval", at), disabled);
  }

  private List<String> extraHosts(Object value, String at) {
    List<String> out = new ArrayList<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.add(v == null ? String.valueOf(k) : k + ":" + v));
      return out;
    }
    for (String entry : strings(value, at)) {
      int eq = entry.indexOf('=');
      out.add(eq > 0 ? entry.substring(0, eq) + ":" + entry.substring(eq + 1) : entry);
    }
    return out;
  }

  private List<String> words(Object value, String at) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return ShellWords.split(s, message -> where.error(at, message));
    }
    return strings(value, at);
  }

  // ---- scalars and shapes

  Map<String, Object> map(Object value, String at) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw where.error(at, "must be a mapping");
    }
    return ComposeMerge.cast(m);
  }

  private List<Object> list(Object value, String at) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> l)) {
      throw where.error(at, "must be a list");
    }
    return new ArrayList<>(l);
  }

  private List<String> strings(Object value, String at) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof String || value instanceof Number) {
      return List.of(scalar(value));
    }
    List<String> out = new ArrayList<>();
    List<Object> items = list(value, at);
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (item instanceof Map || item instanceof List || item == null) {
        throw where.error(at + "[" + i + "]", "must be a string");
      }
      out.add(scalar(item));
    }
    return out;
  }

  Map<String, String> mapOfStrings(Object value, String at) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof Map) && !(value instanceof List)) {
      throw where.error(at, "must be a list or a mapping");
    }
    ComposeMerge.asMap(value).forEach((k, v) -> {
      if (v instanceof Map || v instanceof List) {
        throw where.error(at + "." + k, "must be a string, number, boolean or null");
      }
      out.put(k, v == null ? null : scalar(v));
    });
    return out;
  }

  private String string(Map<String, Object> map, String key, String at) {
    Object v = map.get(key);
    if (v instanceof Map || v instanceof List) {
      throw where.error(at + "." + key, "must be a string");
    }
    return v == null ? null : scalar(v);
  }

  /** {@code cpus} as a plain decimal without trailing zeros ({@code "0.50"}: {@code 0.5}). */
  private String cpus(String text, String at) {
    if (text == null) {
      return null;
    }
    try {
      java.math.BigDecimal d = new java.math.BigDecimal(text).stripTrailingZeros();
      return d.scale() <= 0 ? d.setScale(1).toPlainString() : d.toPlainString();
    } catch (NumberFormatException e) {
      throw where.error(at + ".cpus", "must be a number, not \"" + text + "\"");
    }
  }

  /** A duration in Go's canonical spelling ({@code 90s}: {@code 1m30s}), as Compose v2. */
  private String duration(Map<String, Object> map, String key, String at) {
    String text = string(map, key, at);
    if (text == null) {
      return null;
    }
    try {
      return Durations.format(Durations.parse(text, at + "." + key));
    } catch (ComposeException e) {
      throw where.error(at + "." + key, "invalid duration \"" + text
          + "\" (like 10s, 1m30s, 500ms)");
    }
  }

  private static String firstString(Object first, Object second) {
    Object v = first != null ? first : second;
    return v == null ? null : scalar(v);
  }

  private boolean flag(Map<String, Object> map, String key, String at) {
    Boolean b = bool(map.get(key), at + "." + key);
    return b != null && b;
  }

  Boolean bool(Object value, String at) {
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    String t = String.valueOf(value).toLowerCase(Locale.ROOT);
    return switch (t) {
      case "true", "yes", "on", "y" -> true;
      case "false", "no", "off", "n" -> false;
      default -> throw where.error(at, "must be a boolean, not \"" + value + "\"");
    };
  }

  private Integer integer(Object value, String at) {
    Long l = longValue(value, at);
    return l == null ? null : Math.toIntExact(l);
  }

  private Long longValue(Object value, String at) {
    if (value == null) {
      return null;
    }
    if (value instanceof Long l) {
      return l;
    }
    try {
      return Long.parseLong(String.valueOf(value));
    } catch (NumberFormatException e) {
      throw where.error(at, "must be an integer, not \"" + value + "\"");
    }
  }

  /** A scalar as Compose prints it: {@code 1}, {@code 0.5}, {@code true}, text. */
  static String scalar(Object value) {
    return String.valueOf(value);
  }
}
