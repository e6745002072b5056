package dev.hoist.internal.compose;

import dev.hoist.internal.runtime.HostOptions;
import dev.hoist.internal.runtime.HostOptionsRequest;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.ResourceUnits;
import dev.hoist.internal.runtime.Resources;
import dev.hoist.internal.runtime.SecurityOptions;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service's confinement as {@code hoist run} makes it: its keys in the docker CLI's words
 * ({@link HostOptionsRequest}, the one check {@code hoist run}'s flags and the Engine API's
 * {@code HostConfig} go through) and out as the container's {@link HostOptions}. The loader
 * {@link #check}s every service with it, so that a bad value fails {@code config} and
 * {@code up} alike, naming the key.
 */
final class ServiceHostOptions {
  /** The keys {@link #check} names, in the order it tries them. */
  private static final List<String> KEYS = List.of("ulimits", "shm_size", "sysctls", "devices",
      "group_add", "security_opt", "ipc", "pid", "uts", "oom_score_adj", "cpu_shares", "cpuset",
      "memswap_limit");

  private ServiceHostOptions() {}

  /** The service's container options, checked ({@link IllegalArgumentException}: bad ones). */
  static HostOptions of(ServiceConfig s) {
    return of(s, s.host());
  }

  /** The network mode {@code network_mode} gives (its {@code networks}: the bridge mode). */
  static NetworkMode mode(ServiceHost h) {
    if (h.networkMode() == null) {
      return NetworkMode.BRIDGE;
    }
    return switch (h.networkMode()) {
      case "host" -> NetworkMode.HOST;
      case "none" -> NetworkMode.NONE;
      case "bridge" -> NetworkMode.BRIDGE;
      default -> NetworkMode.CONTAINER;
    };
  }

  /** {@code mem_limit}, {@code cpus} and {@code pids_limit} ({@code deploy}'s limits). */
  static Resources resources(ServiceConfig s) {
    return new Resources(s.memoryLimit() == null ? 0 : ResourceUnits.bytes(s.memoryLimit()),
        s.cpus() == null ? 0 : ResourceUnits.nanoCpus(s.cpus()),
        s.pidsLimit() == null ? 0 : s.pidsLimit());
  }

  /**
   * Checks the service's options as {@code up} will make them; a failure names the key
   * ({@code services.es.ulimits.nofile}) found by trying each alone.
   */
  static void check(ServiceConfig s, Where where, String at) {
    String failure = failure(s, s.host());
    if (failure == null) {
      return;
    }
    ServiceHost base = s.host().only("", null); // network_mode alone
    String own = failure(s, base);
    if (own != null) {
      throw where.error(at, own); // cap_add, cap_drop, the limits: keys of their own
    }
    for (String key : KEYS) {
      Map<String, String> entries = key.equals("ulimits") ? s.host().ulimits()
          : key.equals("sysctls") ? s.host().sysctls() : Map.of();
      for (String entry : entries.keySet()) {
        String alone = failure(s, s.host().only(key, entry));
        if (alone != null) {
          throw where.error(at + "." + key + "." + entry, alone);
        }
      }
      String alone = failure(s, s.host().only(key, null));
      if (alone != null) {
        throw where.error(at + "." + key, alone);
      }
    }
    throw where.error(at, failure);
  }

  private static String failure(ServiceConfig s, ServiceHost h) {
    try {
      of(s, h);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    } catch (UncheckedIOException e) {
      return e.getCause().getMessage();
    }
  }

  private static HostOptions of(ServiceConfig s, ServiceHost h) {
    SecurityOptions.seccomp(h.securityOpt()); // every option checked
    List<String> ulimits = new ArrayList<>();
    h.ulimits().forEach((name, value) -> ulimits.add(name + "=" + value));
    List<String> sysctls = new ArrayList<>();
    h.sysctls().forEach((name, value) -> sysctls.add(name + "=" + value));
    Integer stopTimeout = s.stopGracePeriod() == null ? null : (int) Durations.parse(
        s.stopGracePeriod(), "services." + s.name() + ".stop_grace_period").toSeconds();
    return new HostOptionsRequest(s.capAdd(), s.capDrop(), s.privileged(), h.securityOpt(),
        h.groupAdd(), ulimits, h.shmSize(), sysctls,
        h.oomScoreAdj() == null ? 0 : h.oomScoreAdj(), h.devices(), stopTimeout,
        s.stopSignal(), null, h.pid(), h.ipc(), h.uts(), h.memswapLimit(),
        h.cpuShares() == null ? 0 : h.cpuShares(), h.cpuset(), null, s.init())
        .toHostOptions(mode(h), resources(s));
  }
}
