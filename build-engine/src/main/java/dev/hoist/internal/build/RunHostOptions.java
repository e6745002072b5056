package dev.hoist.internal.build;

import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.HostOptions;
import dev.hoist.internal.runtime.HostOptionsRequest;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.NetworkOptions;
import dev.hoist.internal.runtime.ResourceExtras;
import dev.hoist.internal.runtime.ResourceUnits;
import dev.hoist.internal.runtime.Resources;
import dev.hoist.internal.runtime.Ulimit;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code docker build}'s host flags give every RUN step of a build, as {@code hoist run}'s
 * same flags give a container: {@code --add-host} entries in its {@code /etc/hosts},
 * {@code --shm-size} (its {@code /dev/shm}), {@code --ulimit} (its rlimits), and the cgroup
 * limits {@code --memory}, {@code --memory-swap}, {@code --cpu-shares}, {@code --cpuset-cpus},
 * {@code --cpuset-mems}. Made from the docker CLI's words by {@link #of}, checked as
 * {@code run}'s are ({@link HostOptionsRequest}).
 *
 * <p>A RUN step's cache key holds what BuildKit's holds of them ({@link #keyOptions}): the
 * {@code --add-host} names but not their addresses, the ulimits and the {@code /dev/shm} size;
 * not the cgroup limits (buildx ignores {@code --memory} and the CPU flags, and the classic
 * builder keys none of them).
 *
 * @param extraHosts {@code --add-host NAME:IP} ({@code host-gateway}: the bridge's address)
 * @param ulimits {@code --ulimit}, each within hoist's own hard limit
 * @param shmSizeBytes {@code --shm-size}; 0: Docker's 64 MiB
 * @param resources {@code --memory}
 * @param extras {@code --memory-swap}, {@code --cpu-shares}, {@code --cpuset-cpus},
 *     {@code --cpuset-mems}
 */
public record RunHostOptions(List<String> extraHosts, List<Ulimit> ulimits, long shmSizeBytes,
    Resources resources, ResourceExtras extras) {
  /** Docker's defaults: nothing added, nothing limited. */
  public static final RunHostOptions NONE = new RunHostOptions(List.of(), List.of(), 0,
      Resources.NONE, ResourceExtras.NONE);

  public RunHostOptions {
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
    resources = resources == null ? Resources.NONE : resources;
    extras = extras == null ? ResourceExtras.NONE : extras;
  }

  /**
   * The flags as the docker CLI takes them (null, empty or 0: not given): {@code --add-host
   * db:10.0.0.5}, {@code --shm-size 1g}, {@code --ulimit nofile=1024:2048}, {@code --memory
   * 512m}, {@code --memory-swap 1g} ({@code -1}: unlimited swap), {@code --cpu-shares 512},
   * {@code --cpuset-cpus 0-1}, {@code --cpuset-mems 0}.
   *
   * @throws IllegalArgumentException naming the flag that is wrong: a bad entry or size, a
   *     limit above hoist's own hard limit, {@code --memory-swap} without or below
   *     {@code --memory}
   */
  public static RunHostOptions of(List<String> addHosts, String shmSize, List<String> ulimits,
      String memory, String memorySwap, long cpuShares, String cpusetCpus, String cpusetMems) {
    List<String> hosts = NetworkOptions.checkedExtraHosts(addHosts == null ? List.of()
        : addHosts);
    Resources resources = new Resources(blank(memory) ? 0 : bytes("--memory", memory), 0, 0);
    if (!blank(shmSize)) {
      bytes("--shm-size", shmSize);
    }
    if (!blank(memorySwap) && !memorySwap.trim().equals("-1")) {
      bytes("--memory-swap", memorySwap);
    }
    HostOptions host = new HostOptionsRequest(null, null, false, null, null, ulimits, shmSize,
        null, 0, null, null, null, null, null, null, null, memorySwap, cpuShares, cpusetCpus,
        cpusetMems, null, 0, 0, null, false, 0).toHostOptions(NetworkMode.BRIDGE, resources);
    return new RunHostOptions(hosts, host.ulimits(), host.shmSizeBytes(), resources,
        host.extras());
  }

  /**
   * Gives a RUN step's container these options: {@code host} (the step's own confinement)
   * with the ulimits, the {@code /dev/shm} size and the cgroup extras, the memory limit, and
   * the extra hosts.
   */
  ContainerSpec.Builder applyTo(ContainerSpec.Builder spec, HostOptions.Builder host) {
    spec.host(host.ulimits(ulimits).shmSizeBytes(shmSizeBytes).extras(extras).build())
        .resources(resources);
    if (!extraHosts.isEmpty()) {
      spec.networkOptions(new NetworkOptions(List.of(), false, null, null, extraHosts,
          List.of(), List.of(), List.of(), null));
    }
    return spec;
  }

  /**
   * What a RUN step's cache key holds of these options, as BuildKit's {@code ExecOp} key does
   * (its {@code CacheMap} clears each extra host's IP and keeps the rest of the op's
   * {@code Meta}): {@code --add-host=NAME} for each entry, {@code --ulimit=NAME=SOFT:HARD},
   * {@code --shm-size=BYTES}. Empty for Docker's defaults, so a build without these flags keeps
   * its keys.
   */
  List<String> keyOptions() {
    List<String> key = new ArrayList<>();
    // a name ends at the first ':' or '=' (NAME:IP, NAME=IP), as ExtraHosts reads it
    extraHosts.forEach(h -> key.add("--add-host=" + h.split("[:=]", 2)[0]));
    ulimits.forEach(u -> key.add("--ulimit=" + u.name() + "=" + u.soft() + ":" + u.hard()));
    if (shmSizeBytes > 0) {
      key.add("--shm-size=" + shmSizeBytes);
    }
    return key;
  }

  /** A size ({@code 512m}) in bytes; a bad one names {@code flag}. */
  private static long bytes(String flag, String text) {
    try {
      return ResourceUnits.bytes(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + " " + text + ": " + e.getMessage());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank() || s.trim().equals("0");
  }
}
