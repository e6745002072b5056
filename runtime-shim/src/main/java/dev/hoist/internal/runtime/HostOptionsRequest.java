package dev.hoist.internal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The confinement options of a {@code run}/{@code create} as its caller was given them, in the
 * docker CLI's words ({@code --cap-add NET_ADMIN}, {@code --ulimit nofile=1024:2048},
 * {@code --shm-size 64m}, {@code --device /dev/fuse}, …): the one place that checks them and makes
 * the {@link HostOptions}, for {@code hoist run}'s flags and the Engine API's
 * {@code HostConfig} alike. Null or empty: Docker's default.
 *
 * @param securityOpts {@code --security-opt} entries (their {@code no-new-privileges})
 * @param memorySwap {@code --memory-swap} ({@code -1}: unlimited)
 * @param cpuPeriod {@code --cpu-period} in µs (0: not set)
 * @param cpuQuota {@code --cpu-quota} in µs (0: not set, -1: unlimited)
 * @param memoryReservation {@code --memory-reservation} ({@code 32m}, bytes)
 * @param oomKillDisable {@code --oom-kill-disable}
 * @param blkioWeight {@code --blkio-weight} (0: not set)
 */
public record HostOptionsRequest(List<String> capAdd, List<String> capDrop, boolean privileged,
    List<String> securityOpts, List<String> groupAdd, List<String> ulimits, String shmSize,
    List<String> sysctls, int oomScoreAdj, List<String> devices, Integer stopTimeout,
    String stopSignal, String containerIdFile, String pid, String ipc, String uts,
    String memorySwap, long cpuShares, String cpusetCpus, String cpusetMems, Boolean init,
    long cpuPeriod, long cpuQuota, String memoryReservation, boolean oomKillDisable,
    long blkioWeight) {

  public HostOptionsRequest {
    capAdd = orEmpty(capAdd);
    capDrop = orEmpty(capDrop);
    securityOpts = orEmpty(securityOpts);
    groupAdd = orEmpty(groupAdd);
    ulimits = orEmpty(ulimits);
    sysctls = orEmpty(sysctls);
    devices = orEmpty(devices);
  }

  /**
   * The options, checked (a limit above hoist's own hard limit, an unknown capability, a sysctl
   * that is not namespaced, a bad size: {@link IllegalArgumentException}); {@code network} decides
   * which sysctls are the container's own, {@code resources} what the extras are checked with.
   */
  public HostOptions toHostOptions(NetworkMode network, Resources resources) {
    return toHostOptions(network, resources, true);
  }

  /**
   * As {@link #toHostOptions(NetworkMode, Resources)}, but the limits not checked against this
   * process's own ({@code withinHost} false): a file's values checked where they are read
   * ({@code hoist compose config}), before the host that runs them is known.
   */
  public HostOptions toHostOptions(NetworkMode network, Resources resources,
      boolean withinHost) {
    List<Ulimit> limits = new ArrayList<>();
    for (String u : ulimits) {
      Ulimit limit = Ulimit.parse(u);
      try {
        if (withinHost) {
          limit.checkWithin();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      limits.add(limit);
    }
    List<DeviceMapping> mapped = new ArrayList<>();
    devices.forEach(d -> mapped.add(DeviceMapping.parse(d)));
    long swap = memorySwap == null || memorySwap.isBlank() ? 0
        : memorySwap.trim().equals("-1") ? -1 : ResourceUnits.bytes(memorySwap);
    HostOptions host = HostOptions.builder().capAdd(capAdd).capDrop(capDrop)
        .privileged(privileged).noNewPrivileges(SecurityOptions.noNewPrivileges(securityOpts))
        .groupAdd(groupAdd).ulimits(limits)
        .shmSizeBytes(shmSize == null || shmSize.isBlank() ? 0 : ResourceUnits.bytes(shmSize))
        .sysctls(Sysctls.parse(sysctls, network)).oomScoreAdj(oomScoreAdj).devices(mapped)
        .stopTimeout(stopTimeout).stopSignal(stopSignal).containerIdFile(containerIdFile)
        .namespaces(new NamespaceModes(blankToNull(pid), blankToNull(ipc), blankToNull(uts)))
        .extras(new ResourceExtras(swap, cpuShares, cpusetCpus, cpusetMems, cpuPeriod,
            cpuQuota, memoryReservation == null || memoryReservation.isBlank() ? 0
                : ResourceUnits.bytes(memoryReservation), oomKillDisable, blkioWeight)
            .checkedWith(resources))
        .init(init).build();
    host.capabilities(); // unknown names are refused now, not at start
    return host;
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
