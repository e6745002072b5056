package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The firewall rules of published ports, in hoist's own chains. Once per process and bridge
 * ({@link #ensure}):
 *
 * <pre>
 * -t nat PREROUTING -m addrtype --dst-type LOCAL -j HOIST-DNAT   (from other hosts)
 *        OUTPUT     -m addrtype --dst-type LOCAL -j HOIST-DNAT   (from the host itself)
 *        HOIST-POSTROUTING -o BRIDGE -m addrtype --src-type LOCAL -j MASQUERADE
 * net.ipv4.conf.BRIDGE.route_localnet = 1                        (127.0.0.1 → container)
 * </pre>
 *
 * and per published port of a container at address {@code C} (added when it starts, removed
 * when its network goes; each tagged with the comment {@code hoist-port:BRIDGE:C}):
 *
 * <pre>
 * -t nat    HOIST-DNAT [-d HOSTIP/32] -p PROTO --dport HOSTPORT -j DNAT --to-destination C:PORT
 *           HOIST-POSTROUTING -s SUBNET -d C/32 -o BRIDGE -p PROTO --dport PORT -j MASQUERADE
 * -t filter HOIST-FORWARD -d C/32 ! -i BRIDGE -o BRIDGE -p PROTO --dport PORT -j ACCEPT
 * </pre>
 *
 * The masquerade of local sources is what lets the host reach a container through
 * {@code 127.0.0.1} (a reply to 127.0.0.1 could not leave the container); the one of the
 * subnet is for containers that reach a published port through a host address (hairpin), so
 * that the reply comes back through the host's connection tracking.
 */
public final class PortRules {
  public static final String DNAT_CHAIN = "HOIST-DNAT";
  private static final Pattern TAG =
      Pattern.compile("--comment \"?hoist-port:([^:\\s\"]+):(\\d+\\.\\d+\\.\\d+\\.\\d+)\"?");
  private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

  private PortRules() {}

  /**
   * The chains and shared rules of published ports, checked once per process unless they were
   * checked at the host's present nf_tables {@code generation} already ({@link CheckedRules}).
   */
  static void ensure(String bridge, OptionalLong generation) throws IOException {
    if (CHECKED.contains(bridge)) {
      return;
    }
    String checked = bridge + ".ports";
    if (!CheckedRules.current(checked, bridge, generation)) {
      ensureRules(bridge);
      CheckedRules.passed(checked, bridge, generation);
    }
    Path localnet = Path.of("/proc/sys/net/ipv4/conf", bridge, "route_localnet");
    if (!Files.readString(localnet).trim().equals("1")) {
      Files.writeString(localnet, "1\n");
    }
    CHECKED.add(bridge);
  }

  private static void ensureRules(String bridge) throws IOException {
    HostCommand.Result save = HostCommand.run(List.of("iptables-save"), null);
    Set<String> present = save.ok() ? Set.copyOf(save.output().lines().toList()) : Set.of();
    FirewallRules.chain(present, "nat", DNAT_CHAIN);
    FirewallRules.rule(present, "nat", "PREROUTING", false,
        "-m", "addrtype", "--dst-type", "LOCAL", "-j", DNAT_CHAIN);
    FirewallRules.rule(present, "nat", "OUTPUT", false,
        "-m", "addrtype", "--dst-type", "LOCAL", "-j", DNAT_CHAIN);
    FirewallRules.rule(present, "nat", BridgeNetwork.NAT_CHAIN, false,
        "-o", bridge, "-m", "addrtype", "--src-type", "LOCAL", "-j", "MASQUERADE");
  }

  /** The rules of {@code ports} (host ports chosen) to the container at {@code address}. */
  static List<String> rules(String bridge, Subnet subnet, String address,
      List<PortBinding> ports) {
    Set<String> nat = new java.util.LinkedHashSet<>();
    Set<String> filter = new java.util.LinkedHashSet<>();
    String tag = "-m comment --comment hoist-port:" + bridge + ":" + address;
    for (PortBinding p : ports) {
      String proto = "-p " + p.protocol() + " -m " + p.protocol();
      nat.add("-A " + DNAT_CHAIN + (p.hostIp().isEmpty() ? "" : " -d " + p.hostIp() + "/32")
          + " " + proto + " --dport " + p.hostPort() + " " + tag
          + " -j DNAT --to-destination " + address + ":" + p.containerPort());
      nat.add("-A " + BridgeNetwork.NAT_CHAIN + " -s " + subnet + " -d " + address + "/32 -o "
          + bridge + " " + proto + " --dport " + p.containerPort() + " " + tag
          + " -j MASQUERADE");
      filter.add("-A " + BridgeNetwork.FORWARD_CHAIN + " -d " + address + "/32 ! -i " + bridge
          + " -o " + bridge + " " + proto + " --dport " + p.containerPort() + " " + tag
          + " -j ACCEPT");
    }
    List<String> all = new ArrayList<>(nat);
    all.add(null); // the table boundary
    all.addAll(filter);
    return all;
  }

  /** Adds {@code rules} (from {@link #rules}) in one {@code iptables-restore}. */
  static void add(List<String> rules) throws IOException {
    HostCommand.check(List.of("iptables-restore", "-w", "--noflush"), script(rules, false));
  }

  /**
   * Removes {@code rules}; when one of them is gone already (the batch fails whole), every rule
   * tagged for {@code address} that is there.
   */
  static void remove(String bridge, String address, List<String> rules) throws IOException {
    if (!HostCommand.run(List.of("iptables-restore", "-w", "--noflush"), script(rules, true))
        .ok()) {
      removeWhere(bridge, live -> live.equals(address));
    }
  }

  /**
   * Removes every port rule of {@code bridge} tagged for the container at {@code address}: the
   * rules of a container whose start is over (its monitor cleans up after it).
   */
  public static int removeFor(String bridge, String address) throws IOException {
    return removeWhere(bridge, address::equals);
  }

  /** Removes the port rules of {@code bridge} whose container address is not in {@code live}. */
  public static int removeAllBut(String bridge, Set<String> live) throws IOException {
    return removeWhere(bridge, address -> !live.contains(address));
  }

  /** The addresses on {@code bridge} that port rules are there for. */
  public static Set<String> addresses(String bridge) throws IOException {
    Set<String> found = new java.util.TreeSet<>();
    for (String line : HostCommand.check("iptables-save").split("\n")) {
      Matcher m = TAG.matcher(line);
      if (m.find() && m.group(1).equals(bridge)) {
        found.add(m.group(2));
      }
    }
    return found;
  }

  private static int removeWhere(String bridge, java.util.function.Predicate<String> which)
      throws IOException {
    List<String> nat = new ArrayList<>();
    List<String> filter = new ArrayList<>();
    String table = "";
    for (String line : HostCommand.check("iptables-save").split("\n")) {
      if (line.startsWith("*")) {
        table = line.substring(1).trim();
        continue;
      }
      Matcher m = TAG.matcher(line);
      if (line.startsWith("-A ") && m.find() && m.group(1).equals(bridge)
          && which.test(m.group(2))) {
        (table.equals("nat") ? nat : filter).add(line);
      }
    }
    if (nat.isEmpty() && filter.isEmpty()) {
      return 0;
    }
    List<String> all = new ArrayList<>(nat);
    all.add(null);
    all.addAll(filter);
    HostCommand.check(List.of("iptables-restore", "-w", "--noflush"), script(all, true));
    return nat.size() + filter.size();
  }

  /** An {@code iptables-restore} script: nat rules, null, filter rules; {@code -D} to delete. */
  private static String script(List<String> rules, boolean delete) {
    StringBuilder nat = new StringBuilder("*nat\n");
    StringBuilder filter = new StringBuilder("*filter\n");
    StringBuilder to = nat;
    for (String r : rules) {
      if (r == null) {
        to = filter;
      } else {
        to.append(delete ? "-D" + r.substring(2) : r).append('\n');
      }
    }
    return nat.append("COMMIT\n").append(filter).append("COMMIT\n").toString();
  }
}
