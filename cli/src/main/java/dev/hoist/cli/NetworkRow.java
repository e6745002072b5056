package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import dev.hoist.internal.service.list.NetworkSummary;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeSet;

/**
 * A network as {@code docker network ls --format} sees it: docker/cli's {@code networkContext}
 * (fields {@code .ID .Name .Driver .Scope .IPv4 .IPv6 .Internal .Labels .CreatedAt}, method
 * {@code .Label "KEY"}), its header names and default table.
 */
final class NetworkRow {
  static final String TABLE = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
  static final Map<String, String> HEADERS = Map.of("ID", "NETWORK ID", "Name", "NAME",
      "Driver", "DRIVER", "Scope", "SCOPE", "IPv4", "IPV4", "IPv6", "IPV6",
      "Internal", "INTERNAL", "Labels", "LABELS", "CreatedAt", "CREATED AT");

  private NetworkRow() {}

  static GoStruct of(NetworkSummary n, boolean trunc) {
    Map<String, String> labels = n.labels();
    // Go's zero time when unknown (the predefined networks)
    Instant created = n.created() == null ? Instant.parse("0001-01-01T00:00:00Z") : n.created();
    return GoStruct.of("*network.networkContext")
        .field("ID", trunc ? n.id().substring(0, Math.min(12, n.id().length())) : n.id())
        .field("Name", n.name())
        .field("Driver", n.driver())
        .field("Scope", n.scope())
        .field("IPv4", Boolean.toString(n.ipv4()))
        .field("IPv6", Boolean.toString(n.ipv6()))
        .field("Internal", Boolean.toString(n.internal()))
        .field("Labels", String.join(",", new TreeSet<>(labels.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).toList())))
        .field("CreatedAt", GoTime.string(created.atZone(ZoneOffset.UTC)))
        .method("Label", key -> labels.getOrDefault(key, ""))
        .build();
  }
}
