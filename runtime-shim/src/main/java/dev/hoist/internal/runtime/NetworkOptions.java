package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.net.PortBinding;
import java.util.List;

/**
 * A container's network options beyond its {@link NetworkMode}, as {@code docker run} takes
 * them.
 *
 * @param ports {@code -p} (and, in a {@link ContainerSpec}, {@code -P}'s exposed ports)
 * @param publishAll {@code -P}: every port the image exposes, on a free host port
 * @param ip {@code --ip}: this address on the bridge (null: the lowest free one)
 * @param mac {@code --mac-address} (null: {@code 02:42} and the address, as Docker's)
 * @param extraHosts {@code --add-host NAME:IP} ({@code host-gateway}: the bridge's address)
 * @param dns {@code --dns} name servers (empty: the host's)
 * @param dnsSearch {@code --dns-search}
 * @param dnsOptions {@code --dns-option}
 * @param container {@code --network container:NAME}: the ID of the container whose network
 *     namespace this one joins (null otherwise)
 */
public record NetworkOptions(List<PortBinding> ports, boolean publishAll, String ip, String mac,
    List<String> extraHosts, List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
    String container) {

  public static final NetworkOptions NONE = new NetworkOptions(List.of(), false, null, null,
      List.of(), List.of(), List.of(), List.of(), null);

  public NetworkOptions {
    ports = ports == null ? List.of() : List.copyOf(ports);
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    dns = dns == null ? List.of() : List.copyOf(dns);
    dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
    dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
  }

  /**
   * The {@code --add-host} entries as {@code hosts} lines ({@code IP<TAB>NAME}), {@code
   * host-gateway} as {@code gateway}.
   */
  public List<String> extraHostLines(String gateway) {
    return ExtraHosts.lines(extraHosts, gateway).lines().toList();
  }

  public NetworkOptions withPorts(List<PortBinding> all) {
    return new NetworkOptions(all, publishAll, ip, mac, extraHosts, dns, dnsSearch, dnsOptions,
        container);
  }

  public NetworkOptions withContainer(String id) {
    return new NetworkOptions(ports, publishAll, ip, mac, extraHosts, dns, dnsSearch,
        dnsOptions, id);
  }
}
