package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One container's place on a {@link BridgeNetwork}: a network namespace of its own
 * ({@code /run/netns/<bridge>-<containerId>}, which the runtime's container joins), a veth pair
 * ({@code vh<address in hex>} on the bridge, {@code eth0} inside), an address from the
 * {@link IpAllocator} and a default route via the bridge. {@link #close} removes all of it.
 */
public final class NetworkAttachment implements AutoCloseable {
  /** What takes the attachment away. */
  @FunctionalInterface
  interface Detach {
    void detach(NetworkAttachment attachment) throws IOException;
  }

  private final String containerId;
  private final String address;
  private final Subnet subnet;
  private final String netnsName;
  private final String macAddress;
  private final String bridge;
  private final boolean writesHosts;
  private final Detach detach;
  /** The bridge's background removal ({@link #handOff}); null when not removable. */
  private final Detach handOff;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile OptionalLong nftGeneration = OptionalLong.empty();
  /** Whether {@link #beginClose} may start removing the namespace and veth (the bridge's). */
  private final boolean removable;
  private NetnsHelper.Removal removal;

  NetworkAttachment(BridgeNetwork network, String containerId, String address, Subnet subnet,
      String macAddress) {
    this(containerId, address, subnet, network.netnsName(containerId), macAddress,
        network.name(), false, network::detach, network::handOff);
  }

  /**
   * @param netnsName the namespace's name for {@code ip netns}
   * @param macAddress {@code eth0}'s hardware address
   * @param bridge the bridge {@code eth0}'s peer is on
   * @param writesHosts the container's {@code hosts} file is kept by the attachment (user
   *     networks: {@link HostsFiles}), not written by the runtime
   */
  NetworkAttachment(String containerId, String address, Subnet subnet, String netnsName,
      String macAddress, String bridge, boolean writesHosts, Detach detach) {
    this(containerId, address, subnet, netnsName, macAddress, bridge, writesHosts, detach, null);
  }

  private NetworkAttachment(String containerId, String address, Subnet subnet, String netnsName,
      String macAddress, String bridge, boolean writesHosts, Detach detach, Detach handOff) {
    this.removable = handOff != null;
    this.handOff = handOff;
    this.macAddress = macAddress;
    this.bridge = bridge;
    this.containerId = containerId;
    this.address = address;
    this.subnet = subnet;
    this.netnsName = netnsName;
    this.writesHosts = writesHosts;
    this.detach = detach;
  }

  /**
   * Whether the container's {@code hosts} file is this attachment's (written with the names of
   * the containers on its networks and rewritten in place as they come and go), so the runtime
   * must leave it as it is.
   */
  public boolean writesHosts() {
    return writesHosts;
  }

  public String containerId() {
    return containerId;
  }

  /** The container's address on the bridge. */
  public String address() {
    return address;
  }

  public Subnet subnet() {
    return subnet;
  }

  /** The bridge's address: the container's default route and the host as the container sees it. */
  public String gateway() {
    return subnet.gateway();
  }

  /** {@code eth0}'s hardware address. */
  public String macAddress() {
    return macAddress;
  }

  /** The bridge's interface name ({@code hoist0}, or a user network's). */
  public String bridge() {
    return bridge;
  }

  /** The namespace's name for {@code ip netns}. */
  public String netnsName() {
    return netnsName;
  }

  /** The bind-mounted namespace the container joins (shim: {@code netns=}, runc: its path). */
  public Path netnsPath() {
    return BridgeNetwork.NETNS_DIR.resolve(netnsName());
  }

  /** The host end of the veth pair, on the bridge. */
  public String vethName() {
    return BridgeNetwork.vethName(address);
  }

  /**
   * The host's nf_tables rule-set generation read before the attachment was made (empty when
   * unknown): rule checks that passed at it need not run again ({@link CheckedRules}).
   */
  OptionalLong nftGeneration() {
    return nftGeneration;
  }

  void nftGeneration(OptionalLong generation) {
    this.nftGeneration = generation;
  }

  /**
   * Starts removing the namespace and the veth pair once the container is gone, for {@link
   * #close} to finish: the caller's other clean-up runs meanwhile. Nothing when closed already
   * or when the attachment's removal cannot be split (user networks).
   */
  public synchronized void beginClose() throws IOException {
    if (removable && removal == null && !closed.get()) {
      removal = NetnsHelper.startRemove(List.of(vethName()), List.of(netnsPath()));
    }
  }

  /**
   * Closes it in the background, for a program about to exit: the namespace and the veth pair
   * are removed by a process of their own that releases the address once they are gone
   * ({@link NetnsHelper#handOffRemove}); this process does not wait. As {@link #close} (which
   * then does nothing more) when the removal cannot be split (user networks), has begun
   * already, or cannot be started.
   */
  public synchronized void handOff() throws IOException {
    if (!removable || removal != null || closed.get()) {
      close();
      return;
    }
    try {
      handOff.detach(this);
    } catch (IOException e) {
      close(); // in the foreground, saying what fails
      return;
    }
    closed.set(true);
  }

  /** The removal {@link #beginClose} started (null: none), handed over once. */
  synchronized NetnsHelper.Removal takeRemoval() {
    NetnsHelper.Removal r = removal;
    removal = null;
    return r;
  }

  /** Removes the namespace, the veth pair and the address (once; later calls do nothing). */
  @Override
  public void close() throws IOException {
    if (closed.compareAndSet(false, true)) {
      detach.detach(this);
    }
  }
}
