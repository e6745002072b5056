package dev.hoist.internal.runtime.net;

import dev.hoist.internal.runtime.Diagnostics;

import dev.hoist.internal.runtime.Trace;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Linux bridge on the host ({@code hoist0}) that containers join through veth pairs, with
 * outbound NAT: Docker's default {@code bridge} network. {@link #ensure} makes what is missing
 * (the bridge with the subnet's first address, hoist's iptables chains, IP forwarding);
 * {@link #attach} gives a container a network namespace of its own on it, {@link
 * NetworkAttachment#close} takes it away again. The bridge is made with iproute2's {@code ip},
 * the rules with {@code iptables} (see docs/runtime-shim.md, "Bridge network"); a container's
 * namespace and veth pair with rtnetlink, by {@link NetnsHelper} (one process per attach and
 * one per detach), and the rules are checked again only when the host's nf_tables rule set
 * changed since they were last checked ({@link CheckedRules}).
 *
 * <p>The bridge and its addresses belong to the machine, not to one {@code $HOIST_HOME}: two
 * homes on one host share the bridge, so they share one allocation directory, under
 * {@code /run/hoist/networks/<bridge>} ({@code /run} is emptied at boot, as are the namespaces
 * and veths it describes).
 */
public final class BridgeNetwork {
  public static final String DEFAULT_NAME = "hoist0";
  public static final Subnet DEFAULT_SUBNET = Subnet.parse("10.88.0.0/16");
  static final Path STATE_ROOT = Path.of("/run/hoist/networks");
  static final Path NETNS_DIR = Path.of("/run/netns");
  static final String NAT_CHAIN = "HOIST-POSTROUTING";
  static final String FORWARD_CHAIN = "HOIST-FORWARD";
  /** Bridges whose iptables rules this JVM has checked (once per process). */
  static final Set<String> RULES_CHECKED = ConcurrentHashMap.newKeySet();
  private static BridgeNetwork standard;

  private final String name;
  private final Subnet preferred;
  private final IpAllocator allocator;
  private final LinkMtu mtu;
  private volatile Subnet subnet;

  /**
   * @param name the bridge's interface name (at most 15 characters)
   * @param preferred the subnet to take when the bridge is made, unless a host route overlaps
   *     it (then the next free one of its size)
   * @param stateDir the allocation directory
   */
  public BridgeNetwork(String name, Subnet preferred, Path stateDir) {
    this(name, preferred, stateDir, LinkMtu.DEFAULT);
  }

  /** As {@link #BridgeNetwork(String, Subnet, Path)}, its veth pairs of {@code mtu}. */
  public BridgeNetwork(String name, Subnet preferred, Path stateDir, LinkMtu mtu) {
    if (!name.matches("[A-Za-z0-9_.-]{1,15}")) {
      throw new IllegalArgumentException("bridge name " + name + ": 1 to 15 of [A-Za-z0-9_.-]");
    }
    if (preferred.prefix() < 8 || preferred.prefix() > 30) {
      throw new IllegalArgumentException("bridge subnet " + preferred + ": expected /8 to /30");
    }
    this.name = name;
    this.preferred = preferred;
    this.allocator = new IpAllocator(stateDir);
    this.mtu = mtu;
  }

  /**
   * {@code hoist0} on {@code 10.88.0.0/16}, or the subnet in the environment variable
   * {@code HOIST_BRIDGE_SUBNET} (read when the bridge is made), its veth pairs of the MTU in
   * {@code HOIST_BRIDGE_MTU} (default {@link LinkMtu#DEFAULT}).
   */
  public static synchronized BridgeNetwork standard() {
    if (standard == null) {
      String env = System.getenv("HOIST_BRIDGE_SUBNET");
      Subnet s = env == null || env.isBlank() ? DEFAULT_SUBNET : Subnet.parse(env.trim());
      String mtu = System.getenv("HOIST_BRIDGE_MTU");
      standard = new BridgeNetwork(DEFAULT_NAME, s, STATE_ROOT.resolve(DEFAULT_NAME),
          mtu == null || mtu.isBlank() ? LinkMtu.DEFAULT : LinkMtu.parse(mtu, "HOIST_BRIDGE_MTU"));
    }
    return standard;
  }

  public String name() {
    return name;
  }

  public IpAllocator allocator() {
    return allocator;
  }

  /** The MTU of the veth pairs this bridge's containers get. */
  public LinkMtu mtu() {
    return mtu;
  }

  /**
   * Makes the bridge when it is missing (with the first free subnet), checks hoist's iptables
   * rules once per process and turns IP forwarding on; returns the bridge's subnet.
   */
  public Subnet ensure() throws IOException {
    Subnet s = ensureBridge();
    ensureRules(s, null);
    return s;
  }

  /** Makes the bridge when it is missing (with the first free subnet); returns its subnet. */
  private Subnet ensureBridge() throws IOException {
    Subnet s = subnet;
    if (s != null && Files.exists(sysClassNet(name))) {
      return s;
    }
    return allocator.locked(() -> {
      Subnet made = Files.exists(sysClassNet(name)) ? existing() : create();
      subnet = made;
      return made;
    });
  }

  /**
   * Checks hoist's iptables rules for the bridge once per process, unless they were checked at
   * the host's present nf_tables generation already ({@code generation}: read before, null:
   * read it now), and turns IP forwarding on.
   */
  private void ensureRules(Subnet s, OptionalLong generation) throws IOException {
    if (RULES_CHECKED.contains(name)) {
      return;
    }
    OptionalLong g = generation != null ? generation : NetnsHelper.generation();
    String checked = name + ".rules";
    if (CheckedRules.current(checked, s.toString(), g)) {
      FirewallRules.forwarding();
      RULES_CHECKED.add(name);
      return;
    }
    allocator.locked(() -> {
      if (RULES_CHECKED.add(name)) {
        try {
          FirewallRules.ensure(name, s);
          CheckedRules.passed(checked, s.toString(), g);
        } catch (IOException | RuntimeException e) {
          RULES_CHECKED.remove(name);
          throw e;
        }
      }
      return null;
    });
  }

  /** The subnet of the bridge that is there (its first IPv4 address), brought up. */
  private Subnet existing() throws IOException {
    Optional<Subnet> found = addressOf(name);
    if (found.isEmpty()) {
      Subnet s = freeSubnet();
      HostCommand.check(List.of("ip", "-batch", "-"), "addr add " + s.gateway() + "/"
          + s.prefix() + " dev " + name + "\nlink set " + name + " up\n");
      return s;
    }
    Subnet s = found.get();
    if (!isUp(name)) {
      HostCommand.check("ip", "link", "set", name, "up");
    }
    return s;
  }

  /** The subnet of {@code link}'s first IPv4 address (read without a process). */
  static Optional<Subnet> addressOf(String link) throws IOException {
    NetworkInterface nic = NetworkInterface.getByName(link);
    if (nic == null) {
      return Optional.empty();
    }
    for (InterfaceAddress a : nic.getInterfaceAddresses()) {
      if (a.getAddress() instanceof Inet4Address v4) {
        int prefix = a.getNetworkPrefixLength();
        return Optional.of(new Subnet(Ipv4.parse(v4.getHostAddress()) & Subnet.mask(prefix),
            prefix));
      }
    }
    return Optional.empty();
  }

  /** Whether the interface is administratively up ({@code IFF_UP} in its sysfs flags). */
  private static boolean isUp(String link) {
    try {
      String flags = Files.readString(sysClassNet(link).resolve("flags")).trim();
      return (Long.decode(flags) & 1) != 0;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private Subnet create() throws IOException {
    Subnet s = freeSubnet();
    HostCommand.check(List.of("ip", "-batch", "-"), "link add " + name + " type bridge\n"
        + "addr add " + s.gateway() + "/" + s.prefix() + " dev " + name + "\n"
        + "link set " + name + " up\n");
    return s;
  }

  private Subnet freeSubnet() throws IOException {
    return firstFree(preferred, hostRoutes()).orElseThrow(() -> new IOException(
        "no free subnet for bridge " + name + " from " + preferred
            + ": host routes overlap the next 256 of its size"));
  }

  /** {@code preferred}, or the next of its size (of 256) that none of {@code routes} overlaps. */
  static Optional<Subnet> firstFree(Subnet preferred, List<Subnet> routes) {
    Subnet s = preferred;
    for (int i = 0; i < 256; i++) {
      Subnet candidate = s;
      if (routes.stream().noneMatch(candidate::overlaps)) {
        return Optional.of(candidate);
      }
      try {
        s = s.next();
      } catch (IllegalArgumentException e) {
        break; // the end of the address space
      }
    }
    return Optional.empty();
  }

  /**
   * The destinations of the host's IPv4 routes (main table); the default route and catch-all
   * routes shorter than /8 (a VPN's {@code 0.0.0.0/1} pair) are left out, as a default route.
   */
  static List<Subnet> hostRoutes() throws IOException {
    List<Subnet> routes = new ArrayList<>();
    for (String line : HostCommand.check("ip", "-4", "route", "show").split("\n")) {
      String dest = line.trim().split("\\s+")[0];
      if (dest.isEmpty() || dest.equals("default")) {
        continue;
      }
      try {
        int slash = dest.indexOf('/');
        int prefix = slash < 0 ? 32 : Integer.parseInt(dest.substring(slash + 1));
        int base = Ipv4.parse(slash < 0 ? dest : dest.substring(0, slash));
        if (prefix >= 8) {
          routes.add(new Subnet(base & Subnet.mask(prefix), prefix));
        }
      } catch (IllegalArgumentException e) {
        // a route type hoist does not read (unreachable, blackhole ...): not an overlap
      }
    }
    return routes;
  }

  /** Attaches a container, owned by this JVM: see {@link #attach(String, Owner)}. */
  public NetworkAttachment attach(String containerId) throws IOException {
    return attach(containerId, Owner.current());
  }

  /**
   * Gives {@code containerId} a network namespace on the bridge: removes first what dead owners
   * left ({@link #removeStale}), takes the lowest free address, makes the namespace, the veth
   * pair, the address and the default route. Nothing is left when this fails.
   */
  public NetworkAttachment attach(String containerId, Owner owner) throws IOException {
    return attach(containerId, owner, Diagnostics.logger());
  }

  /**
   * As {@link #attach(String, Owner)}; what dead owners left and cannot be removed is told to
   * {@code diagnostics} (it keeps its address, and the attach goes on).
   */
  public NetworkAttachment attach(String containerId, Owner owner, Diagnostics diagnostics)
      throws IOException {
    return attach(containerId, owner, diagnostics, null, null);
  }

  /**
   * As {@link #attach(String, Owner, Diagnostics)}, at {@code ip} ({@code --ip}; null: the
   * lowest free address) with {@code mac} ({@code --mac-address}; null: {@link #macFor}).
   */
  public NetworkAttachment attach(String containerId, Owner owner, Diagnostics diagnostics,
      String ip, String mac) throws IOException {
    String hardware = mac == null ? null : MacAddress.parse(mac);
    if (!containerId.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("container ID " + containerId
          + ": only letters, digits, _ . -");
    }
    Subnet s = ensureBridge();
    IpAllocator.Allocation a = allocator.locked(() -> {
      try {
        removeStaleLocked();
      } catch (IOException e) {
        // what cannot be removed keeps its address (never handed out twice): warn, go on
        diagnostics.warn("cannot remove a dead container's network: " + e.getMessage());
      }
      return ip == null ? allocator.allocate(s, containerId, owner)
          : allocator.allocate(s, ip, containerId, owner);
    });
    Trace.mark("launch: address allocated (stale networks looked for)");
    NetworkAttachment n = new NetworkAttachment(this, containerId, a.address(), s,
        hardware == null ? MacAddress.of(a.address()) : hardware);
    int linkMtu = mtu.forNewPort(name);
    try {
      OptionalLong generation = NetnsHelper.attach(true, n.netnsPath(),
          List.of(new NetnsHelper.Link(n.vethName(), name, "eth0", n.macAddress(), n.address(),
              s.prefix(), linkMtu)), s.gateway(), LinkMtu.routeMtu(linkMtu));
      Trace.mark("launch: hoist-net attach done");
      n.nftGeneration(generation);
      ensureRules(s, generation);
    } catch (IOException | RuntimeException e) {
      try {
        n.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return n;
  }

  void detach(NetworkAttachment n) throws IOException {
    NetnsHelper.Removal begun = n.takeRemoval();
    List<String> veths = List.of(n.vethName());
    List<String> netns = List.of(n.netnsName());
    removed(veths, netns, begun != null ? begun.finish()
        : NetnsHelper.remove(veths, netns.stream().map(NETNS_DIR::resolve).toList()));
    allocator.locked(() -> {
      allocator.release(n.address());
      return null;
    });
  }

  /** {@link NetworkAttachment#handOff}: the removal and the address's release in the background. */
  void handOff(NetworkAttachment n) throws IOException {
    NetnsHelper.handOffRemove(List.of(n.vethName()), List.of(n.netnsPath()), allocator,
        n.address(), n.containerId());
  }

  /**
   * Removes the namespace, veth and address {@code containerId} holds, whoever its owner (the
   * container has exited; its monitor, the owner, cleans up after it). Nothing when it holds none.
   */
  public void release(String containerId) throws IOException {
    if (!Files.exists(sysClassNet(name))) {
      return;
    }
    allocator.locked(() -> {
      Trace.mark("release: allocator locked");
      for (IpAllocator.Allocation a : allocator.list()) {
        if (a.containerId().equals(containerId)) {
          Trace.mark("release: address found");
          remove(List.of(vethName(a.address())), List.of(netnsName(containerId)));
          Trace.mark("release: veth and namespace removed");
          allocator.release(a.address());
        }
      }
      return null;
    });
  }

  /**
   * Removes the namespaces, veths and addresses of containers whose owner process is gone, and
   * namespaces and veths of this bridge that no address is held for (a crash between the
   * steps). Returns how many addresses were released.
   */
  public int removeStale() throws IOException {
    return allocator.locked(this::removeStaleLocked);
  }

  private int removeStaleLocked() throws IOException {
    List<IpAllocator.Allocation> all = allocator.list();
    Set<String> liveNetns = new HashSet<>();
    Set<String> liveVeths = new HashSet<>();
    List<IpAllocator.Allocation> stale = new ArrayList<>();
    for (IpAllocator.Allocation a : all) {
      if (a.owner().alive()) {
        liveNetns.add(netnsName(a.containerId()));
        liveVeths.add(vethName(a.address()));
      } else {
        stale.add(a);
      }
    }
    List<String> netns = new ArrayList<>();
    List<String> veths = new ArrayList<>();
    for (String ns : names(NETNS_DIR)) {
      if (ns.startsWith(name + "-") && !liveNetns.contains(ns)) {
        netns.add(ns);
      }
    }
    for (String link : names(Path.of("/sys/class/net"))) {
      if (link.startsWith("vh") && !liveVeths.contains(link) && onThisBridge(link)) {
        veths.add(link);
      }
    }
    if (!netns.isEmpty() || !veths.isEmpty()) {
      remove(veths, netns);
    }
    if (!stale.isEmpty()) {
      PortRules.removeAllBut(name, liveAddresses(all));
    }
    for (IpAllocator.Allocation a : stale) {
      allocator.release(a.address());
    }
    return stale.size();
  }

  private static Set<String> liveAddresses(List<IpAllocator.Allocation> all) {
    Set<String> live = new HashSet<>();
    all.stream().filter(a -> a.owner().alive()).forEach(a -> live.add(a.address()));
    return live;
  }

  private boolean onThisBridge(String link) {
    Path master = sysClassNet(link).resolve("master");
    try {
      return Files.isSymbolicLink(master)
          && Files.readSymbolicLink(master).getFileName().toString().equals(name);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Deletes veths and namespaces (named in {@link #NETNS_DIR}; what is already gone is no
   * error); fails if one stays.
   */
  static void remove(List<String> veths, List<String> netns) throws IOException {
    if (veths.isEmpty() && netns.isEmpty()) {
      return;
    }
    removed(veths, netns, NetnsHelper.remove(veths,
        netns.stream().map(NETNS_DIR::resolve).toList()));
  }

  /** Fails when one of the veths or namespaces {@code r} (hoist-net's) was to remove stays. */
  private static void removed(List<String> veths, List<String> netns, HostCommand.Result r)
      throws IOException {
    for (String v : veths) {
      if (Files.exists(sysClassNet(v))) {
        throw new IOException("cannot delete veth " + v + ": " + r.output());
      }
    }
    for (String ns : netns) {
      if (Files.exists(NETNS_DIR.resolve(ns))) {
        throw new IOException("cannot remove network namespace " + ns + ": " + r.output());
      }
    }
  }

  static List<String> names(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      entries.forEach(e -> names.add(e.getFileName().toString()));
    }
    return names;
  }

  String netnsName(String containerId) {
    return name + "-" + containerId;
  }

  /** {@code vh} and the address's 8 hex digits: unique per address, within IFNAMSIZ. */
  static String vethName(String address) {
    return "vh" + String.format(Locale.ROOT, "%08x", Ipv4.parse(address));
  }

  static Path sysClassNet(String link) {
    return Path.of("/sys/class/net", link);
  }
}
