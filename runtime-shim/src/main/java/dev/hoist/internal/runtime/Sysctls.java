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

  /** The file under {@code /proc/sys} of a checked name. */
  static String path(String name) {
    return name.replace('.', '/');
  }
}
