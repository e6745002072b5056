package dev.hoist.internal.runtime;

/** The container's network: its own namespace with only {@code lo}, the bridge, or the host's. */
public enum NetworkMode {
  /** A new network namespace with only the loopback interface, brought up. */
  NONE,
  /**
   * A network namespace of its own on the host's bridge ({@code hoist0}, with outbound NAT):
   * {@code eth0} with an address of the bridge's subnet, a default route via the bridge
   * ({@link dev.hoist.internal.runtime.net.BridgeNetwork}).
   */
  BRIDGE,
  /** The host's network namespace (and its /etc/hosts and /etc/resolv.conf). */
  HOST,
  /**
   * The network namespace of another running container ({@code --network container:NAME}; its
   * ID in {@link NetworkOptions#container}), with its /etc/hosts, /etc/resolv.conf and host name.
   */
  CONTAINER
}
