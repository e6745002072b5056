package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A user network's Linux bridge and its rules in the host's firewall. {@link #create} makes the
 * bridge (its gateway address, up) and the rules; {@link #ensure} remakes what is missing (after
 * a reboot {@code /run} and the bridge are gone, the network's record under
 * {@code $HOIST_HOME} is not); {@link #remove} takes all of it away again.
 *
 * <p>The rules, all in hoist's own chains (Docker's {@code DOCKER-ISOLATION-STAGE-1/2} in
 * hoist's names; {@code HOIST-FORWARD} is the default bridge's chain that {@code FORWARD} jumps
 * to first):
 *
 * <pre>
 * filter HOIST-FORWARD -j HOIST-ISOLATION-1                         (first)
 *        HOIST-ISOLATION-1 -i hoist0 ! -o hoist0 -j HOIST-ISOLATION-2   (the default bridge too)
 *        HOIST-ISOLATION-2 -o hoist0 -j DROP
 * not internal:
 *   nat    HOIST-POSTROUTING -s SUBNET ! -o BR -j MASQUERADE
 *   filter HOIST-FORWARD -i BR -j ACCEPT
 *          HOIST-FORWARD -o BR -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
 *          HOIST-ISOLATION-1 -i BR ! -o BR -j HOIST-ISOLATION-2
 *          HOIST-ISOLATION-2 -o BR -j DROP
 * internal:
 *   filter HOIST-FORWARD -i BR -o BR -j ACCEPT
 *          HOIST-ISOLATION-1 -i BR ! -o BR -j DROP
 *          HOIST-ISOLATION-1 ! -i BR -o BR -j DROP
 * </pre>
 *
 * A packet leaving one network for another thus meets stage 1 (it came in on a hoist bridge and
 * goes out on another interface) and is dropped in stage 2 when that interface is another hoist
 * bridge; to the outside it goes on to the ACCEPT of its own bridge.
 */
public final class UserBridge {
  static final String ISOLATION_1 = "HOIST-ISOLATION-1";
  static final String ISOLATION_2 = "HOIST-ISOLATION-2";
  /** Bridges whose rules this JVM has checked. */
  private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

  /** One rule of a network: its table, chain and match, and whether it goes first. */
  record Rule(String table, String chain, boolean first, List<String> spec) {
    static Rule of(String table, String chain, String... spec) {
      return new Rule(table, chain, false, List.of(spec));
    }
  }

  private UserBridge() {}

  /**
   * Makes the network's bridge and rules; fails (with nothing left) when an interface of that
   * name exists already.
   */
  public static void create(UserNetwork n) throws IOException {
    if (Files.exists(BridgeNetwork.sysClassNet(n.bridge()))) {
      throw new IOException("an interface called " + n.bridge() + " exists already");
    }
    try {
      makeBridge(n);
      rules(n);
      CHECKED.add(n.bridge());
    } catch (IOException | RuntimeException e) {
      try {
        remove(n);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Makes the bridge and rules when missing (checked once per process, and only when the host's
   * nf_tables rule set changed since the last check that passed: {@link CheckedRules}).
   */
  public static void ensure(UserNetwork n) throws IOException {
    if (n.isDefaultBridge()) {
      BridgeNetwork.standard().ensure();
      return;
    }
    boolean exists = Files.exists(BridgeNetwork.sysClassNet(n.bridge()));
    if (exists && CHECKED.contains(n.bridge())) {
      return;
    }
    OptionalLong generation = NetnsHelper.generation(); // before the check
    String checked = n.bridge() + ".rules";
    String detail = n.subnet() + (n.internal() ? " internal" : "");
    n.allocator().locked(() -> {
      if (!Files.exists(BridgeNetwork.sysClassNet(n.bridge()))) {
        makeBridge(n);
      }
      if (!CheckedRules.current(checked, detail, generation)) {
        rules(n);
        CheckedRules.passed(checked, detail, generation);
      } else if (!n.internal()) {
        FirewallRules.forwarding();
      }
      return null;
    });
    CHECKED.add(n.bridge());
  }

  private static void makeBridge(UserNetwork n) throws IOException {
    HostCommand.check(List.of("ip", "-batch", "-"), "link add " + n.bridge() + " type bridge\n"
        + "addr add " + n.gateway() + "/" + n.subnetValue().prefix() + " dev " + n.bridge() + "\n"
        + "link set " + n.bridge() + " up\n");
  }

  private static void rules(UserNetwork n) throws IOException {
    if (!n.internal()) {
      // the default bridge's chains, jumps and IP forwarding, with this bridge's three rules
      FirewallRules.ensure(n.bridge(), n.subnetValue());
    }
    HostCommand.Result save = HostCommand.run(List.of("iptables-save"), null);
    Set<String> present = save.ok() ? Set.copyOf(save.output().lines().toList()) : Set.of();
    FirewallRules.chain(present, "filter", BridgeNetwork.FORWARD_CHAIN);
    FirewallRules.rule(present, "filter", "FORWARD", true, "-j", BridgeNetwork.FORWARD_CHAIN);
    FirewallRules.chain(present, "filter", ISOLATION_1);
    FirewallRules.chain(present, "filter", ISOLATION_2);
    for (Rule r : shared()) {
      FirewallRules.rule(present, r.table(), r.chain(), r.first(), r.spec().toArray(String[]::new));
    }
    for (Rule r : own(n)) {
      FirewallRules.rule(present, r.table(), r.chain(), r.first(), r.spec().toArray(String[]::new));
    }
  }

  /** The rules every user network needs and that stay when the last one goes (harmless). */
  static List<Rule> shared() {
    String br = BridgeNetwork.DEFAULT_NAME;
    return List.of(
        new Rule("filter", BridgeNetwork.FORWARD_CHAIN, true, List.of("-j", ISOLATION_1)),
        Rule.of("filter", ISOLATION_1, "-i", br, "!", "-o", br, "-j", ISOLATION_2),
        Rule.of("filter", ISOLATION_2, "-o", br, "-j", "DROP"));
  }

  /** The network's own rules: removed with it. */
  static List<Rule> own(UserNetwork n) {
    String br = n.bridge();
    if (n.internal()) {
      return List.of(
          Rule.of("filter", BridgeNetwork.FORWARD_CHAIN, "-i", br, "-o", br, "-j", "ACCEPT"),
          Rule.of("filter", ISOLATION_1, "-i", br, "!", "-o", br, "-j", "DROP"),
          Rule.of("filter", ISOLATION_1, "!", "-i", br, "-o", br, "-j", "DROP"));
    }
    return List.of(
        Rule.of("nat", BridgeNetwork.NAT_CHAIN, "-s", n.subnet(), "!", "-o", br,
            "-j", "MASQUERADE"),
        Rule.of("filter", BridgeNetwork.FORWARD_CHAIN, "-i", br, "-j", "ACCEPT"),
        Rule.of("filter", BridgeNetwork.FORWARD_CHAIN, "-o", br, "-m", "conntrack",
            "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"),
        Rule.of("filter", ISOLATION_1, "-i", br, "!", "-o", br, "-j", ISOLATION_2),
        Rule.of("filter", ISOLATION_2, "-o", br, "-j", "DROP"));
  }

  /**
   * Removes the network's rules, its bridge (the veths on it go with it) and its allocation
   * directory; what is already gone is no error. Fails when the bridge stays.
   */
  public static void remove(UserNetwork n) throws IOException {
    for (Rule r : own(n)) {
      List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-t", r.table(), "-D",
          r.chain()));
      delete.addAll(r.spec());
      // -D deletes one copy: repeat while one is there (a rule added twice by a race)
      for (int i = 0; i < 4 && HostCommand.run(delete, null).ok(); i++) {
        // deleted one
      }
    }
    HostCommand.run("ip", "link", "del", n.bridge());
    CHECKED.remove(n.bridge());
    Files.deleteIfExists(CheckedRules.DIR.resolve(n.bridge() + ".rules"));
    if (Files.exists(BridgeNetwork.sysClassNet(n.bridge()))) {
      throw new IOException("cannot remove bridge " + n.bridge());
    }
    // what else names the bridge: its published ports' masquerade, port rules of a dead owner
    HoistChains.removeRulesOf(Set.of(n.bridge()));
    UserBridgeRecord.deleteStateDir(n.stateDir());
    UserBridgeRecord.delete(n.bridge());
  }
}
