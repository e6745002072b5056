package dev.hoist.internal.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --sysctl NAME=VALUE}: only the sysctls a container's own namespaces hold, as Docker
 * allows them — IPC ({@code kernel.msgmax}, {@code kernel.msgmnb}, {@code kernel.msgmni},
 * {@code kernel.sem}, {@code kernel.shmall}, {@code kernel.shmmax}, {@code kernel.shmmni},
 * {@code kernel.shm_rmid_forced}, {@code fs.mqueue.*}) and network ({@code net.*}, not with the
 * host's network). The others would change the host; they are refused.
 */
public final class Sysctls {
  private static final List<String> IPC = List.of("kernel.msgmax", "kernel.msgmnb",
      "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni",
      "kernel.shm_rmid_forced");

  private Sysctls() {}

  /** The options as a map, each checked against the network mode. */
  public static Map<String, String> parse(List<String> options, NetworkMode network) {
    Map<String, String> sysctls = new LinkedHashMap<>();
    for (String o : options) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid argument \"" + o
            + "\" for \"--sysctl\" flag: give NAME=VALUE");
      }
      String name = o.substring(0, eq).trim();
      if (!name.matches("[a-z0-9_]+(\\.[a-z0-9_-]+)+")) {
        throw new IllegalArgumentException("sysctl '" + name + "' is not a sysctl name");
      }
      boolean net = name.startsWith("net.");
      if (!net && !IPC.contains(name) && !name.startsWith("fs.mqueue.")) {
        throw new IllegalArgumentException("sysctl '" + name + "' is not allowed: hoist sets "
            + "only the sysctls of the container's own namespaces (net.*, kernel.shm*, "
            + "kernel.msg*, kernel.sem, fs.mqueue.*)");
      }
      if (net && network == NetworkMode.HOST) {
        throw new IllegalArgumentException("sysctl '" + name
            + "' is not allowed in host network namespace");
      }
      sysctls.put(name, o.substring(eq + 1));
    }
    return sysctls;
  }

  /**
   * Docker's own sysctls for a container with a network namespace of its own (not the host's,
   * nor another container's: {@code daemon/oci_linux.go}, {@code WithSysctls}): ICMP echo
   * sockets for every group, so {@code ping} works without {@code CAP_NET_RAW}, and every port
   * bindable without {@code CAP_NET_BIND_SERVICE}; each only where the kernel has it.
   */
  /**
   * Whether hoist runs in a user namespace that does not map every ID (an unprivileged LXC or CI
   * container): there the kernel refuses a {@code ping_group_range} naming unmapped groups, so
   * Docker (moby's {@code WithSysctls}) leaves it out, and so does hoist.
   */
  private static final boolean IN_USER_NAMESPACE = inUserNamespace();

  private static boolean inUserNamespace() {
    try {
      String map = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/uid_map"))
          .trim();
      return !map.matches("0\\s+0\\s+4294967295");
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  static final Map<String, String> DOCKER_NETWORK_DEFAULTS = Map.of(
      "net.ipv4.ping_group_range", "0 2147483647",
      "net.ipv4.ip_unprivileged_port_start", "0");

  /**
   * The sysctls a container gets: {@link #DOCKER_NETWORK_DEFAULTS} in a network namespace of
   * its own, then its {@code --sysctl} ones, which win.
   */
  static Map<String, String> of(ContainerSpec spec) {
    Map<String, String> sysctls = new LinkedHashMap<>();
    if (spec.network() == NetworkMode.NONE || spec.network() == NetworkMode.BRIDGE) {
      new java.util.TreeMap<>(DOCKER_NETWORK_DEFAULTS).forEach((name, value) -> {
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/sys", path(name)))
            && (!name.equals("net.ipv4.ping_group_range") || !IN_USER_NAMESPACE)) {
          sysctls.put(name, value);
        }
      });
    }
    sysctls.putAll(spec.host().sysctls());
    return sysctls;
  }

  /** The file under {@code /proc/sys} of a checked name. */
  static String path(String name) {
    return name.replace('.', '/');
  }
}
