package dev.hoist.internal.service;

import dev.hoist.cache.model.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One container's place on one network, the facts {@code docker inspect} shows under {@code
 * NetworkSettings.Networks.NAME} and {@code docker network inspect} under {@code Containers.ID}:
 * the network (name and ID), the container's names there, and while it runs its address, prefix
 * length, gateway and MAC address. A stopped container keeps its endpoints with empty addresses,
 * as Docker's.
 *
 * @param networkName {@code bridge}, {@code host}, {@code none} or a user network's name
 * @param networkId the network's 64-hex ID
 * @param endpointId this run's endpoint (64 hex digits, derived from the container, the network
 *     and the container's start time; empty while it does not run)
 * @param aliases {@code --network-alias} / {@code network connect --alias} (user networks only)
 * @param dnsNames the names the other containers there resolve it by (user networks: its name,
 *     aliases and short ID; empty on the default bridge, as Docker's)
 * @param ipAddress its IPv4 address there (empty: not running, or host/none)
 * @param prefixLength the subnet's prefix length (0 when there is no address)
 * @param gateway the network's gateway (empty when there is no address)
 * @param macAddress its interface's MAC address (empty when there is no address)
 */
public record NetworkEndpoint(String networkName, String networkId, String endpointId,
    List<String> aliases, List<String> dnsNames, String ipAddress, int prefixLength,
    String gateway, String macAddress) {

  public NetworkEndpoint {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    dnsNames = dnsNames == null ? List.of() : List.copyOf(dnsNames);
    endpointId = endpointId == null ? "" : endpointId;
    ipAddress = ipAddress == null ? "" : ipAddress;
    gateway = gateway == null ? "" : gateway;
    macAddress = macAddress == null ? "" : macAddress;
  }

  /** Whether the container has an address there (it runs, on a network with addresses). */
  public boolean hasAddress() {
    return !ipAddress.isEmpty();
  }

  /** {@code ADDRESS/PREFIX}, as {@code network inspect}'s {@code IPv4Address}; empty without. */
  public String ipv4WithPrefix() {
    return hasAddress() ? ipAddress + "/" + prefixLength : "";
  }

  /**
   * The ID of a running container's endpoint: sha256 of the container's ID, the network's ID and
   * the start time, so that each start has its own, as Docker's endpoints have.
   */
  static String endpointId(String containerId, String networkId, String startedAt) {
    return Digest.sha256(("hoist-endpoint\0" + containerId + "\0" + networkId + "\0"
        + startedAt).getBytes(StandardCharsets.UTF_8)).hex();
  }
}
