package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import dev.hoist.internal.runtime.net.PortBinding;
import dev.hoist.internal.service.list.ContainerSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A container as {@code docker ps --format} sees it: docker/cli's {@code ContainerContext}
 * (fields {@code .ID .Image .Command .CreatedAt .RunningFor .Ports .State .Status .Size .Names
 * .Labels .Mounts .Networks .LocalVolumes}, method {@code .Label "KEY"}), its header names and
 * default table.
 */
final class ContainerRow {
  static final String TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t"
      + "{{.Status}}\t{{.Ports}}\t{{.Names}}";
  static final Map<String, String> HEADERS = headers();

  private ContainerRow() {}

  private static Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("ID", "CONTAINER ID");
    h.put("Names", "NAMES");
    h.put("Image", "IMAGE");
    h.put("Command", "COMMAND");
    h.put("CreatedAt", "CREATED AT");
    h.put("RunningFor", "CREATED");
    h.put("Ports", "PORTS");
    h.put("State", "STATE");
    h.put("Status", "STATUS");
    h.put("Size", "SIZE");
    h.put("Labels", "LABELS");
    h.put("Mounts", "MOUNTS");
    h.put("LocalVolumes", "LOCAL VOLUMES");
    h.put("Networks", "NETWORKS");
    return Map.copyOf(h);
  }

  /** The row of {@code c}; {@code trunc}: short IDs, commands and mount names (no {@code --no-trunc}). */
  static GoStruct of(ContainerSummary c, boolean trunc, Instant now) {
    Map<String, String> labels = c.labels();
    String command = trunc ? ellipsis(c.command(), 20) : c.command();
    List<String> mounts = new ArrayList<>();
    int local = 0;
    for (ContainerSummary.Mount m : c.mounts()) {
      String name = m.name() == null ? m.source() : m.name();
      mounts.add(trunc ? ellipsis(name, 15) : name);
      local += "local".equals(m.driver()) ? 1 : 0;
    }
    String size = Sizes.docker(c.sizeRw() == null ? 0 : c.sizeRw(), 3);
    if (c.sizeRootFs() != null && c.sizeRootFs() > 0) {
      size += " (virtual " + Sizes.docker(c.sizeRootFs(), 3) + ")";
    }
    Duration age = Duration.between(c.created(), now);
    return GoStruct.of("*formatter.ContainerContext")
        .field("ID", trunc ? c.id().substring(0, Math.min(12, c.id().length())) : c.id())
        .field("Names", names(c.names(), trunc))
        .field("Image", c.image() == null || c.image().isEmpty() ? "<no image>" : c.image())
        .field("Command", quote(command))
        .field("CreatedAt", GoTime.local(c.created().truncatedTo(ChronoUnit.SECONDS)))
        .field("RunningFor", Times.human(age.isNegative() ? Duration.ZERO : age) + " ago")
        .field("Ports", ports(c.ports()))
        .field("State", c.state())
        .field("Status", c.status())
        .field("Size", size)
        .field("Labels", String.join(",", new TreeSet<>(labels.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).toList())))
        .field("Mounts", String.join(",", mounts))
        .field("LocalVolumes", Integer.toString(local))
        .field("Networks", String.join(",", c.networks().stream()
            .map(ContainerSummary.Network::name).toList()))
        .method("Label", key -> labels.getOrDefault(key, ""))
        .build();
  }

  private static String names(List<String> names, boolean trunc) {
    List<String> shown = new ArrayList<>();
    for (String n : names) {
      String name = n.startsWith("/") ? n.substring(1) : n;
      if (trunc && name.indexOf('/') < 0) {
        return name;
      }
      if (!trunc) {
        shown.add(name);
      }
    }
    return String.join(",", shown);
  }

  /** docker/cli's {@code Ellipsis}: at most {@code width} characters, the last one '…'. */
  static String ellipsis(String s, int width) {
    int n = s.codePointCount(0, s.length());
    if (n <= width) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, width - 1)) + "…";
  }

  /** Go's {@code strconv.Quote}: double quotes, Go's escapes, non-printable runes escaped. */
  static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        case '\r' -> q.append("\\r");
        case 7 -> q.append("\\a");
        case '\b' -> q.append("\\b");
        case '\f' -> q.append("\\f");
        case 11 -> q.append("\\v");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            q.append(String.format("\\x%02x", cp));
          } else {
            q.appendCodePoint(cp);
          }
        }
      }
    });
    return q.append('"').toString();
  }

  /**
   * docker/cli's {@code DisplayablePorts}: sorted; ports published on the same number grouped
   * into ranges ({@code 0.0.0.0:8000-8001->8000-8001/tcp}), others as
   * {@code 0.0.0.0:8080->80/tcp} after them.
   */
  static String ports(List<PortBinding> bound) {
    List<PortBinding> ports = new ArrayList<>(bound);
    ports.sort(Comparator.comparingInt(PortBinding::containerPort)
        .thenComparing(PortBinding::bindAddress).thenComparingInt(PortBinding::hostPort)
        .thenComparing(PortBinding::protocol));
    Map<String, int[]> groups = new LinkedHashMap<>();
    List<String> result = new ArrayList<>();
    List<String> mappings = new ArrayList<>();
    for (PortBinding p : ports) {
      if (p.hostPort() != p.containerPort()) {
        mappings.add(p.bindAddress() + ":" + p.hostPort() + "->" + p.containerKey());
        continue;
      }
      String key = p.bindAddress() + "/" + p.protocol();
      int[] group = groups.get(key);
      if (group == null) {
        groups.put(key, new int[] {p.containerPort(), p.containerPort()});
      } else if (p.containerPort() == group[1] + 1) {
        group[1] = p.containerPort();
      } else {
        result.add(group(key, group));
        groups.put(key, new int[] {p.containerPort(), p.containerPort()});
      }
    }
    groups.forEach((key, g) -> result.add(group(key, g)));
    result.addAll(mappings);
    return String.join(", ", result);
  }

  private static String group(String key, int[] g) {
    String ip = key.substring(0, key.indexOf('/'));
    String range = g[0] == g[1] ? Integer.toString(g[0]) : g[0] + "-" + g[1];
    return ip + ":" + range + "->" + range + key.substring(key.indexOf('/'));
  }
}
