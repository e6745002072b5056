package dev.hoist.internal.runtime.net;

import dev.hoist.internal.runtime.ConflictException;
import dev.hoist.internal.runtime.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Containers on user networks: {@link #attach} gives a starting container a network namespace
 * of its own ({@code /run/netns/hoistn-<id>}) with one veth per network of its
 * {@link ContainerNetworks} ({@code eth0}, {@code eth1}, ...; the host ends {@code vh<address in
 * hex>} on each network's bridge), an address from each network's {@link IpAllocator}, a default
 * route via the first network that is not internal, and records it as a {@link
 * NetworkMembers.Member} so that the others' {@code hosts} files name it ({@link HostsFiles});
 * {@link #connect} and {@link #disconnect} add and take one interface while it runs; {@link
 * #leave} takes everything away. Each of them first removes what members whose owner died left.
 */
public final class UserNetworkJoin {
  static final String NETNS_PREFIX = "hoistn-";

  private UserNetworkJoin() {}

  /** The namespace a container on user networks runs in. */
  public static Path netnsPath(String containerId) {
    return BridgeNetwork.NETNS_DIR.resolve(NETNS_PREFIX + containerId);
  }

  /**
   * Attaches a starting container to its networks, owned by {@code owner}; nothing is left when
   * this fails. The attachment's {@link NetworkAttachment#close} is {@link #leave}.
   */
  public static NetworkAttachment attach(String containerId, Path containerDir, String hostname,
      ContainerNetworks wanted, Owner owner, Diagnostics diagnostics) throws IOException {
    return attach(containerId, containerDir, hostname, wanted, List.of(), owner, diagnostics);
  }

  /**
   * {@link #attach}, with the container's {@code --add-host} lines ({@code IP<TAB>NAME}) kept in
   * its {@code hosts} file.
   */
  public static NetworkAttachment attach(String containerId, Path containerDir, String hostname,
      ContainerNetworks wanted, List<String> extraHosts, Owner owner, Diagnostics diagnostics)
      throws IOException {
    for (ContainerNetworks.Endpoint e : wanted.endpoints()) {
      UserBridge.ensure(e.network());
    }
    String netns = NETNS_PREFIX + containerId;
    Files.createDirectories(containerDir); // its hosts file is written before the runtime's
    NetworkMembers.Member joined = NetworkMembers.locked(() -> {
      List<NetworkMembers.Member> others = removeStale(diagnostics);
      NetworkMembers.Member m = new NetworkMembers.Member(containerId, wanted.name(), hostname,
          containerDir.toAbsolutePath().resolve("hosts").toString(), netns, true, owner.pid(),
          owner.started(), List.of(), extraHosts);
      try {
        if (Files.exists(BridgeNetwork.NETNS_DIR.resolve(netns))) {
          BridgeNetwork.remove(List.of(), List.of(netns)); // a crash's: its start is over
        }
        // the addresses first, recorded: a crash from here on leaves a record to clean up
        m = m.withInterfaces(allocate(m, wanted.endpoints(), 0));
        NetworkMembers.write(m);
        String route = null;
        for (ContainerNetworks.Endpoint e : wanted.endpoints()) {
          if (route == null && !e.network().internal()) {
            route = subnet(e.network()).gateway();
          }
        }
        // one process, whatever the number of networks
        NetnsHelper.attach(true, BridgeNetwork.NETNS_DIR.resolve(netns), links(m.interfaces()),
            route, routeMtu(m.interfaces(), route));
        HostsFiles.rewrite(with(others, m));
        return m;
      } catch (IOException | RuntimeException e) {
        try {
          leaveLocked(m);
          HostsFiles.rewrite(live());
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    });
    String address = joined.interfaces().isEmpty() ? "127.0.0.1"
        : joined.interfaces().get(0).address();
    Subnet subnet = joined.interfaces().isEmpty() ? Subnet.parse("127.0.0.0/8")
        : wanted.endpoints().get(0).network().subnetValue();
    String bridge = wanted.endpoints().isEmpty() ? "lo"
        : wanted.endpoints().get(0).network().bridge();
    return new NetworkAttachment(containerId, address, subnet, netns, mac(address), bridge, true,
        a -> leave(containerId));
  }

  /**
   * An address on each network of {@code endpoints} for the member, its interfaces named
   * {@code eth<firstIndex>} on; what was taken is released again when one fails.
   */
  private static List<NetworkMembers.Interface> allocate(NetworkMembers.Member m,
      List<ContainerNetworks.Endpoint> endpoints, int firstIndex) throws IOException {
    List<NetworkMembers.Interface> taken = new ArrayList<>();
    try {
      for (ContainerNetworks.Endpoint e : endpoints) {
        UserNetwork n = e.network();
        Subnet subnet = subnet(n);
        IpAllocator allocator = n.allocator();
        IpAllocator.Allocation a = allocator.locked(() -> e.ip() == null
            ? allocator.allocate(subnet, m.containerId(), m.owner())
            : allocator.allocate(subnet, e.ip(), m.containerId(), m.owner()));
        taken.add(new NetworkMembers.Interface(n.id(), n.name(), n.bridge(), a.address(),
            subnet.prefix(), "eth" + (firstIndex + taken.size()), mac(a.address()),
            e.aliases()));
      }
      return taken;
    } catch (IOException | RuntimeException failure) {
      for (NetworkMembers.Interface i : taken) {
        try {
          release(i);
        } catch (IOException suppressed) {
          failure.addSuppressed(suppressed);
        }
      }
      throw failure;
    }
  }

  private static Subnet subnet(UserNetwork n) throws IOException {
    return n.isDefaultBridge() ? BridgeNetwork.standard().ensure() : n.subnetValue();
  }

  /**
   * The veth pairs of the interfaces: host ends on their bridges, inner ends addressed, both at
   * their bridge's link MTU ({@link LinkMtu}).
   */
  private static List<NetnsHelper.Link> links(List<NetworkMembers.Interface> all) {
    return all.stream().map(i -> new NetnsHelper.Link(i.vethName(), i.bridge(), i.ifname(),
        i.mac(), i.address(), i.prefix(), linkMtu(i))).toList();
  }

  private static int linkMtu(NetworkMembers.Interface i) {
    return LinkMtu.of(i.bridge()).forNewPort(i.bridge());
  }

  /**
   * The MTU of the default route via {@code gateway} ({@link LinkMtu#routeMtu} of the link whose
   * subnet holds it; 0: none).
   */
  private static int routeMtu(List<NetworkMembers.Interface> all, String gateway) {
    for (NetworkMembers.Interface i : all) {
      Subnet s = new Subnet(Ipv4.parse(i.address()) & Subnet.mask(i.prefix()), i.prefix());
      if (gateway != null && s.contains(gateway)) {
        return LinkMtu.routeMtu(linkMtu(i));
      }
    }
    return 0;
  }

  /** Docker's MAC addresses: {@code 02:42} and the four bytes of the IPv4 address. */
  static String mac(String address) {
    int v = Ipv4.parse(address);
    return String.format(Locale.ROOT, "02:42:%02x:%02x:%02x:%02x", v >>> 24, v >>> 16 & 0xff,
        v >>> 8 & 0xff, v & 0xff);
  }

  /**
   * Connects a running container to one more network: a veth {@code ethN} (the first free N) in
   * its namespace ({@code netns}: {@code hoistn-<id>}, or the default bridge's {@code
   * hoist0-<id>}), owned by {@code owner} (the process the container lives with).
   */
  public static void connect(String containerId, Path containerDir, String name, String netns,
      ContainerNetworks.Endpoint e, Owner owner, Diagnostics diagnostics) throws IOException {
    connect(containerId, containerDir, name, netns, e, List.of(), owner, diagnostics);
  }

  /**
   * {@link #connect}; {@code extraHosts} are the container's {@code --add-host} lines, for its
   * {@code hosts} file when this is its first user network (later ones keep the member's).
   */
  public static void connect(String containerId, Path containerDir, String name, String netns,
      ContainerNetworks.Endpoint e, List<String> extraHosts, Owner owner,
      Diagnostics diagnostics) throws IOException {
    UserBridge.ensure(e.network());
    NetworkMembers.locked(() -> {
      List<NetworkMembers.Member> live = removeStale(diagnostics);
      NetworkMembers.Member m = NetworkMembers.read(containerId).orElse(null);
      if (m == null) {
        String hostname = Files.readString(containerDir.resolve("hostname")).trim();
        m = new NetworkMembers.Member(containerId, name, hostname,
            containerDir.toAbsolutePath().resolve("hosts").toString(), netns,
            netns.startsWith(NETNS_PREFIX), owner.pid(), owner.started(), List.of(),
            extraHosts);
      }
      if (m.on(e.network().id()).isPresent()) {
        throw new ConflictException("container " + name + " is already connected to "
            + "network " + e.network().name());
      }
      String links = HostCommand.check("ip", "-n", m.netns(), "-o", "link", "show");
      String routes = HostCommand.check("ip", "-n", m.netns(), "route", "show", "default");
      int index = Integer.parseInt(freeEthName(links).substring(3));
      List<NetworkMembers.Interface> added = allocate(m, List.of(e), index);
      List<NetworkMembers.Interface> interfaces = new ArrayList<>(m.interfaces());
      interfaces.addAll(added);
      NetworkMembers.Member next = m.withInterfaces(interfaces);
      NetworkMembers.write(next);
      try {
        String via = routes.isBlank() && !e.network().internal()
            ? subnet(e.network()).gateway() : null;
        NetnsHelper.attach(false, BridgeNetwork.NETNS_DIR.resolve(next.netns()), links(added),
            via, routeMtu(added, via));
      } catch (IOException | RuntimeException failure) {
        try {
          BridgeNetwork.remove(List.of(added.get(0).vethName()), List.of());
          release(added.get(0));
          NetworkMembers.write(m);
        } catch (IOException suppressed) {
          failure.addSuppressed(suppressed);
        }
        throw failure;
      }
      HostsFiles.rewrite(with(live, next));
      return null;
    });
  }

  /** The first {@code ethN} that {@code ip -o link show}'s output does not name. */
  static String freeEthName(String links) {
    Set<String> used = new HashSet<>();
    for (String line : links.split("\n")) {
      String[] f = line.split(":\\s+");
      if (f.length > 1) {
        used.add(f[1].replaceAll("@.*", "").trim());
      }
    }
    for (int i = 0; ; i++) {
      if (!used.contains("eth" + i)) {
        return "eth" + i;
      }
    }
  }

  /** Takes a running container's interface on network {@code networkId} away. */
  public static void disconnect(String containerId, String networkId) throws IOException {
    NetworkMembers.locked(() -> {
      NetworkMembers.Member m = NetworkMembers.read(containerId).orElse(null);
      NetworkMembers.Interface i = m == null ? null : m.on(networkId).orElse(null);
      if (i == null) {
        return null; // not running there
      }
      BridgeNetwork.remove(List.of(i.vethName()), List.of());
      release(i);
      NetworkMembers.write(m.withInterfaces(m.interfaces().stream()
          .filter(x -> !x.networkId().equals(networkId)).toList()));
      HostsFiles.rewrite(live());
      return null;
    });
  }

  /**
   * Takes the container off every user network: its interfaces, addresses, the namespace when
   * it is the member's, its names in the others' {@code hosts} files. Nothing when it is on none.
   */
  public static void leave(String containerId) throws IOException {
    if (NetworkMembers.read(containerId).isEmpty()) {
      return;
    }
    NetworkMembers.locked(() -> {
      NetworkMembers.Member m = NetworkMembers.read(containerId).orElse(null);
      if (m != null) {
        leaveLocked(m);
        HostsFiles.rewrite(live());
      }
      return null;
    });
  }

  /** The network IDs and addresses the running container has (empty when it is on none). */
  public static List<Address> addresses(String containerId) throws IOException {
    return NetworkMembers.read(containerId).map(m -> m.interfaces().stream()
        .map(i -> new Address(i.networkId(), i.address(), i.prefix(), i.mac(), i.ifname()))
        .toList()).orElse(List.of());
  }

  /** A running container's interface on a network, as {@code network inspect} shows it. */
  public record Address(String networkId, String address, int prefix, String mac,
      String ifname) {}

  private static void leaveLocked(NetworkMembers.Member m) throws IOException {
    List<String> veths = m.interfaces().stream().map(NetworkMembers.Interface::vethName)
        .toList();
    BridgeNetwork.remove(veths, m.ownsNetns() ? List.of(m.netns()) : List.of());
    for (NetworkMembers.Interface i : m.interfaces()) {
      release(i);
    }
    NetworkMembers.delete(m.containerId());
  }

  /**
   * As {@link #leaveLocked}, for a member whose owner died: its monitor never removed its port
   * rules either, and once its address is released nothing else would find them.
   */
  private static void leaveDeadLocked(NetworkMembers.Member m) throws IOException {
    leaveLocked(m);
    for (NetworkMembers.Interface i : m.interfaces()) {
      PortRules.removeFor(i.bridge(), i.address());
    }
  }

  private static void release(NetworkMembers.Interface i) throws IOException {
    IpAllocator allocator = new IpAllocator(BridgeNetwork.STATE_ROOT.resolve(i.bridge()));
    allocator.locked(() -> {
      allocator.release(i.address());
      return null;
    });
  }

  /** {@code members} with {@code m} in the place of its earlier record (or added). */
  private static List<NetworkMembers.Member> with(List<NetworkMembers.Member> members,
      NetworkMembers.Member m) {
    List<NetworkMembers.Member> all = new ArrayList<>(members.stream()
        .filter(x -> !x.containerId().equals(m.containerId())).toList());
    all.add(m);
    return all;
  }

  /** The members whose owner lives. */
  private static List<NetworkMembers.Member> live() throws IOException {
    return NetworkMembers.all().stream().filter(m -> m.owner().alive()).toList();
  }

  /**
   * Removes what members whose owner died left (a monitor killed with SIGKILL): their veths,
   * namespaces, addresses and records; what cannot be removed is told to {@code diagnostics}.
   * Returns the live members (one pass over the records).
   */
  private static List<NetworkMembers.Member> removeStale(Diagnostics diagnostics)
      throws IOException {
    List<NetworkMembers.Member> live = new ArrayList<>();
    for (NetworkMembers.Member m : NetworkMembers.all()) {
      if (m.owner().alive()) {
        live.add(m);
      } else {
        try {
          leaveDeadLocked(m);
        } catch (IOException e) {
          diagnostics.warn("cannot remove a dead container's user networks: " + e.getMessage());
        }
      }
    }
    return live;
  }

  /**
   * {@code hoist system check} and {@code rm -f}: removes what members whose owner died left
   * (as every change does first), failing when something cannot be removed, and rewrites the
   * live members' {@code hosts} files; returns how many members were removed.
   */
  public static int removeDeadMembers() throws IOException {
    return NetworkMembers.locked(() -> {
      int removed = 0;
      for (NetworkMembers.Member m : NetworkMembers.all()) {
        if (!m.owner().alive()) {
          leaveDeadLocked(m);
          removed++;
        }
      }
      if (removed > 0) {
        HostsFiles.rewrite(live());
      }
      return removed;
    });
  }

  /** The owner of {@code containerId}'s membership of user networks (empty: on none). */
  public static java.util.Optional<Owner> owner(String containerId) throws IOException {
    return NetworkMembers.read(containerId).map(NetworkMembers.Member::owner);
  }

  /**
   * Removes the namespaces of user-network containers that no member record names (a crash
   * between the steps of {@link #leave}); returns how many.
   */
  public static int removeUnrecordedNamespaces() throws IOException {
    return NetworkMembers.locked(() -> {
      Set<String> recorded = new HashSet<>();
      NetworkMembers.all().forEach(m -> recorded.add(m.netns()));
      List<String> left = BridgeNetwork.names(BridgeNetwork.NETNS_DIR).stream()
          .filter(ns -> ns.startsWith(NETNS_PREFIX) && !recorded.contains(ns)).toList();
      if (!left.isEmpty()) {
        BridgeNetwork.remove(List.of(), left);
      }
      return left.size();
    });
  }
}
