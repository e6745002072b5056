package dev.hoist.internal.service.list;

import java.time.Instant;
import java.util.Map;

/**
 * A volume as a listing shows it (the Engine API's {@code Volume}, what {@code docker volume ls}
 * formats): name, driver ({@code local}), mount point, creation time, labels, scope
 * ({@code local}), how many containers mount it ({@code UsageData.RefCount}), and the bytes of
 * its files when asked for ({@code UsageData.Size}, {@code system df -v}), else null.
 */
public record VolumeSummary(String name, String driver, String mountpoint, Instant created,
    Map<String, String> labels, String scope, int links, Long size) {
  public VolumeSummary {
    labels = Map.copyOf(labels);
  }

  /** Whether a container mounts it. */
  public boolean inUse() {
    return links > 0;
  }
}
