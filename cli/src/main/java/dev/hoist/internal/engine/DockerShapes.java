package dev.hoist.internal.engine;

import dev.hoist.internal.runtime.net.PortBinding;
import dev.hoist.internal.service.list.ContainerSummary;
import dev.hoist.internal.service.list.NetworkSummary;
import dev.hoist.internal.service.list.VolumeSummary;
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
}
