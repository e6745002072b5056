package dev.hoist.internal.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup settings of {@code run} beyond {@link Resources}: {@code --memory-swap},
 * {@code --cpu-shares}, {@code --cpuset-cpus}, {@code --cpuset-mems}, {@code --cpu-period},
 * {@code --cpu-quota}, {@code --memory-reservation}, {@code --oom-kill-disable},
 * {@code --blkio-weight}, as Docker's, with Docker's checks.
 *
 * @param memorySwapBytes memory plus swap (v1 {@code memory.memsw.limit_in_bytes}); 0: the
 *     memory limit (no swap, hoist's default), -1: unlimited swap
 * @param cpuShares relative CPU weight (v1 {@code cpu.shares}, v2 {@code cpu.weight}); 0: the
 *     default (1024)
 * @param cpusetCpus CPUs the container may run on ({@code 0-1}, {@code 0,2}); null: all
 * @param cpusetMems memory nodes ({@code 0}); null: all
 * @param cpuPeriodUs CFS period in µs (v1 {@code cpu.cfs_period_us}, v2 {@code cpu.max}'s
 *     second field), 1000 to 1000000; 0: the kernel's 100 ms
 * @param cpuQuotaUs CFS quota in µs per period (v1 {@code cpu.cfs_quota_us}), 1000 or more;
 *     0: none, -1: unlimited
 * @param memoryReservationBytes soft memory limit (v1 {@code memory.soft_limit_in_bytes}, v2
 *     {@code memory.low}), 6 MiB or more; 0: none
 * @param oomKillDisable the OOM killer leaves the container alone (v1 {@code memory.oom_control};
 *     cgroup v2 has no such switch: not applied there, as Docker's)
 * @param blkioWeight relative block I/O weight (v1 {@code blkio.weight}, else
 *     {@code blkio.bfq.weight}), 10 to 1000; 0: the default
 */
public record ResourceExtras(long memorySwapBytes, long cpuShares, String cpusetCpus,
    String cpusetMems, long cpuPeriodUs, long cpuQuotaUs, long memoryReservationBytes,
    boolean oomKillDisable, long blkioWeight) {
  public static final ResourceExtras NONE = new ResourceExtras(0, 0, null, null);
  private static final String LIST = "[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*";
  /** The kernel's CFS period, hoist's with {@code --cpus}. */
  static final long DEFAULT_PERIOD_US = 100_000;
  /** Docker's {@code linuxMinMemory}. */
  private static final long MIN_MEMORY = 6L * 1024 * 1024;

  public ResourceExtras {
    if (memorySwapBytes < -1) {
      throw new IllegalArgumentException("invalid --memory-swap: give bytes, or -1 for unlimited");
    }
    if (cpuShares < 0 || cpuShares == 1) {
      throw new IllegalArgumentException("invalid --cpu-shares " + cpuShares
          + ": give 2 or more (1024 is the default)");
    }
    cpusetCpus = cpusetCpus == null || cpusetCpus.isEmpty() ? null : cpusetCpus;
    cpusetMems = cpusetMems == null || cpusetMems.isEmpty() ? null : cpusetMems;
    if (cpusetCpus != null && !cpusetCpus.matches(LIST)) {
      throw new IllegalArgumentException("invalid value " + cpusetCpus + " for cpuset cpus");
    }
    if (cpusetMems != null && !cpusetMems.matches(LIST)) {
      throw new IllegalArgumentException("invalid value " + cpusetMems + " for cpuset mems");
    }
    if (cpuPeriodUs != 0 && (cpuPeriodUs < 1000 || cpuPeriodUs > 1_000_000)) {
      throw new IllegalArgumentException("CPU cfs period can not be less than 1ms (i.e. 1000) "
          + "or larger than 1s (i.e. 1000000)");
    }
    cpuQuotaUs = cpuQuotaUs < 0 ? -1 : cpuQuotaUs;
    if (cpuQuotaUs > 0 && cpuQuotaUs < 1000) {
      throw new IllegalArgumentException("CPU cfs quota can not be less than 1ms (i.e. 1000)");
    }
    if (memoryReservationBytes < 0) {
      throw new IllegalArgumentException("invalid --memory-reservation: must not be negative");
    }
    if (memoryReservationBytes > 0 && memoryReservationBytes < MIN_MEMORY) {
      throw new IllegalArgumentException("Minimum memory reservation allowed is 6MB");
    }
    if (blkioWeight != 0 && (blkioWeight < 10 || blkioWeight > 1000)) {
      throw new IllegalArgumentException("Range of blkio weight is from 10 to 1000");
    }
  }

  /** Without the settings after {@code --cpuset-mems}. */
  public ResourceExtras(long memorySwapBytes, long cpuShares, String cpusetCpus,
      String cpusetMems) {
    this(memorySwapBytes, cpuShares, cpusetCpus, cpusetMems, 0, 0, 0, false, 0);
  }

  /**
   * Checks these settings against {@code r}, as Docker's daemon does: {@code --memory-swap} and
   * {@code --memory-reservation} against {@code --memory}, {@code --cpu-period} and
   * {@code --cpu-quota} against {@code --cpus} (its shorthand: not both).
   */
  public ResourceExtras checkedWith(Resources r) {
    if (memorySwapBytes != 0 && r.memoryBytes() == 0) {
      throw new IllegalArgumentException(
          "You should always set the Memory limit when using Memoryswap limit");
    }
    if (memorySwapBytes > 0 && memorySwapBytes < r.memoryBytes()) {
      throw new IllegalArgumentException(
          "Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if (r.nanoCpus() > 0 && cpuPeriodUs > 0) {
      throw new IllegalArgumentException(
          "Conflicting options: Nano CPUs and CPU Period cannot both be set");
    }
    if (r.nanoCpus() > 0 && cpuQuotaUs > 0) {
      throw new IllegalArgumentException(
          "Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    }
    if (r.memoryBytes() > 0 && memoryReservationBytes > r.memoryBytes()) {
      throw new IllegalArgumentException("Minimum memory limit can not be less than memory "
          + "reservation limit, see usage");
    }
    return this;
  }

  /** What Docker's daemon warns of for these settings with {@code r} (it runs them anyway). */
  public List<String> warnings(Resources r) {
    List<String> warnings = new ArrayList<>();
    if (oomKillDisable && r.memoryBytes() == 0) {
      warnings.add("OOM killer is disabled for the container, but no memory limit is set, this "
          + "can result in the system running out of resources.");
    }
    return warnings;
  }

  /** v1 {@code memory.memsw.limit_in_bytes} for memory limit {@code memory}. */
  long memsw(long memory) {
    return memorySwapBytes == 0 ? memory : memorySwapBytes;
  }

  /** v2 {@code cpu.weight} for the shares, as runc converts them. */
  long cpuWeight() {
    return 1 + ((cpuShares - 2) * 9999) / 262142;
  }

  /** Whether {@code --cpus}, {@code --cpu-period} or {@code --cpu-quota} is set. */
  boolean setsCpuBandwidth(Resources r) {
    return r.nanoCpus() > 0 || cpuPeriodUs > 0 || cpuQuotaUs != 0;
  }

  /** The CFS period: {@code --cpu-period}, else 100 ms. */
  long cfsPeriodUs() {
    return cpuPeriodUs > 0 ? cpuPeriodUs : DEFAULT_PERIOD_US;
  }

  /** The CFS quota: {@code --cpus}' over 100 ms, else {@code --cpu-quota}; -1: unlimited. */
  long cfsQuotaUs(Resources r) {
    return r.nanoCpus() > 0 ? Cgroups.quotaUs(r.nanoCpus()) : cpuQuotaUs > 0 ? cpuQuotaUs : -1;
  }
}
