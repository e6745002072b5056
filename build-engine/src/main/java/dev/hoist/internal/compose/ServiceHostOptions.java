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
      "memswap_limit", "cpu_period", "cpu_quota", "mem_reservation", "oom_kill_disable",
      "blkio_config");

  private ServiceHostOptions() {}

  /**
   * The service's container options, checked: a bad value, or one this host cannot give (a
   * limit above hoist's own), is a {@link ComposeException} naming the key.
   */
  static HostOptions of(ServiceConfig s) {
    try {
      return of(s, s.host(), true, List.of(), List.of());
    } catch (IllegalArgumentException | UncheckedIOException e) {
      Failure f = failure(s, true);
      throw new ComposeException("services." + s.name() + (f.key().isEmpty() ? "" : "."
          + f.key()) + ": " + f.message());
    }
  }

  /**
   * The options of {@code compose run}'s one-off container: the service's with {@code capAdd}
   * and {@code capDrop} ({@code --cap-add}, {@code --cap-drop}) added to its own, checked as
   * {@code hoist run --cap-add} is (an unknown capability: a {@link ComposeException}).
   */
  static HostOptions oneOff(ServiceConfig s, List<String> capAdd, List<String> capDrop) {
    HostOptions service = of(s); // a failure of the service's own names its key
    if (capAdd.isEmpty() && capDrop.isEmpty()) {
      return service;
    }
    try {
      return of(s, s.host(), true, capAdd, capDrop);
    } catch (IllegalArgumentException e) {
      throw new ComposeException("run --cap-add/--cap-drop: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new ComposeException("services." + s.name() + ": " + e.getCause().getMessage());
    }
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
   * Checks the service's options when the project is loaded ({@code config} too), but not
   * against this host (a limit above hoist's own: {@code up} refuses it); a failure names the
   * key ({@code services.es.ulimits.nofile}).
   */
  static void check(ServiceConfig s, Where where, String at) {
    Failure f = failure(s, false);
    if (f != null) {
      throw where.error(f.key().isEmpty() ? at : at + "." + f.key(), f.message());
    }
  }

  /** A failed check: the key path under the service (empty: the service), the message. */
  private record Failure(String key, String message) {}

  /**
   * Why the service's options fail (null: they do not), the key found by trying each alone;
   * {@code onHost}: checked against this host's limits too.
   */
  private static Failure failure(ServiceConfig s, boolean onHost) {
    String failure = attempt(s, s.host(), onHost);
    if (failure == null) {
      return null;
    }
    String own = attempt(s, s.host().only("", null), onHost); // network_mode alone
    if (own != null) {
      return new Failure("", own); // cap_add, cap_drop, the limits: keys of their own
    }
    for (String key : KEYS) {
      Map<String, String> entries = key.equals("ulimits") ? s.host().ulimits()
          : key.equals("sysctls") ? s.host().sysctls() : Map.of();
      for (String entry : entries.keySet()) {
        String alone = attempt(s, s.host().only(key, entry), onHost);
        if (alone != null) {
          return new Failure(key + "." + entry, alone);
        }
      }
      String alone = attempt(s, s.host().only(key, null), onHost);
      if (alone != null) {
        return new Failure(key, alone);
      }
    }
    return new Failure("", failure);
  }

  private static String attempt(ServiceConfig s, ServiceHost h, boolean onHost) {
    try {
      of(s, h, onHost, List.of(), List.of());
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    } catch (UncheckedIOException e) {
      return e.getCause().getMessage();
    }
  }

  /** {@code runCapAdd}, {@code runCapDrop}: {@code compose run}'s, added to the service's. */
  private static HostOptions of(ServiceConfig s, ServiceHost h, boolean onHost,
      List<String> runCapAdd, List<String> runCapDrop) {
    SecurityOptions.seccomp(h.securityOpt()); // every option checked
    List<String> ulimits = new ArrayList<>();
    h.ulimits().forEach((name, value) -> ulimits.add(name + "=" + value));
    List<String> sysctls = new ArrayList<>();
    h.sysctls().forEach((name, value) -> sysctls.add(name + "=" + value));
    Integer stopTimeout = s.stopGracePeriod() == null ? null : (int) Durations.parse(
        s.stopGracePeriod(), "services." + s.name() + ".stop_grace_period").toSeconds();
    List<String> capAdd = new ArrayList<>(s.capAdd());
    capAdd.addAll(runCapAdd);
    List<String> capDrop = new ArrayList<>(s.capDrop());
    capDrop.addAll(runCapDrop);
    return new HostOptionsRequest(capAdd, capDrop, s.privileged(), h.securityOpt(),
        h.groupAdd(), ulimits, h.shmSize(), sysctls,
        h.oomScoreAdj() == null ? 0 : h.oomScoreAdj(), h.devices(), stopTimeout,
        s.stopSignal(), null, h.pid(), h.ipc(), h.uts(), h.memswapLimit(),
        h.cpuShares() == null ? 0 : h.cpuShares(), h.cpuset(), null, s.init(),
        h.cpuPeriod() == null ? 0 : h.cpuPeriod(), h.cpuQuota() == null ? 0 : h.cpuQuota(),
        h.memReservation(), Boolean.TRUE.equals(h.oomKillDisable()),
        h.blkioWeight() == null ? 0 : h.blkioWeight())
        .toHostOptions(mode(h), resources(s), onHost);
  }
}
