package dev.hoist.internal.service.docker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.net.UserNetwork;
import dev.hoist.internal.service.NetworkEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker network inspect}'s object, the Engine API's {@code Network} ({@code
 * NetworkResource}): the network, its address management ({@link Ipam}) and the containers on
 * it ({@link Endpoint}, by container ID).
 *
 * @param created RFC 3339 ({@link DockerTime}), Go's zero time when not known
 */
public record NetworkInspect(
    @JsonProperty("Name") String name,
    @JsonProperty("Id") String id,
    @JsonProperty("Created") String created,
    @JsonProperty("Scope") String scope,
    @JsonProperty("Driver") String driver,
    @JsonProperty("EnableIPv6") boolean enableIpv6,
    @JsonProperty("IPAM") Ipam ipam,
    @JsonProperty("Internal") boolean internal,
    @JsonProperty("Attachable") boolean attachable,
    @JsonProperty("Ingress") boolean ingress,
    @JsonProperty("ConfigFrom") ConfigReference configFrom,
    @JsonProperty("ConfigOnly") boolean configOnly,
    @JsonProperty("Containers") Map<String, Endpoint> containers,
    @JsonProperty("Options") Map<String, String> options,
    @JsonProperty("Labels") Map<String, String> labels) {

  /**
   * A bridge network ({@code bridge} or user-defined) with the addresses of the running
   * containers on it.
   */
  public static NetworkInspect of(UserNetwork n,
      Map<ContainerState, NetworkEndpoint> endpoints) {
    Map<String, Endpoint> containers = new LinkedHashMap<>();
    endpoints.forEach((c, e) -> containers.put(c.id(), new Endpoint(c.name(), e.endpointId(),
        e.macAddress(), e.ipv4WithPrefix(), "")));
    return new NetworkInspect(n.name(), n.id(), DockerTime.of(n.created(), DockerTime.ZERO),
        "local", n.driver(), false,
        new Ipam("default", null, List.of(new IpamConfig(n.subnet(), null, n.gateway()))),
        n.internal(), false, false, ConfigReference.NONE, false, containers,
        Map.of("com.docker.network.bridge.name", n.bridge()), n.labels());
  }

  /**
   * {@code host} or {@code none} (driver {@code host} or {@code null}): no addresses to manage;
   * {@code running} the containers that use it.
   */
  public static NetworkInspect predefined(String id, String name, String driver,
      List<ContainerState> running) {
    Map<String, Endpoint> containers = new LinkedHashMap<>();
    running.forEach(c -> containers.put(c.id(), new Endpoint(c.name(), "", "", "", "")));
    return new NetworkInspect(name, id, DockerTime.ZERO, "local", driver, false,
        new Ipam("default", null, List.of()), false, false, false, ConfigReference.NONE, false,
        containers, Map.of(), Map.of());
  }

  /** {@code IPAM}: the {@code default} driver, its options and the subnets. */
  public record Ipam(@JsonProperty("Driver") String driver,
      @JsonProperty("Options") Map<String, String> options,
      @JsonProperty("Config") List<IpamConfig> config) {}

  /** One of the network's subnets and its gateway. */
  public record IpamConfig(@JsonProperty("Subnet") String subnet,
      @JsonProperty("IPRange") @JsonInclude(Include.NON_EMPTY) String ipRange,
      @JsonProperty("Gateway") @JsonInclude(Include.NON_EMPTY) String gateway) {}

  /** {@code ConfigFrom}: the network this one takes its configuration from (none: empty). */
  public record ConfigReference(@JsonProperty("Network") String network) {
    public static final ConfigReference NONE = new ConfigReference("");
  }

  /**
   * A container on the network, as Docker's {@code EndpointResource}.
   *
   * @param ipv4Address {@code ADDRESS/PREFIX}
   */
  public record Endpoint(@JsonProperty("Name") String name,
      @JsonProperty("EndpointID") String endpointId,
      @JsonProperty("MacAddress") String macAddress,
      @JsonProperty("IPv4Address") String ipv4Address,
      @JsonProperty("IPv6Address") String ipv6Address) {}
}
