package dev.hoist.internal.runtime.net;

import dev.hoist.internal.runtime.ShimBinary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A container's network namespace and veth pairs, made and removed by {@code hoist-net}
 * ({@code src/main/c/hoist-net.c}) with rtnetlink: one process that starts no other, where
 * {@code ip netns add}, {@code ip link add} and {@code ip -n NS ...} were one process each
 * (docs/networking.md, "How the namespace is made"). Its commands go to a {@code hoist-net
 * serve} this JVM keeps ({@link NetHelperServers}: a fork there, not a process start here),
 * except the removal handed off by a program about to exit, which outlives it.
 */
final class NetnsHelper {
  private static final String GENERATION = "nft-generation ";

  private NetnsHelper() {}

  /**
   * One veth pair: {@code veth} on the host, on {@code bridge} and up; {@code ifname} in the
   * namespace with {@code mac} and {@code address/prefix}, up; both ends at {@code mtu} (0: the
   * kernel's default).
   */
  record Link(String veth, String bridge, String ifname, String mac, String address,
      int prefix, int mtu) {
    Link(String veth, String bridge, String ifname, String mac, String address, int prefix) {
      this(veth, bridge, ifname, mac, address, prefix, 0);
    }

    String arg() {
      return String.join(",", veth, bridge, ifname, mac, address + "/" + prefix)
          + (mtu == 0 ? "" : "," + mtu);
    }
  }

  /**
   * Makes the veth pairs {@code links} into the namespace {@code netns} (first the namespace
   * itself with {@code lo} up when {@code create}), then its default route via {@code gateway}
   * (null: none; with the route's MTU {@code routeMtu} unless 0). Nothing it made stays when it
   * fails. Returns the host's nf_tables rule-set
   * generation read before anything was made (empty when there is none to read).
   */
  static OptionalLong attach(boolean create, Path netns, List<Link> links, String gateway)
      throws IOException {
    return attach(create, netns, links, gateway, 0);
  }

  static OptionalLong attach(boolean create, Path netns, List<Link> links, String gateway,
      int routeMtu) throws IOException {
    List<String> command = new ArrayList<>(List.of("attach"));
    if (create) {
      command.add("--new");
    }
    command.add(netns.toString());
    links.forEach(l -> command.add(l.arg()));
    if (gateway != null) {
      command.add("via");
      command.add(gateway);
      if (routeMtu != 0) {
        command.add("mtu");
        command.add(Integer.toString(routeMtu));
      }
    }
    HostCommand.Result r = NetHelperServers.begin(binary(), command).finish();
    if (!r.ok()) {
      throw new IOException("hoist-net " + String.join(" ", command) + ": " + r.output());
    }
    return generation(r.output());
  }

  /** The host's nf_tables rule-set generation now (empty when there is none to read). */
  static OptionalLong generation() throws IOException {
    HostCommand.Result r = NetHelperServers.begin(binary(), List.of("nft-generation")).finish();
    return r.ok() ? generation(r.output()) : OptionalLong.empty();
  }

  private static OptionalLong generation(String output) {
    for (String line : output.split("\n")) {
      if (line.startsWith(GENERATION)) {
        return OptionalLong.of(Long.parseLong(line.substring(GENERATION.length()).trim()));
      }
    }
    return OptionalLong.empty();
  }

  /**
   * Deletes the host links {@code veths} (their peers go with them) and unmounts and unlinks
   * the namespaces {@code netns}; what is gone already is no error. Returns what it printed
   * (empty when all went well).
   */
  static HostCommand.Result remove(List<String> veths, List<Path> netns) throws IOException {
    return startRemove(veths, netns).finish();
  }

  /**
   * Starts removing as {@link #remove} does: the kernel's part (deleting a veth waits for RCU
   * callbacks, ~10-20 ms) then runs while the caller does other work.
   */
  static Removal startRemove(List<String> veths, List<Path> netns) throws IOException {
    List<String> command = new ArrayList<>(List.of("remove"));
    veths.forEach(v -> command.addAll(List.of("--link", v)));
    netns.forEach(n -> command.addAll(List.of("--netns", n.toString())));
    return new Removal(NetHelperServers.begin(binary(), command));
  }

  /**
   * Removes as {@link #remove} does in a process of its own that this one does not wait for,
   * which then releases {@code address} of {@code allocations} (held for {@code containerId})
   * under the allocator's lock: the address is handed out again only once its veth is gone.
   * When the removal fails the address stays held for an owner that is gone (this process,
   * soon), and the next attach or {@code hoist system check} removes what is left.
   */
  static void handOffRemove(List<String> veths, List<Path> netns, IpAllocator allocations,
      String address, String containerId) throws IOException {
    List<String> command = new ArrayList<>(List.of(binary(), "remove"));
    veths.forEach(v -> command.addAll(List.of("--link", v)));
    netns.forEach(n -> command.addAll(List.of("--netns", n.toString())));
    command.addAll(List.of("--release", allocations.dir().toString(), address, containerId));
    HostCommand.startOnItsOwn(command);
  }

  /** A removal under way. */
  record Removal(NetHelperServers.Call call) {
    /** Waits for it to end: what it printed, how it exited. */
    HostCommand.Result finish() throws IOException {
      return call.finish();
    }
  }

  private static String binary() throws IOException {
    return ShimBinary.locateNet().toString();
  }
}
