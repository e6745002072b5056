package dev.hoist.internal.compose;

import java.util.List;
import java.util.Map;

/**
 * A service's keys that {@code hoist run}'s host flags take ({@code --ulimit}, {@code --shm-size},
 * {@code --sysctl}, {@code --device}, {@code --group-add}, {@code --security-opt}, {@code --ipc},
 * {@code --pid}, {@code --uts}, {@code --oom-score-adj}, {@code --cpu-shares},
 * {@code --cpuset-cpus}, {@code --memory-swap}, {@code --dns-search}, {@code --dns-option},
 * {@code --network}, {@code --cpu-period}, {@code --cpu-quota}, {@code --memory-reservation},
 * {@code --oom-kill-disable}, {@code --blkio-weight}, {@code --domainname}), normalised: checked by {@link ServiceHostOptions} (the one check
 * {@code hoist run} uses) when the project is loaded.
 *
 * @param ulimits name → {@code SOFT:HARD}, or {@code N} (Compose's single form: both)
 * @param shmSize bytes, as a decimal string (null: Docker's 64m)
 * @param devices {@code HOST[:CONTAINER[:PERMS]]}, as written
 * @param memswapLimit bytes as a decimal string, or {@code -1} (unlimited); null: none
 * @param networkMode {@code host}, {@code none}, {@code bridge}, {@code service:NAME},
 *     {@code container:NAME}; null: the service's {@code networks}
 * @param cpuPeriod {@code cpu_period} in µs ({@code --cpu-period}); null: none
 * @param cpuQuota {@code cpu_quota} in µs ({@code --cpu-quota}); null: none
 * @param memReservation {@code mem_reservation}: bytes as a decimal string; null: none
 * @param oomKillDisable {@code oom_kill_disable}; null: not set
 * @param blkioWeight {@code blkio_config.weight} ({@code --blkio-weight}); null: none
 * @param domainname {@code domainname} ({@code --domainname}); null: none
 */
public record ServiceHost(Map<String, String> ulimits, String shmSize,
    Map<String, String> sysctls, List<String> devices, List<String> groupAdd,
    List<String> securityOpt, String ipc, String pid, String uts, Integer oomScoreAdj,
    Long cpuShares, String cpuset, String memswapLimit, List<String> dnsSearch,
    List<String> dnsOpt, String networkMode, Long cpuPeriod, Long cpuQuota,
    String memReservation, Boolean oomKillDisable, Long blkioWeight, String domainname) {

  public static final ServiceHost NONE = new ServiceHost(Map.of(), null, Map.of(), List.of(),
      List.of(), List.of(), null, null, null, null, null, null, null, List.of(), List.of(), null,
      null, null, null, null, null, null);

  static final String SERVICE_PREFIX = "service:";

  public ServiceHost {
    ulimits = Values.frozen(ulimits);
    sysctls = Values.frozen(sysctls);
    devices = List.copyOf(devices);
    groupAdd = List.copyOf(groupAdd);
    securityOpt = List.copyOf(securityOpt);
    dnsSearch = List.copyOf(dnsSearch);
    dnsOpt = List.copyOf(dnsOpt);
  }

  /** The service whose network namespace this one joins ({@code service:NAME}); null: none. */
  public String networkService() {
    return networkMode != null && networkMode.startsWith(SERVICE_PREFIX)
        ? networkMode.substring(SERVICE_PREFIX.length()) : null;
  }

  /**
   * These keys with only {@code key}'s value kept (and {@code network_mode}, which decides
   * which sysctls are the container's own): what {@link ServiceHostOptions#check} tries alone
   * to name the key a failed check is about. {@code entry}: of a mapping key, that entry only.
   */
  ServiceHost only(String key, String entry) {
    return new ServiceHost(
        key.equals("ulimits") ? entryOnly(ulimits, entry) : Map.of(),
        key.equals("shm_size") ? shmSize : null,
        key.equals("sysctls") ? entryOnly(sysctls, entry) : Map.of(),
        key.equals("devices") ? devices : List.of(),
        key.equals("group_add") ? groupAdd : List.of(),
        key.equals("security_opt") ? securityOpt : List.of(),
        key.equals("ipc") ? ipc : null, key.equals("pid") ? pid : null,
        key.equals("uts") ? uts : null, key.equals("oom_score_adj") ? oomScoreAdj : null,
        key.equals("cpu_shares") ? cpuShares : null, key.equals("cpuset") ? cpuset : null,
        key.equals("memswap_limit") ? memswapLimit : null,
        key.equals("dns_search") ? dnsSearch : List.of(),
        key.equals("dns_opt") ? dnsOpt : List.of(), networkMode,
        key.equals("cpu_period") ? cpuPeriod : null, key.equals("cpu_quota") ? cpuQuota : null,
        key.equals("mem_reservation") ? memReservation : null,
        key.equals("oom_kill_disable") ? oomKillDisable : null,
        key.equals("blkio_config") ? blkioWeight : null, domainname);
  }

  private static Map<String, String> entryOnly(Map<String, String> map, String entry) {
    if (entry == null) {
      return map;
    }
    return map.containsKey(entry) ? Map.of(entry, map.get(entry)) : Map.of();
  }
}
