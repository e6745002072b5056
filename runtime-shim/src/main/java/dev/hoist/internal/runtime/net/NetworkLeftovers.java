package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What containers whose owning process died (SIGKILL of {@code hoist run} or of a monitor) left
 * on hoist's bridges and nothing has removed yet: port rules, namespaces, veths, addresses,
 * user-network memberships; and what user networks that no longer exist left: their bridges and
 * rules. The next attach removes a dead container's leftovers anyway; {@code hoist system check}
 * reports and removes all of them at once ({@link #repairAll}), {@code rm -f} those of the
 * container it removes ({@link #removeDead}).
 *
 * @param rules firewall rules removed (port rules, and the rules of bridges that are gone)
 * @param addresses addresses released (with their namespaces and veths)
 * @param members user-network memberships removed (with their namespaces, veths, addresses)
 * @param bridges bridges of user networks that no longer exist removed
 */
public record NetworkLeftovers(int rules, int addresses, int members, int bridges) {

  /** Removes the leftovers of {@code bridge} (nothing when the bridge was never made). */
  public static NetworkLeftovers repair(BridgeNetwork bridge) throws IOException {
    if (!Files.exists(BridgeNetwork.sysClassNet(bridge.name()))) {
      return new NetworkLeftovers(0, 0, 0, 0);
    }
    IpAllocator allocator = bridge.allocator();
    int rules = allocator.locked(() -> PortRules.removeAllBut(bridge.name(),
        liveAddresses(allocator)));
    return new NetworkLeftovers(rules, bridge.removeStale(), 0, 0);
  }

  /**
   * {@code hoist system check}: the default bridge's leftovers ({@link #repair}), then the user
   * networks': memberships whose owner died, addresses of dead owners on each user bridge with
   * their veths and port rules, namespaces no membership names, the bridges (and their rules and
   * addresses) of networks whose record is gone from the home that made them, and rules in
   * hoist's chains for bridges that are gone.
   */
  public static NetworkLeftovers repairAll() throws IOException {
    NetworkLeftovers standard = repair(BridgeNetwork.standard());
    int members = UserNetworkJoin.removeDeadMembers();
    members += UserNetworkJoin.removeUnrecordedNamespaces();
    int rules = standard.rules();
    int addresses = standard.addresses();
    int bridges = 0;
    Set<String> gone = new LinkedHashSet<>();
    Set<String> userBridges = new java.util.TreeSet<>(BridgeNetwork.names(
        BridgeNetwork.STATE_ROOT));
    userBridges.addAll(UserBridgeRecord.bridges());
    for (String bridge : userBridges) {
      if (!bridge.startsWith(UserNetwork.BRIDGE_PREFIX)) {
        continue;
      }
      Path dir = BridgeNetwork.STATE_ROOT.resolve(bridge);
      if (UserBridgeRecord.orphaned(bridge)
          && allocations(dir).stream().noneMatch(a -> a.owner().alive())) {
        HostCommand.run("ip", "link", "del", bridge);
        if (Files.exists(BridgeNetwork.sysClassNet(bridge))) {
          throw new IOException("cannot remove bridge " + bridge);
        }
        gone.add(bridge);
        UserBridgeRecord.deleteStateDir(dir);
        UserBridgeRecord.delete(bridge);
        bridges++;
      } else if (Files.isDirectory(dir)) {
        // the bridge as the default one is repaired (its subnet is not needed: it exists)
        NetworkLeftovers user = repair(new BridgeNetwork(bridge, BridgeNetwork.DEFAULT_SUBNET,
            dir));
        rules += user.rules();
        addresses += user.addresses();
      }
    }
    // the rules of the bridges removed, and of those removed otherwise (ip link del)
    gone.addAll(HoistChains.bridgesNamed());
    gone.removeAll(BridgeNetwork.names(Path.of("/sys/class/net")));
    rules += HoistChains.removeRulesOf(gone);
    return new NetworkLeftovers(rules, addresses, members, bridges);
  }

  private static Set<String> liveAddresses(IpAllocator allocator) throws IOException {
    Set<String> live = new HashSet<>();
    allocator.list().stream().filter(a -> a.owner().alive()).forEach(a -> live.add(a.address()));
    return live;
  }

  /**
   * The processes that own {@code containerId}'s network: those its addresses on hoist's bridges
   * and its user-network membership are held for (the process that waits for the container and
   * cleans up after it: {@code rm -f} waits for them before it removes what they left).
   */
  public static Set<Owner> owners(String containerId) throws IOException {
    Set<Owner> owners = new LinkedHashSet<>();
    for (String bridge : BridgeNetwork.names(BridgeNetwork.STATE_ROOT)) {
      allocations(BridgeNetwork.STATE_ROOT.resolve(bridge)).stream()
          .filter(a -> a.containerId().equals(containerId)).forEach(a -> owners.add(a.owner()));
    }
    UserNetworkJoin.owner(containerId).ifPresent(owners::add);
    return owners;
  }

  /**
   * The addresses held in {@code dir}, read without its lock (so without making it): an address
   * released while it is read is read again; a directory removed meanwhile holds none.
   */
  private static List<IpAllocator.Allocation> allocations(Path dir) throws IOException {
    for (int attempt = 0; ; attempt++) {
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      try {
        return new IpAllocator(dir).list();
      } catch (java.nio.file.NoSuchFileException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  /**
   * {@code rm -f}: removes what {@code containerId}'s network's owners left when they died before
   * their clean-up (with what other dead owners left on the same bridges); nothing when its
   * network has no dead owner.
   */
  public static void removeDead(String containerId) throws IOException {
    if (owners(containerId).stream().anyMatch(o -> !o.alive())) {
      repairAll();
    }
  }

  public boolean none() {
    return rules == 0 && addresses == 0 && members == 0 && bridges == 0;
  }
}
