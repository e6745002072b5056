package dev.hoist.internal.compose;

import java.util.Map;

/**
 * A top-level {@code networks} entry.
 *
 * @param name the network's name in hoist ({@code PROJECT_KEY} unless {@code name:} or
 *     external)
 * @param driver {@code bridge} (the only one hoist makes) or null
 * @param external made elsewhere: looked up, never created or removed
 * @param internal no route out
 * @param subnet {@code ipam.config[0].subnet}, or null
 * @param gateway {@code ipam.config[0].gateway}, or null
 * @param labels its labels
 */
public record NetworkConfig(String name, String driver, boolean external, boolean internal,
    String subnet, String gateway, Map<String, String> labels) {
  public NetworkConfig {
    labels = Map.copyOf(labels);
  }
}
