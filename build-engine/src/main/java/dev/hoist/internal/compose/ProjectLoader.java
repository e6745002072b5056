package dev.hoist.internal.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads a {@link ComposeProject}: finds the files, reads the {@code .env} file, reads and
 * interpolates each file, resolves relative paths, merges the files in order, applies
 * {@code extends}, picks the services the profiles enable, names the project and reads every
 * service ({@link ServiceParser}); {@code depends_on} is checked for unknown services and
 * cycles.
 */
public final class ProjectLoader {
  /** The names Compose looks for, in its order of preference. */
  public static final List<String> FILE_NAMES = List.of("compose.yaml", "compose.yml",
      "docker-compose.yaml", "docker-compose.yml");
  private static final Keys TOP_KEYS = new Keys(Set.of("version", "name", "services",
      "networks", "volumes", "include", "secrets", "configs"), Set.of("models"));
  private static final Keys NETWORK_KEYS = new Keys(Set.of("driver", "external", "internal",
      "name", "ipam", "labels", "attachable", "enable_ipv6"), Set.of("driver_opts"));
  private static final Keys VOLUME_KEYS = new Keys(Set.of("driver", "external", "name",
      "labels"), Set.of("driver_opts"));

  private final ProjectOptions options;

  public ProjectLoader(ProjectOptions options) {
    this.options = options;
  }

  private Read read() throws IOException {
    List<Path> files = files();
    Path projectDir = options.projectDirectory() != null
        ? options.workingDir().resolve(options.projectDirectory()).normalize()
        : files.get(0).getParent();
    Map<String, String> variables = new LinkedHashMap<>();
    List<Path> envFiles = options.envFiles().isEmpty()
        ? List.of(projectDir.resolve(".env")) : options.envFiles().stream()
            .map(f -> options.workingDir().resolve(f)).toList();
    for (Path envFile : envFiles) {
      if (Files.isRegularFile(envFile)) {
        DotEnv.read(envFile).forEach((k, v) -> variables.put(k, v == null ? "" : v));
      } else if (!options.envFiles().isEmpty()) {
        throw new ComposeException("env file " + envFile + " not found");
      }
    }
    variables.putAll(options.environment());
    Interpolation interpolation = Interpolation.of(variables);

    List<YamlDocument> documents = new ArrayList<>();
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Path file : files) {
      YamlDocument document = YamlDocument.read(file);
      documents.add(document);
      Where where = new Where(List.of(document));
      TOP_KEYS.check(document.tree(), "", where);
      Map<String, Object> tree = tree(document, interpolation);
      RelativePaths.resolveAll(tree, projectDir);
      FileMounts.resolveFiles(tree, projectDir);
      merged = ComposeMerge.files(merged, tree);
    }
    Where where = new Where(documents);
    merged = Includes.apply(merged, options, projectDir, where);
    Map<String, Map<String, Object>> services = services(merged, where);
    new Extends(where, d -> tree(d, interpolation)).apply(services, files.get(0));
    return new Read(files, projectDir, variables, where, merged, services);
  }

  /** What {@link #load} reads before it reads the services: the files merged. */
  private record Read(List<Path> files, Path projectDir, Map<String, String> variables,
      Where where, Map<String, Object> merged, Map<String, Map<String, Object>> services) {}

  /**
   * The files' tree, merged, {@code include}s added and {@code extends} applied, relative
   * paths made absolute: what an including project takes ({@link Includes}).
   */
  Map<String, Object> tree() throws IOException {
    Read read = read();
    Map<String, Object> out = new LinkedHashMap<>(read.merged());
    out.put("services", new LinkedHashMap<String, Object>(read.services()));
    return out;
  }

  /** The project, the services the enabled profiles select active. */
  public ComposeProject load() throws IOException {
    return load(null);
  }

  /**
   * As {@link #load()}, with {@code targeted}'s profiles enabled too when none enabled selects
   * it: a service named on the command line runs whatever its profiles ({@code compose run}, as
   * Compose v2 does), and so do the other services of those profiles. Null: none targeted.
   */
  public ComposeProject load(String targeted) throws IOException {
    Read read = read();
    List<Path> files = read.files();
    Path projectDir = read.projectDir();
    Map<String, String> variables = read.variables();
    Where where = read.where();
    Map<String, Object> merged = read.merged();
    Map<String, Map<String, Object>> services = read.services();
    FileMounts fileMounts = new FileMounts(merged, projectDir, where, variables::get);

    String name = projectName(merged, variables, projectDir, where);
    Set<String> volumeKeys = keys(merged.get("volumes"), "volumes", where);
    Set<String> networkKeys = new LinkedHashSet<>(keys(merged.get("networks"), "networks",
        where));
    networkKeys.add("default");
    ServiceParser parser = new ServiceParser(where, variables::get, volumeKeys, networkKeys);

    Set<String> profiles = new LinkedHashSet<>(options.profiles());
    if (profiles.isEmpty() && variables.get("COMPOSE_PROFILES") != null) {
      for (String p : variables.get("COMPOSE_PROFILES").split(",")) {
        if (!p.isBlank()) {
          profiles.add(p.strip());
        }
      }
    }
    Map<String, ServiceConfig> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Object>> e : services.entrySet()) {
      FileMounts.Applied applied = fileMounts.apply(e.getKey(), e.getValue());
      parsed.put(e.getKey(), parser.parse(e.getKey(), applied.tree(), applied.files()));
    }
    ServiceConfig target = targeted == null ? null : parsed.get(targeted);
    if (target != null && !enabled(target, profiles)) {
      profiles.addAll(target.profiles());
    }
    Map<String, ServiceConfig> active = new LinkedHashMap<>();
    List<String> disabled = new ArrayList<>();
    parsed.forEach((key, service) -> {
      if (enabled(service, profiles)) {
        active.put(key, service);
      } else {
        disabled.add(key);
      }
    });
    checkDependencies(active, services.keySet(), where);
    return new ComposeProject(name, projectDir, files, active,
        networks(merged, name, active, where), volumes(merged, name, where), disabled,
        variables);
  }

  private static boolean enabled(ServiceConfig service, Set<String> profiles) {
    return service.profiles().isEmpty() || profiles.contains("*")
        || service.profiles().stream().anyMatch(profiles::contains);
  }

  /** The file's tree, interpolated unless turned off. */
  private Map<String, Object> tree(YamlDocument document, Interpolation interpolation) {
    if (!options.interpolate()) {
      return document.tree();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = (Map<String, Object>) interpolation.tree(document.tree(), "",
        new Where(List.of(document))::error);
    return tree;
  }

  /** The compose files: {@code -f}, {@code COMPOSE_FILE}, or found from the directory up. */
  List<Path> files() {
    if (!options.files().isEmpty()) {
      List<Path> out = new ArrayList<>();
      for (Path f : options.files()) {
        Path file = options.workingDir().resolve(f).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
          throw new ComposeException("compose file not found: " + file);
        }
        out.add(file);
      }
      return out;
    }
    String fromEnv = options.environment().get("COMPOSE_FILE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      String separator = options.environment().getOrDefault("COMPOSE_PATH_SEPARATOR", ":");
      List<Path> listed = new ArrayList<>();
      for (String f : fromEnv.split(java.util.regex.Pattern.quote(separator))) {
        listed.add(Path.of(f));
      }
      return new ProjectLoader(options.withFiles(listed)).files();
    }
    for (Path dir = options.workingDir().toAbsolutePath().normalize(); dir != null;
        dir = dir.getParent()) {
      for (String name : FILE_NAMES) {
        Path file = dir.resolve(name);
        if (Files.isRegularFile(file)) {
          List<Path> out = new ArrayList<>(List.of(file));
          String base = name.substring(0, name.lastIndexOf('.'));
          for (String ext : List.of(".yaml", ".yml")) {
            Path override = dir.resolve(base + ".override" + ext);
            if (Files.isRegularFile(override)) {
              out.add(override);
              break;
            }
          }
          return out;
        }
      }
    }
    throw new ComposeException("no configuration file provided: not found (looked for "
        + String.join(", ", FILE_NAMES) + " in " + options.workingDir()
        + " and its parents)");
  }

  private Map<String, Map<String, Object>> services(Map<String, Object> merged, Where where) {
    Object value = merged.get("services");
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw where.error("services", "must be a mapping");
    }
    map.forEach((k, v) -> {
      String name = (String) k;
      if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9._-]*")) {
        throw where.error("services." + name, "invalid service name \"" + name
            + "\" (letters, digits, '.', '_' and '-')");
      }
      if (v != null && !(v instanceof Map)) {
        throw where.error("services." + name, "must be a mapping");
      }
      out.put(name, v == null ? new LinkedHashMap<>() : ComposeMerge.cast((Map<?, ?>) v));
    });
    return out;
  }

  private String projectName(Map<String, Object> merged, Map<String, String> variables,
      Path projectDir, Where where) {
    if (options.projectName() != null) {
      return checkedName(options.projectName(), "-p");
    }
    String fromEnv = variables.get("COMPOSE_PROJECT_NAME");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return checkedName(fromEnv, "COMPOSE_PROJECT_NAME");
    }
    if (merged.get("name") != null) {
      String name = String.valueOf(merged.get("name"));
      if (!validName(name)) {
        throw where.error("name", invalidName(name));
      }
      return name;
    }
    String dir = projectDir.getFileName() == null ? "" : projectDir.getFileName().toString();
    String normalised = dir.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "")
        .replaceFirst("^[_-]+", "");
    if (normalised.isEmpty()) {
      throw new ComposeException("project name could not be derived from directory "
          + projectDir + "; give one with -p");
    }
    return normalised;
  }

  private static String checkedName(String name, String from) {
    if (!validName(name)) {
      throw new ComposeException(from + ": " + invalidName(name));
    }
    return name;
  }

  private static boolean validName(String name) {
    return name.matches("[a-z0-9][a-z0-9_-]*");
  }

  private static String invalidName(String name) {
    return "invalid project name \"" + name + "\": it must contain only lowercase letters, "
        + "digits, dashes and underscores, and start with a letter or digit";
  }

  private static Set<String> keys(Object value, String at, Where where) {
    if (value == null) {
      return Set.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw where.error(at, "must be a mapping");
    }
    Set<String> out = new LinkedHashSet<>();
    map.keySet().forEach(k -> out.add((String) k));
    return out;
  }

  private Map<String, NetworkConfig> networks(Map<String, Object> merged, String project,
      Map<String, ServiceConfig> services, Where where) {
    Map<String, NetworkConfig> out = new LinkedHashMap<>();
    Map<String, Object> declared = merged.get("networks") instanceof Map<?, ?> m
        ? ComposeMerge.cast(m) : Map.of();
    boolean defaultUsed = services.values().stream()
        .anyMatch(s -> s.networks().containsKey("default"));
    if (defaultUsed && !declared.containsKey("default")) {
      out.put("default", new NetworkConfig(project + "_default", null, false, false, null, null,
          Map.of()));
    }
    ServiceParser values = new ServiceParser(where, k -> null, Set.of(), Set.of());
    declared.forEach((key, v) -> {
      String at = "networks." + key;
      Map<String, Object> n = values.map(v, at);
      NETWORK_KEYS.check(n, at, where);
      String driver = n.get("driver") == null ? null : String.valueOf(n.get("driver"));
      if (driver != null && !driver.equals("bridge")) {
        throw where.error(at + ".driver", "network driver \"" + driver
            + "\" is not supported (hoist makes bridge networks)");
      }
      boolean external = external(n.get("external"), at, values);
      Map<String, Object> ipam = values.map(n.get("ipam"), at + ".ipam");
      new Keys(Set.of("driver", "config", "options")).check(ipam, at + ".ipam", where);
      String subnet = null;
      String gateway = null;
      if (ipam.get("config") instanceof List<?> configs && !configs.isEmpty()) {
        Map<String, Object> first = values.map(configs.get(0), at + ".ipam.config[0]");
        new Keys(Set.of("subnet", "gateway", "ip_range", "aux_addresses"))
            .check(first, at + ".ipam.config[0]", where);
        subnet = first.get("subnet") == null ? null : String.valueOf(first.get("subnet"));
        gateway = first.get("gateway") == null ? null : String.valueOf(first.get("gateway"));
      }
      String name = n.get("name") != null ? String.valueOf(n.get("name"))
          : external ? key : project + "_" + key;
      out.put(key, new NetworkConfig(name, driver, external,
          Boolean.TRUE.equals(values.bool(n.get("internal"), at + ".internal")), subnet,
          gateway, values.mapOfStrings(n.get("labels"), at + ".labels")));
    });
    return out;
  }

  private Map<String, VolumeConfig> volumes(Map<String, Object> merged, String project,
      Where where) {
    Map<String, VolumeConfig> out = new LinkedHashMap<>();
    Map<String, Object> declared = merged.get("volumes") instanceof Map<?, ?> m
        ? ComposeMerge.cast(m) : Map.of();
    ServiceParser values = new ServiceParser(where, k -> null, Set.of(), Set.of());
    declared.forEach((key, v) -> {
      String at = "volumes." + key;
      Map<String, Object> n = values.map(v, at);
      VOLUME_KEYS.check(n, at, where);
      Object driver = n.get("driver");
      if (driver != null && !driver.equals("local")) {
        throw where.error(at + ".driver", "volume driver \"" + driver
            + "\" is not supported (local only)");
      }
      boolean external = external(n.get("external"), at, values);
      String name = n.get("name") != null ? String.valueOf(n.get("name"))
          : external ? key : project + "_" + key;
      out.put(key, new VolumeConfig(name, external,
          values.mapOfStrings(n.get("labels"), at + ".labels")));
    });
    return out;
  }

  private static boolean external(Object value, String at, ServiceParser values) {
    if (value instanceof Map<?, ?>) {
      return true; // the old external: {name: …} form
    }
    return Boolean.TRUE.equals(values.bool(value, at + ".external"));
  }

  /**
   * The key that makes {@code s} depend on {@code service}: {@code network_mode} or {@code
   * volumes_from} when they name it (their implicit dependencies), else {@code depends_on}.
   */
  private static String dependencyKey(ServiceConfig s, String service) {
    if (service.equals(s.host().networkService())) {
      return "network_mode";
    }
    boolean fromVolumes = s.volumesFrom().stream()
        .anyMatch(v -> v.split(":", 2)[0].equals(service));
    return fromVolumes ? "volumes_from" : "depends_on";
  }

  /** Every {@code depends_on} names a service of the file; no cycle among them. */
  private static void checkDependencies(Map<String, ServiceConfig> active,
      Set<String> all, Where where) {
    for (ServiceConfig s : active.values()) {
      for (Map.Entry<String, Dependency> d : s.dependsOn().entrySet()) {
        if (!all.contains(d.getKey())) {
          throw where.error("services." + s.name() + "." + dependencyKey(s, d.getKey()),
              "service \"" + s.name() + "\" depends on undefined service \"" + d.getKey()
                  + "\"");
        }
        if (!active.containsKey(d.getKey()) && d.getValue().required()) {
          throw where.error("services." + s.name() + ".depends_on",
              "service \"" + s.name() + "\" depends on service \"" + d.getKey()
                  + "\", which no enabled profile selects");
        }
      }
    }
    Map<String, Integer> state = new HashMap<>();
    for (String name : active.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      visit(name, active, state, path, where);
    }
  }

  private static void visit(String name, Map<String, ServiceConfig> services,
      Map<String, Integer> state, Deque<String> path, Where where) {
    Integer seen = state.get(name);
    if (seen != null && seen == 2) {
      return;
    }
    path.addLast(name);
    if (seen != null) {
      List<String> cycle = new ArrayList<>(path);
      cycle = cycle.subList(cycle.indexOf(name), cycle.size());
      throw where.error("services." + name + ".depends_on",
          "dependency cycle: " + String.join(" -> ", cycle));
    }
    state.put(name, 1);
    ServiceConfig s = services.get(name);
    if (s != null) {
      for (String d : s.dependsOn().keySet()) {
        visit(d, services, state, path, where);
      }
    }
    path.removeLast();
    state.put(name, 2);
  }
}
