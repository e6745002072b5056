package dev.hoist.internal.runtime.net;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A user-defined network ({@code hoist network create}), as {@code $HOIST_HOME/networks/<id>.json}
 * records it, and the default {@code bridge} network in the same shape: a Linux bridge of its own
 * ({@link #bridge}), a subnet whose first host address is the bridge's ({@link #gateway}), an
 * address allocator per bridge under {@code /run/hoist/networks/<bridge>}.
 *
 * @param id 64 hex digits
 * @param name unique in its home
 * @param driver {@code bridge} (the only driver)
 * @param subnet CIDR
 * @param gateway the bridge's address
 * @param internal no default route and no NAT: the containers reach only each other
 * @param labels {@code --label K=V}
 * @param created RFC 3339
 */
public record UserNetwork(String id, String name, String driver, String subnet, String gateway,
    boolean internal, Map<String, String> labels, String created) {

  /** The interface name prefix of user networks' bridges. */
  public static final String BRIDGE_PREFIX = "hoist-";
  /** The IDs of the predefined networks, as Docker lists them (sha256 of "hoist:NAME"). */
  public static final String BRIDGE_ID =
      "3b74d0b4829578ee27be097f1ab25887f26cab31bc4bab60104911f8dbea3c01";
  public static final String HOST_ID =
      "9fb2fa24dd151c6ae534e9f8d9b463032df9efe78d791886ef3f40310b26f114";
  public static final String NONE_ID =
      "57731f360dd2d268b6d351b8937962df172fdab1e90fae368f66a6037874cda1";

  public UserNetwork {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(subnet, "subnet");
    driver = driver == null ? "bridge" : driver;
    gateway = gateway == null ? Subnet.parse(subnet).gateway() : gateway;
    labels = labels == null ? Map.of() : Map.copyOf(new TreeMap<>(labels));
  }

  /** The default {@code bridge} network on {@code hoist0} ({@code subnet}: the bridge's). */
  public static UserNetwork defaultBridge(Subnet subnet) {
    return new UserNetwork(BRIDGE_ID, "bridge", "bridge", subnet.toString(), subnet.gateway(), false,
        Map.of(), null);
  }

  /** Whether this is the default {@code bridge} network (no names resolved on it, as Docker's). */
  @JsonIgnore
  public boolean isDefaultBridge() {
    return id.equals(BRIDGE_ID);
  }

  /**
   * The Linux bridge: {@code hoist-} and the ID's first 9 hex digits (15 characters, the kernel's
   * limit for interface names), {@code hoist0} for the default network.
   */
  @JsonIgnore
  public String bridge() {
    return isDefaultBridge() ? BridgeNetwork.DEFAULT_NAME
        : BRIDGE_PREFIX + id.substring(0, 9);
  }

  @JsonIgnore
  public Subnet subnetValue() {
    return Subnet.parse(subnet);
  }

  /** The bridge's address allocator (shared by every home on this machine). */
  @JsonIgnore
  public IpAllocator allocator() {
    return new IpAllocator(stateDir());
  }

  @JsonIgnore
  Path stateDir() {
    return BridgeNetwork.STATE_ROOT.resolve(bridge());
  }
}
