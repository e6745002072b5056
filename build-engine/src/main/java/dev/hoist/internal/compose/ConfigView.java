package dev.hoist.internal.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code hoist compose config}: a {@link ComposeProject} as the Compose Specification's
 * normalised file (every service in its long syntaxes, names as hoist gives them), in YAML or
 * JSON. A thin view of the records: what it prints, {@code up} uses.
 */
public final class ConfigView {
  private ConfigView() {}

  /** The project as a tree of maps and lists. */
  public static Map<String, Object> tree(ComposeProject project) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", project.name());
    Map<String, Object> services = new TreeMap<>();
    project.services().forEach((name, s) -> services.put(name, service(s)));
    out.put("services", services);
    Map<String, Object> networks = new TreeMap<>();
    project.networks().forEach((key, n) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", n.name());
      put(m, "driver", n.driver());
      putTrue(m, "external", n.external());
      putTrue(m, "internal", n.internal());
      if (n.subnet() != null || n.gateway() != null) {
        Map<String, Object> config = new LinkedHashMap<>();
        put(config, "subnet", n.subnet());
        put(config, "gateway", n.gateway());
        m.put("ipam", Map.of("config", List.of(config)));
      }
      putMap(m, "labels", n.labels());
      networks.put(key, m);
    });
    if (!networks.isEmpty()) {
      out.put("networks", networks);
    }
    Map<String, Object> volumes = new TreeMap<>();
    project.volumes().forEach((key, v) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", v.name());
      putTrue(m, "external", v.external());
      putMap(m, "labels", v.labels());
      volumes.put(key, m);
    });
    if (!volumes.isEmpty()) {
      out.put("volumes", volumes);
    }
    return out;
  }

  static Map<String, Object> service(ServiceConfig s) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (s.build() != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      put(b, "context", s.build().context());
      put(b, "dockerfile", s.build().dockerfile());
      put(b, "dockerfile_inline", s.build().dockerfileInline());
      putMap(b, "args", s.build().args());
      put(b, "target", s.build().target());
      putMap(b, "labels", s.build().labels());
      putList(b, "cache_from", s.build().cacheFrom());
      put(b, "network", s.build().network());
      putList(b, "platforms", s.build().platforms());
      putList(b, "extra_hosts", s.build().extraHosts());
      put(b, "shm_size", s.build().shmSize());
      putUlimits(b, s.build().ulimits());
      if (!s.build().secrets().isEmpty()) {
        List<Object> secrets = new ArrayList<>();
        for (BuildSecret x : s.build().secrets()) {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("source", x.source());
          one.put("target", x.id());
          secrets.add(one);
        }
        b.put("secrets", secrets);
      }
      m.put("build", b);
    }
    putList(m, "cap_add", s.capAdd());
    putList(m, "cap_drop", s.capDrop());
    if (s.command() != null) {
      m.put("command", s.command());
    }
    put(m, "container_name", s.containerName());
    ServiceHost host = s.host();
    if (host.blkioWeight() != null) {
      m.put("blkio_config", Map.of("weight", host.blkioWeight()));
    }
    put(m, "cpu_period", host.cpuPeriod());
    put(m, "cpu_quota", host.cpuQuota());
    put(m, "cpu_shares", host.cpuShares());
    put(m, "cpus", s.cpus());
    put(m, "cpuset", host.cpuset());
    if (!s.dependsOn().isEmpty()) {
      Map<String, Object> deps = new TreeMap<>();
      s.dependsOn().forEach((k, d) -> {
        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("condition", d.condition());
        dm.put("restart", d.restart());
        dm.put("required", d.required());
        deps.put(k, dm);
      });
      m.put("depends_on", deps);
    }
    if (!host.devices().isEmpty()) {
      m.put("devices", host.devices().stream().map(ConfigView::device).toList());
    }
    putList(m, "dns", s.dns());
    putList(m, "dns_opt", host.dnsOpt());
    putList(m, "dns_search", host.dnsSearch());
    put(m, "domainname", host.domainname());
    if (s.entrypoint() != null) {
      m.put("entrypoint", s.entrypoint());
    }
    putMap(m, "environment", s.environment());
    putList(m, "expose", s.expose());
    putList(m, "extra_hosts", s.extraHosts());
    putList(m, "group_add", host.groupAdd());
    if (s.healthcheck() != null) {
      Healthcheck h = s.healthcheck();
      Map<String, Object> hm = new LinkedHashMap<>();
      putList(hm, "test", h.test());
      put(hm, "interval", h.interval());
      put(hm, "timeout", h.timeout());
      put(hm, "retries", h.retries());
      put(hm, "start_period", h.startPeriod());
      put(hm, "start_interval", h.startInterval());
      putTrue(hm, "disable", h.disable());
      m.put("healthcheck", hm);
    }
    put(m, "hostname", s.hostname());
    put(m, "image", s.image());
    put(m, "init", s.init());
    put(m, "ipc", host.ipc());
    putMap(m, "labels", s.labels());
    if (s.loggingDriver() != null || !s.loggingOptions().isEmpty()) {
      Map<String, Object> lm = new LinkedHashMap<>();
      put(lm, "driver", s.loggingDriver());
      putMap(lm, "options", s.loggingOptions());
      m.put("logging", lm);
    }
    put(m, "mem_limit", s.memoryLimit());
    put(m, "mem_reservation", host.memReservation());
    put(m, "memswap_limit", host.memswapLimit());
    put(m, "network_mode", host.networkMode());
    Map<String, Object> networks = new TreeMap<>();
    s.networks().forEach((k, n) -> {
      if (n.aliases().isEmpty() && n.ipv4Address() == null) {
        networks.put(k, null);
      } else {
        Map<String, Object> nm = new LinkedHashMap<>();
        putList(nm, "aliases", n.aliases());
        put(nm, "ipv4_address", n.ipv4Address());
        networks.put(k, nm);
      }
    });
    if (host.networkMode() == null) {
      m.put("networks", networks);
    }
    put(m, "oom_kill_disable", host.oomKillDisable());
    put(m, "oom_score_adj", host.oomScoreAdj());
    put(m, "pid", host.pid());
    put(m, "pids_limit", s.pidsLimit());
    if (!s.ports().isEmpty()) {
      List<Object> ports = new ArrayList<>();
      for (PortConfig p : s.ports()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("target", p.target());
        if (!p.published().isEmpty()) {
          pm.put("published", p.published());
        }
        if (!p.hostIp().isEmpty()) {
          pm.put("host_ip", p.hostIp());
        }
        pm.put("protocol", p.protocol());
        ports.add(pm);
      }
      m.put("ports", ports);
    }
    putTrue(m, "privileged", s.privileged());
    putList(m, "profiles", s.profiles());
    put(m, "pull_policy", s.pullPolicy());
    putTrue(m, "read_only", s.readOnly());
    put(m, "restart", s.restart());
    put(m, "scale", s.replicas());
    putList(m, "security_opt", host.securityOpt());
    put(m, "shm_size", host.shmSize());
    putTrue(m, "stdin_open", s.stdinOpen());
    put(m, "stop_grace_period", s.stopGracePeriod());
    put(m, "stop_signal", s.stopSignal());
    putMap(m, "sysctls", host.sysctls());
    putList(m, "tmpfs", s.tmpfs());
    putTrue(m, "tty", s.tty());
    putUlimits(m, host.ulimits());
    put(m, "user", s.user());
    put(m, "uts", host.uts());
    if (!s.files().isEmpty()) {
      // secrets and configs made of a value: their digests (the value never printed), which
      // also make a changed value change the config hash
      Map<String, Object> files = new TreeMap<>();
      s.files().forEach((target, content) -> files.put(target, "sha256:"
          + ContentFiles.digest(content)));
      m.put("x-hoist-files", files);
    }
    if (!s.volumes().isEmpty()) {
      List<Object> volumes = new ArrayList<>();
      for (VolumeMount v : s.volumes()) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("type", v.type());
        put(vm, "source", v.source());
        vm.put("target", v.target());
        putTrue(vm, "read_only", v.readOnly());
        if (v.noCopy()) {
          vm.put("volume", Map.of("nocopy", true));
        }
        if (v.tmpfsSize() > 0) {
          vm.put("tmpfs", Map.of("size", v.tmpfsSize()));
        }
        volumes.add(vm);
      }
      m.put("volumes", volumes);
    }
    putList(m, "volumes_from", s.volumesFrom());
    put(m, "working_dir", s.workingDir());
    return m;
  }

  /** A ulimit as Compose v2 prints it: {@code N} (one number for both), or soft and hard. */
  /** {@code ulimits} (name → {@code SOFT:HARD} or {@code N}) in Compose v2's form. */
  private static void putUlimits(Map<String, Object> m, Map<String, String> entries) {
    if (!entries.isEmpty()) {
      Map<String, Object> ulimits = new TreeMap<>();
      entries.forEach((name, value) -> ulimits.put(name, ulimit(value)));
      m.put("ulimits", ulimits);
    }
  }

  private static Object ulimit(String value) {
    int colon = value.indexOf(':');
    if (colon < 0) {
      return Long.parseLong(value);
    }
    Map<String, Object> limit = new LinkedHashMap<>();
    limit.put("soft", Long.parseLong(value.substring(0, colon)));
    limit.put("hard", Long.parseLong(value.substring(colon + 1)));
    return limit;
  }

  /** A device ({@code HOST[:CONTAINER[:PERMS]]}) in Compose v2's long form. */
  private static Map<String, Object> device(String spec) {
    List<String> parts = new ArrayList<>(List.of(spec.split(":", 3)));
    if (parts.size() == 2 && !parts.get(1).startsWith("/")) {
      parts.add(1, parts.get(0)); // HOST:PERMS
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("source", parts.get(0));
    d.put("target", parts.size() > 1 ? parts.get(1) : parts.get(0));
    d.put("permissions", parts.size() > 2 ? parts.get(2) : "rwm");
    return d;
  }

  /** The tree as YAML. */
  public static String yaml(Map<String, Object> tree) {
    YAMLFactory factory = YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .build();
    String yaml = write(new ObjectMapper(factory), tree);
    return yaml.endsWith("\n") ? yaml : yaml + "\n";
  }

  /** The tree as indented JSON. */
  public static String json(Map<String, Object> tree) {
    return write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT), tree) + "\n";
  }

  private static String write(ObjectMapper mapper, Map<String, Object> tree) {
    try {
      return mapper.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static void putTrue(Map<String, Object> m, String key, boolean value) {
    if (value) {
      m.put(key, true);
    }
  }

  private static void putList(Map<String, Object> m, String key, List<?> value) {
    if (value != null && !value.isEmpty()) {
      m.put(key, value);
    }
  }

  private static void putMap(Map<String, Object> m, String key, Map<String, ?> value) {
    if (value != null && !value.isEmpty()) {
      m.put(key, new TreeMap<>(value)); // sorted, as Compose prints them
    }
  }
}
