package dev.hoist.internal.compose;

import java.util.Map;

/**
 * A top-level {@code volumes} entry.
 *
 * @param name the volume's name in hoist ({@code PROJECT_KEY} unless {@code name:} or external)
 * @param external made elsewhere: looked up, never created or removed
 * @param labels its labels
 */
public record VolumeConfig(String name, boolean external, Map<String, String> labels) {
  public VolumeConfig {
    labels = Map.copyOf(labels);
  }
}
