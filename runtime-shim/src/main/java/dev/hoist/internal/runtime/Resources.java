package dev.hoist.internal.runtime;

/**
 * Cgroup limits of a container, as {@code docker run --memory/--cpus/--pids-limit} take them.
 * Zero means "no limit" for each field.
 *
 * @param memoryBytes memory limit (v1 {@code memory.limit_in_bytes}, v2 {@code memory.max});
 *     swap is limited to the same amount, as Docker does when only {@code --memory} is given
 * @param nanoCpus CPU quota in billionths of a CPU ({@code --cpus 1.5} is 1,500,000,000):
 *     v1 {@code cpu.cfs_quota_us} over a 100 ms period, v2 {@code cpu.max}
 * @param pidsLimit maximum number of processes (v1/v2 {@code pids.max})
 */
public record Resources(long memoryBytes, long nanoCpus, long pidsLimit) {
  public static final Resources NONE = new Resources(0, 0, 0);

  public Resources {
    if (memoryBytes < 0 || nanoCpus < 0 || pidsLimit < 0) {
      throw new IllegalArgumentException("resource limits must not be negative");
    }
  }

  public boolean isUnlimited() {
    return memoryBytes == 0 && nanoCpus == 0 && pidsLimit == 0;
  }
}
