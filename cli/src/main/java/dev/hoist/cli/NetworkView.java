package dev.hoist.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.NetworkOptions;
import dev.hoist.internal.runtime.NetworkSettings;
import dev.hoist.internal.runtime.net.PortBinding;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A container's network in {@code docker inspect}'s shape ({@code NetworkSettings}, ...). */
final class NetworkView {
  private NetworkView() {}

  /** {@code HostConfig}'s network fields: mode, port bindings, DNS, extra hosts. */
  static void hostConfig(ObjectNode host, ContainerSpec s) {
    NetworkOptions n = s.networkOptions();
    host.put("NetworkMode", s.network() == NetworkMode.CONTAINER
        ? "container:" + n.container() : s.network().name().toLowerCase(Locale.ROOT));
    ObjectNode bindings = host.putObject("PortBindings");
    for (PortBinding p : n.ports()) {
      ArrayNode list = bindings.has(p.containerKey()) ? (ArrayNode) bindings.get(p.containerKey())
          : bindings.putArray(p.containerKey());
      ObjectNode b = list.addObject();
      b.put("HostIp", p.hostIp());
      b.put("HostPort", p.hostPort() == 0 ? "" : Integer.toString(p.hostPort()));
    }
    host.put("PublishAllPorts", n.publishAll());
    strings(host.putArray("Dns"), n.dns());
    strings(host.putArray("DnsSearch"), n.dnsSearch());
    strings(host.putArray("DnsOptions"), n.dnsOptions());
    strings(host.putArray("ExtraHosts"), n.extraHosts());
  }

  /**
   * {@code NetworkSettings}: address, gateway, prefix, MAC, sandbox and the published ports
   * with the host ports they got while the container runs; empty values when it does not.
   */
  static void settings(ObjectNode node, ContainerStore store, ContainerState c) {
    Optional<NetworkSettings> live = NetworkSettings.of(store, c);
    node.put("Bridge", "");
    node.put("SandboxKey", live.map(NetworkSettings::sandboxKey).orElse(""));
    ObjectNode ports = node.putObject("Ports");
    List<PortBinding> bound = live.map(NetworkSettings::ports).orElse(List.of());
    for (PortBinding p : bound) {
      ArrayNode list = ports.has(p.containerKey()) ? (ArrayNode) ports.get(p.containerKey())
          : ports.putArray(p.containerKey());
      ObjectNode b = list.addObject();
      b.put("HostIp", p.bindAddress());
      b.put("HostPort", Integer.toString(p.hostPort()));
    }
    address(node, live);
    if (c.spec() != null && c.spec().network() == NetworkMode.BRIDGE) {
      address(node.putObject("Networks").putObject("bridge"), live);
    } else {
      node.putObject("Networks");
    }
  }

  private static void address(ObjectNode node, Optional<NetworkSettings> live) {
    node.put("Gateway", live.map(NetworkSettings::gateway).orElse(""));
    node.put("IPAddress", live.map(NetworkSettings::ipAddress).orElse(""));
    node.put("IPPrefixLen", live.map(NetworkSettings::prefixLength).orElse(0));
    node.put("MacAddress", live.map(NetworkSettings::macAddress).orElse(""));
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
