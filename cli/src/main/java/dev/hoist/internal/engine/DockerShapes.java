package dev.hoist.internal.engine;

import dev.hoist.internal.runtime.net.PortBinding;
import dev.hoist.internal.service.ImageSummary;
import dev.hoist.internal.service.list.Timestamps;
import dev.hoist.internal.service.list.ContainerSummary;
import dev.hoist.internal.service.list.NetworkSummary;
import dev.hoist.internal.service.list.VolumeSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The services' list summaries as the Engine API's list answers name their fields. */
final class DockerShapes {
  private DockerShapes() {}

  /** Docker's {@code ContainerSummary}. */
  static Map<String, Object> container(ContainerSummary c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", c.id());
    m.put("Names", c.names().stream().map(n -> n.startsWith("/") ? n : "/" + n).toList());
    m.put("Image", c.image());
    m.put("ImageID", c.imageId());
    m.put("Command", c.command());
    m.put("Created", c.created() == null ? 0 : c.created().getEpochSecond());
    List<Map<String, Object>> ports = new ArrayList<>();
    for (PortBinding p : c.ports()) {
      Map<String, Object> port = new LinkedHashMap<>();
      if (p.hostPort() != 0) {
        port.put("IP", p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp());
      }
      port.put("PrivatePort", p.containerPort());
      if (p.hostPort() != 0) {
        port.put("PublicPort", p.hostPort());
      }
      port.put("Type", p.protocol());
      ports.add(port);
    }
    m.put("Ports", ports);
    if (c.sizeRw() != null) {
      m.put("SizeRw", c.sizeRw());
    }
    if (c.sizeRootFs() != null) {
      m.put("SizeRootFs", c.sizeRootFs());
    }
    m.put("Labels", c.labels());
    m.put("State", c.state());
    m.put("Status", c.status());
    String mode = c.networks().isEmpty() ? "none" : c.networks().get(0).name();
    m.put("HostConfig", Map.of("NetworkMode", mode));
    Map<String, Object> networks = new LinkedHashMap<>();
    c.networks().forEach(n -> networks.put(n.name(), Map.of("NetworkID", n.id())));
    m.put("NetworkSettings", Map.of("Networks", networks));
    List<Map<String, Object>> mounts = new ArrayList<>();
    for (ContainerSummary.Mount mount : c.mounts()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("Type", mount.name() == null ? "bind" : "volume");
      if (mount.name() != null) {
        x.put("Name", mount.name());
      }
      x.put("Source", mount.source());
      x.put("Destination", mount.destination());
      x.put("Driver", mount.driver() == null ? "" : mount.driver());
      x.put("Mode", "");
      x.put("RW", true);
      x.put("Propagation", "");
      mounts.add(x);
    }
    m.put("Mounts", mounts);
    return m;
  }

  /** Docker's {@code Volume} as {@code GET /volumes} lists it. */
  static Map<String, Object> volume(VolumeSummary v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", v.name());
    m.put("Driver", v.driver());
    m.put("Mountpoint", v.mountpoint());
    m.put("CreatedAt", v.created() == null ? null : v.created().toString());
    m.put("Labels", v.labels());
    m.put("Scope", v.scope());
    m.put("Options", Map.of());
    return m;
  }

  /** Docker's {@code Network} summary as {@code GET /networks} lists it. */
  static Map<String, Object> network(NetworkSummary n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", n.name());
    m.put("Id", n.id());
    m.put("Created", n.created() == null ? "0001-01-01T00:00:00Z" : n.created().toString());
    m.put("Scope", n.scope());
    m.put("Driver", n.driver());
    m.put("EnableIPv4", n.ipv4());
    m.put("EnableIPv6", n.ipv6());
    m.put("Internal", n.internal());
    m.put("Attachable", false);
    m.put("Ingress", false);
    m.put("Labels", n.labels());
    return m;
  }

  /**
   * Docker's {@code ImageSummary}s: one per image ID, its tags together; {@code Containers}
   * from {@code containersByImage} (an ID it lacks: -1, not counted, as Docker's list).
   */
  static List<Map<String, Object>> images(List<ImageSummary> lines,
      Map<String, Long> containersByImage) {
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (ImageSummary line : lines) {
      Map<String, Object> image = byId.computeIfAbsent(line.id(), id -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", id);
        m.put("ParentId", "");
        m.put("RepoTags", new ArrayList<String>());
        m.put("RepoDigests", new ArrayList<String>());
        m.put("Created", epochSeconds(line.created()));
        m.put("Size", line.size());
        m.put("SharedSize", -1);
        m.put("VirtualSize", line.size());
        m.put("Labels", line.labels());
        m.put("Containers", containersByImage.isEmpty() ? -1
            : containersByImage.getOrDefault(id, 0L));
        return m;
      });
      if (!line.repository().equals("<none>")) {
        @SuppressWarnings("unchecked")
        List<String> tags = (List<String>) image.get("RepoTags");
        tags.add(line.repository() + ":" + line.tag());
        @SuppressWarnings("unchecked")
        List<String> digests = (List<String>) image.get("RepoDigests");
        String digest = line.repository() + "@" + line.manifest().digest();
        if (!digests.contains(digest)) {
          digests.add(digest);
        }
      }
    }
    return new ArrayList<>(byId.values());
  }

  private static long epochSeconds(String created) {
    Instant t = Timestamps.recorded(created);
    return t == null ? 0 : t.getEpochSecond();
  }

  /** Docker's {@code HistoryResponseItem}. */
  static Map<String, Object> history(dev.hoist.internal.service.ImageHistory.Item item) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", item.id());
    m.put("Created", item.created());
    m.put("CreatedBy", item.createdBy());
    m.put("Tags", item.tags());
    m.put("Size", item.size());
    m.put("Comment", item.comment());
    return m;
  }
}
