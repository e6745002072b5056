package dev.hoist.internal.service.list;

import java.time.Instant;
import java.util.Map;

/**
 * A network as a listing shows it (the Engine API's {@code Network} summary, what
 * {@code docker network ls} formats). {@code created} is null for the predefined networks
 * (hoist has no daemon whose start dates them); {@code builtin}: {@code bridge}, {@code host},
 * {@code none}.
 */
public record NetworkSummary(String id, String name, String driver, String scope,
    boolean internal, boolean ipv4, boolean ipv6, Map<String, String> labels, Instant created,
    boolean builtin, int containers) {
  public NetworkSummary {
    labels = Map.copyOf(labels);
  }
}
