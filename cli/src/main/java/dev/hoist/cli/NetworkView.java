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
import dev.hoist.internal.runtime.net.UserNetwork;
import dev.hoist.internal.service.NetworkEndpoint;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A container's network in {@code docker inspect}'s shape ({@code NetworkSettings}, ...). */
final class NetworkView {
  private NetworkView() {}

  /** {@code HostConfig}'s network fields: mode, port bindings, DNS, extra hosts. */
  static void hostConfig(ObjectNode host, ContainerSpec s, List<NetworkEndpoint> endpoints) {
    NetworkOptions n = s.networkOptions();
    host.put("NetworkMode", networkMode(s, endpoints));
    ObjectNode bindings = host.putObject("PortBindings");
    for (PortBinding p : n.ports()) {
      ArrayNode list = bindings.has(p.containerKey()) ? (ArrayNode) bindings.get(p.containerKey())
          : bindings.putArray(p.containerKey());
      ObjectNode b = list.addObject();
      b.put("HostIp", p.hostIp());
      b.put("HostPort", p.hostPortText());
    }
    host.put("PublishAllPorts", n.publishAll());
    strings(host.putArray("Dns"), n.dns());
    strings(host.putArray("DnsSearch"), n.dnsSearch());
    strings(host.putArray("DnsOptions"), n.dnsOptions());
    strings(host.putArray("ExtraHosts"), n.extraHosts());
  }

  /**
   * Docker's {@code HostConfig.NetworkMode}: {@code container:ID}, {@code host}, {@code none},
   * or the (first) network the container was put on: {@code bridge} or a user network's name.
   */
  static String networkMode(ContainerSpec s, List<NetworkEndpoint> endpoints) {
    if (s.network() == NetworkMode.CONTAINER) {
      return "container:" + s.networkOptions().container();
    }
    if (s.network() == NetworkMode.BRIDGE && !endpoints.isEmpty()) {
      return endpoints.get(0).networkName();
    }
    return s.network().name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code NetworkSettings}: the sandbox and the published ports with the host ports they got
   * while the container runs; {@code Networks}, one entry per network ({@link NetworkEndpoint});
   * and, as Docker's deprecated top-level fields, the default bridge's address (empty when the
   * container is not on it or does not run).
   */
  static void settings(ObjectNode node, ContainerStore store, ContainerState c,
      List<NetworkEndpoint> endpoints) {
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
    NetworkEndpoint bridge = endpoints.stream()
        .filter(e -> e.networkId().equals(UserNetwork.BRIDGE_ID)).findFirst()
        .orElse(new NetworkEndpoint("", "", "", null, null, "", 0, "", ""));
    node.put("EndpointID", bridge.endpointId());
    address(node, bridge);
    ObjectNode networks = node.putObject("Networks");
    for (NetworkEndpoint e : endpoints) {
      ObjectNode n = networks.putObject(e.networkName());
      n.putNull("IPAMConfig");
      n.putNull("Links");
      strings(n, "Aliases", e.aliases());
      n.put("NetworkID", e.networkId());
      n.put("EndpointID", e.endpointId());
      address(n, e);
      n.put("IPv6Gateway", "");
      n.put("GlobalIPv6Address", "");
      n.put("GlobalIPv6PrefixLen", 0);
      n.putNull("DriverOpts");
      strings(n, "DNSNames", e.dnsNames());
    }
  }

  private static void address(ObjectNode node, NetworkEndpoint e) {
    node.put("Gateway", e.gateway());
    node.put("IPAddress", e.ipAddress());
    node.put("IPPrefixLen", e.prefixLength());
    node.put("MacAddress", e.macAddress());
  }

  /** {@code values} as an array, or null when there are none (as Docker shows them). */
  private static void strings(ObjectNode node, String field, List<String> values) {
    if (values.isEmpty()) {
      node.putNull(field);
    } else {
      strings(node.putArray(field), values);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
