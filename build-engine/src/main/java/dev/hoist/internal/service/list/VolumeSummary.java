package dev.hoist.internal.service.list;

import java.time.Instant;
import java.util.Map;

/**
 * A volume as a listing shows it (the Engine API's {@code Volume}, what {@code docker volume ls}
 * formats): name, driver ({@code local}), mount point, creation time, labels, scope
 * ({@code local}), and whether a container uses it.
 */
public record VolumeSummary(String name, String driver, String mountpoint, Instant created,
    Map<String, String> labels, String scope, boolean inUse) {
  public VolumeSummary {
    labels = Map.copyOf(labels);
  }
}
