package dev.hoist.internal.runtime;

/**
 * The cgroup settings of {@code run} beyond {@link Resources}: {@code --memory-swap},
 * {@code --cpu-shares}, {@code --cpuset-cpus}, {@code --cpuset-mems}, as Docker's.
 *
 * @param memorySwapBytes memory plus swap (v1 {@code memory.memsw.limit_in_bytes}); 0: the
 *     memory limit (no swap, hoist's default), -1: unlimited swap
 * @param cpuShares relative CPU weight (v1 {@code cpu.shares}, v2 {@code cpu.weight}); 0: the
 *     default (1024)
 * @param cpusetCpus CPUs the container may run on ({@code 0-1}, {@code 0,2}); null: all
 * @param cpusetMems memory nodes ({@code 0}); null: all
 */
public record ResourceExtras(long memorySwapBytes, long cpuShares, String cpusetCpus,
    String cpusetMems) {
  public static final ResourceExtras NONE = new ResourceExtras(0, 0, null, null);
  private static final String LIST = "[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*";

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
  }

  /** Checks {@code --memory-swap} against {@code --memory}, as Docker's daemon does. */
  public ResourceExtras checkedWith(Resources r) {
    if (memorySwapBytes != 0 && r.memoryBytes() == 0) {
      throw new IllegalArgumentException(
          "You should always set the Memory limit when using Memoryswap limit");
    }
    if (memorySwapBytes > 0 && memorySwapBytes < r.memoryBytes()) {
      throw new IllegalArgumentException(
          "Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    return this;
  }

  /** v1 {@code memory.memsw.limit_in_bytes} for memory limit {@code memory}. */
  long memsw(long memory) {
    return memorySwapBytes == 0 ? memory : memorySwapBytes;
  }

  /** v2 {@code cpu.weight} for the shares, as runc converts them. */
  long cpuWeight() {
    return 1 + ((cpuShares - 2) * 9999) / 262142;
  }
}
