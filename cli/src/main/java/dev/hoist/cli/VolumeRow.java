package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import dev.hoist.internal.service.list.VolumeSummary;
import java.util.Map;
import java.util.TreeSet;

/**
 * A volume as {@code docker volume ls --format} sees it: docker/cli's {@code volumeContext}
 * (fields {@code .Name .Driver .Scope .Mountpoint .Labels .Links .Size} and the cluster fields
 * {@code .Group .Availability .Status}, N/A here as for any local volume; method
 * {@code .Label "KEY"}), its header names and default table.
 */
final class VolumeRow {
  static final String TABLE = "table {{.Driver}}\t{{.Name}}";
  static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "ID"),
      Map.entry("Name", "VOLUME NAME"), Map.entry("Group", "GROUP"),
      Map.entry("Driver", "DRIVER"), Map.entry("Scope", "SCOPE"),
      Map.entry("Availability", "AVAILABILITY"), Map.entry("Mountpoint", "MOUNTPOINT"),
      Map.entry("Labels", "LABELS"), Map.entry("Links", "LINKS"), Map.entry("Size", "SIZE"),
      Map.entry("Status", "STATUS"));

  private VolumeRow() {}

  /** The row of {@code v}; without {@code usage} (a listing), Links and Size are N/A. */
  static GoStruct of(VolumeSummary v, boolean usage) {
    Long links = usage ? Long.valueOf(v.links()) : null;
    Long size = usage ? v.size() : null;
    Map<String, String> labels = v.labels();
    return GoStruct.of("*formatter.volumeContext")
        .field("Name", v.name())
        .field("Driver", v.driver())
        .field("Scope", v.scope())
        .field("Mountpoint", v.mountpoint())
        .field("Labels", String.join(",", new TreeSet<>(labels.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).toList())))
        .field("Links", links == null ? "N/A" : links.toString())
        .field("Size", size == null ? "N/A" : Sizes.docker(size, 4))
        .field("Group", "N/A")
        .field("Availability", "N/A")
        .field("Status", "N/A")
        .method("Label", key -> labels.getOrDefault(key, ""))
        .build();
  }
}
