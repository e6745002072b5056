package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * hoist's rules in the host's firewall, with {@code iptables} (the nf_tables back end on
 * Debian 12; the tool Docker uses and users list rules with), all in chains of hoist's own
 * that one jump from the built-in chain leads to:
 *
 * <pre>
 * -t nat    POSTROUTING -j HOIST-POSTROUTING
 *           HOIST-POSTROUTING -s SUBNET ! -o BRIDGE -j MASQUERADE     (outbound NAT)
 * -t filter FORWARD -j HOIST-FORWARD                                  (inserted first)
 *           HOIST-FORWARD -i BRIDGE -j ACCEPT                         (out of the bridge)
 *           HOIST-FORWARD -o BRIDGE -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
 * </pre>
 *
 * and IP forwarding on; when hoist turns it on (it was off), the {@code FORWARD} policy becomes
 * {@code DROP} first, as Docker does, so the host does not start routing for everyone else.
 * One {@code iptables-save} lists what is there (one process: each {@code iptables} call costs
 * tens of milliseconds, and every hoist process checks once); a rule it does not show is checked
 * with {@code -C} and only then added.
 */
final class FirewallRules {
  static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

  private FirewallRules() {}

  static void ensure(String bridge, Subnet subnet) throws IOException {
    HostCommand.Result save = HostCommand.run(List.of("iptables-save"), null);
    Set<String> present = save.ok() ? Set.copyOf(save.output().lines().toList()) : Set.of();
    chain(present, "nat", BridgeNetwork.NAT_CHAIN);
    rule(present, "nat", "POSTROUTING", false, "-j", BridgeNetwork.NAT_CHAIN);
    rule(present, "nat", BridgeNetwork.NAT_CHAIN, false,
        "-s", subnet.toString(), "!", "-o", bridge, "-j", "MASQUERADE");
    chain(present, "filter", BridgeNetwork.FORWARD_CHAIN);
    rule(present, "filter", "FORWARD", true, "-j", BridgeNetwork.FORWARD_CHAIN);
    rule(present, "filter", BridgeNetwork.FORWARD_CHAIN, false, "-i", bridge, "-j", "ACCEPT");
    rule(present, "filter", BridgeNetwork.FORWARD_CHAIN, false, "-o", bridge,
        "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT");
    forwarding();
  }

  /** Turns IP forwarding on when it is off (the {@code FORWARD} policy {@code DROP} first). */
  static void forwarding() throws IOException {
    if (Files.readString(IP_FORWARD).trim().equals("0")) {
      HostCommand.check("iptables", "-w", "-P", "FORWARD", "DROP");
      Files.writeString(IP_FORWARD, "1\n");
    }
  }

  static void chain(Set<String> present, String table, String chain)
      throws IOException {
    if (present.stream().anyMatch(l -> l.startsWith(":" + chain + " "))) {
      return;
    }
    if (!HostCommand.run("iptables", "-w", "-t", table, "-n", "-L", chain).ok()) {
      HostCommand.check("iptables", "-w", "-t", table, "-N", chain);
    }
  }

  static void rule(Set<String> present, String table, String chain, boolean first,
      String... spec) throws IOException {
    if (present.contains("-A " + chain + " " + String.join(" ", spec))) {
      return;
    }
    List<String> check = command(table, "-C", chain, spec);
    if (!HostCommand.run(check, null).ok()) {
      List<String> add = first ? command(table, "-I", chain, spec)
          : command(table, "-A", chain, spec);
      if (first) {
        add.add(add.indexOf(chain) + 1, "1");
      }
      HostCommand.check(add, null);
    }
  }

  private static List<String> command(String table, String op, String chain, String... spec) {
    List<String> c = new ArrayList<>(List.of("iptables", "-w", "-t", table, op, chain));
    c.addAll(List.of(spec));
    return c;
  }
}
