package dev.hoist.internal.compose;

import java.util.List;
import java.util.Map;

/**
 * One service of a project, normalised: every short syntax read into its long form (ports,
 * volumes, {@code depends_on}, networks), {@code environment} and {@code labels} as maps (an
 * {@code env_file}'s variables merged under {@code environment}), relative paths resolved
 * against the project directory, variables interpolated, {@code extends} applied. What
 * {@code config} prints and {@code up} creates containers from.
 *
 * <p>{@code command} and {@code entrypoint} are null when not given (the image's), a string
 * form split as a shell would. {@code environment} values are null for a variable named
 * without value that the environment does not set either. {@code files} are the secrets and
 * configs made of a variable's value or a {@code content}: container path → content, mounted
 * read-only from files {@code up} writes. {@code host}: the keys {@code hoist run}'s host flags
 * take ({@code ulimits}, {@code sysctls}, {@code network_mode}, …). {@code volumesFrom}:
 * {@code volumes_from} as Compose v2 writes it, {@code NAME[:MODE]} (a service; {@code
 * service:NAME} read as it) or {@code container:NAME[:MODE]}.
 */
public record ServiceConfig(String name, String image, BuildConfig build, List<String> command,
    List<String> entrypoint, Map<String, String> environment, List<PortConfig> ports,
    List<String> expose, List<VolumeMount> volumes, List<String> tmpfs,
    Map<String, ServiceNetwork> networks, Map<String, Dependency> dependsOn,
    Healthcheck healthcheck, String restart, String user, String workingDir, String hostname,
    String containerName, String stopSignal, String stopGracePeriod, String pullPolicy,
    Boolean init, boolean readOnly, boolean privileged, boolean tty, boolean stdinOpen,
    Map<String, String> labels, List<String> extraHosts, List<String> dns, List<String> capAdd,
    List<String> capDrop, Integer replicas, String memoryLimit, String cpus, Long pidsLimit,
    String loggingDriver, Map<String, String> loggingOptions, List<String> profiles,
    Map<String, String> files, ServiceHost host, List<String> volumesFrom) {

  public ServiceConfig {
    command = Values.frozen(command);
    entrypoint = Values.frozen(entrypoint);
    environment = Values.frozen(environment);
    ports = List.copyOf(ports);
    expose = List.copyOf(expose);
    volumes = List.copyOf(volumes);
    tmpfs = List.copyOf(tmpfs);
    networks = Values.frozen(networks);
    dependsOn = Values.frozen(dependsOn);
    labels = Values.frozen(labels);
    extraHosts = List.copyOf(extraHosts);
    dns = List.copyOf(dns);
    capAdd = List.copyOf(capAdd);
    capDrop = List.copyOf(capDrop);
    loggingOptions = Values.frozen(loggingOptions);
    profiles = List.copyOf(profiles);
    files = Values.frozen(files);
    host = host == null ? ServiceHost.NONE : host;
    volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
  }

  static final String CONTAINER_PREFIX = "container:";

  /** How many containers {@code up} runs ({@code scale}, {@code deploy.replicas}; 1). */
  public int scale() {
    return replicas == null ? 1 : replicas;
  }
}
