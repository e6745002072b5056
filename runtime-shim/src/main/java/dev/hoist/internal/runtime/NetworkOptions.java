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
 * @param expose {@code --expose} (compose's {@code expose}): ports the container exposes beyond
 *     the image's, as Docker keys them ({@code 80/tcp}); {@code -P} publishes them too
 */
public record NetworkOptions(List<PortBinding> ports, boolean publishAll, String ip, String mac,
    List<String> extraHosts, List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
    String container, List<String> expose) {

  public static final NetworkOptions NONE = new NetworkOptions(List.of(), false, null, null,
      List.of(), List.of(), List.of(), List.of(), null);

  /** Options that expose no port beyond the image's. */
  public NetworkOptions(List<PortBinding> ports, boolean publishAll, String ip, String mac,
      List<String> extraHosts, List<String> dns, List<String> dnsSearch,
      List<String> dnsOptions, String container) {
    this(ports, publishAll, ip, mac, extraHosts, dns, dnsSearch, dnsOptions, container,
        List.of());
  }

  public NetworkOptions {
    expose = expose == null ? List.of() : List.copyOf(expose);
    ports = ports == null ? List.of() : List.copyOf(ports);
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    dns = dns == null ? List.of() : List.copyOf(dns);
    dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
    dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
  }

  /**
   * Checks {@code --add-host} entries ({@code NAME:IP}, {@code NAME=IP}, {@code host-gateway}) before
   * anything is made: a bad one is an {@link IllegalArgumentException} naming it. Returns them.
   */
  public static List<String> checkedExtraHosts(List<String> entries) {
    entries.forEach(ExtraHosts::check);
    return List.copyOf(entries);
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
        container, expose);
  }

  public NetworkOptions withContainer(String id) {
    return new NetworkOptions(ports, publishAll, ip, mac, extraHosts, dns, dnsSearch,
        dnsOptions, id, expose);
  }

  /** These options exposing {@code keys} ({@code 80/tcp}) too. */
  public NetworkOptions withExpose(List<String> keys) {
    return new NetworkOptions(ports, publishAll, ip, mac, extraHosts, dns, dnsSearch,
        dnsOptions, container, keys);
  }
}
