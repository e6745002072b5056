package dev.hoist.internal.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.Privileges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge's plumbing on the real host (root, {@code ip}, {@code iptables}). */
class BridgeNetworkTest {
  BridgeNetwork bridge;

  @BeforeEach
  void setUp() {
    assumeTrue(Privileges.isRoot(), "the bridge needs root: skipped");
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    bridge = BridgeNetwork.standard();
  }

  @Test
  void bridgeHasTheGatewayAndHoistsRulesInItsOwnChains() throws Exception {
    Subnet s = bridge.ensure();
    assertTrue(ExternalTools.output("ip", "-4", "-o", "addr", "show", "dev", "hoist0")
        .contains("inet " + s.gateway() + "/" + s.prefix()));
    String nat = ExternalTools.output("iptables", "-w", "-t", "nat", "-S");
    assertTrue(nat.contains("-A POSTROUTING -j HOIST-POSTROUTING"), nat);
    assertTrue(nat.contains("-A HOIST-POSTROUTING -s " + s + " ! -o hoist0 -j MASQUERADE"), nat);
    String filter = ExternalTools.output("iptables", "-w", "-S");
    assertTrue(filter.contains("-A FORWARD -j HOIST-FORWARD"), filter);
    assertEquals("1", Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).trim());
    // checking the rules again adds nothing; a rule that went missing comes back
    FirewallRules.ensure("hoist0", s);
    assertEquals(nat, ExternalTools.output("iptables", "-w", "-t", "nat", "-S"));
    assertEquals(filter, ExternalTools.output("iptables", "-w", "-S"));
    ExternalTools.output("iptables", "-w", "-D", "HOIST-FORWARD", "-i", "hoist0", "-j", "ACCEPT");
    FirewallRules.ensure("hoist0", s);
    assertEquals(filter.lines().sorted().toList(),
        ExternalTools.output("iptables", "-w", "-S").lines().sorted().toList());
  }

  /**
   * A container attached after a rule of hoist's went missing puts it back, although a check
   * passed before (recorded with the rule set's generation then): the deletion changed the
   * generation. As in a new hoist process, which has checked nothing yet. A bridge of the
   * test's own, whose rules no other hoist process checks.
   */
  @Test
  void aRuleDeletedAfterTheLastCheckIsBackAfterTheNextAttach() throws Exception {
    String name = "hnfr" + ProcessHandle.current().pid() % 100000;
    Path state = Files.createTempDirectory("hoist-rules-check");
    BridgeNetwork own = new BridgeNetwork(name, Subnet.parse("10.252.0.0/24"), state);
    String accept = "-A HOIST-FORWARD -i " + name + " -j ACCEPT";
    Subnet s = null;
    try {
      try (NetworkAttachment first = own.attach("rules-check-1")) {
        s = first.subnet();
        assertTrue(ExternalTools.output("iptables", "-w", "-S").contains(accept));
      }
      ExternalTools.output("iptables", "-w", "-D", "HOIST-FORWARD", "-i", name, "-j", "ACCEPT");
      assertFalse(ExternalTools.output("iptables", "-w", "-S").contains(accept));
      BridgeNetwork.RULES_CHECKED.remove(name); // as in a new process
      try (NetworkAttachment second = own.attach("rules-check-2")) {
        assertTrue(ExternalTools.output("iptables", "-w", "-S").contains(accept),
            "the rule deleted after the check is back");
      }
    } finally {
      HostCommand.run("iptables", "-w", "-D", "HOIST-FORWARD", "-i", name, "-j", "ACCEPT");
      HostCommand.run("iptables", "-w", "-D", "HOIST-FORWARD", "-o", name, "-m", "conntrack",
          "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT");
      if (s != null) {
        HostCommand.run("iptables", "-w", "-t", "nat", "-D", "HOIST-POSTROUTING", "-s",
            s.toString(), "!", "-o", name, "-j", "MASQUERADE");
      }
      HostCommand.run("ip", "link", "del", name);
      Files.deleteIfExists(CheckedRules.DIR.resolve(name + ".rules"));
    }
  }

  @Test
  void attachmentOfAKilledOwnerIsRemovedByTheNextAttach() throws Exception {
    Process owner = new ProcessBuilder("sleep", "60").start();
    NetworkAttachment stale = bridge.attach("stale-owner-test", Owner.of(owner.toHandle()));
    Path allocation = Path.of("/run/hoist/networks/hoist0", stale.address());
    assertTrue(Files.exists(stale.netnsPath()));
    assertTrue(Files.exists(Path.of("/sys/class/net", stale.vethName())));
    assertTrue(Files.exists(allocation));
    owner.destroyForcibly(); // SIGKILL: the owner never detaches
    assertTrue(owner.waitFor(10, TimeUnit.SECONDS));

    try (NetworkAttachment next = bridge.attach("after-the-stale-one")) {
      assertFalse(Files.exists(stale.netnsPath()), "the dead owner's namespace is removed");
      // the lowest free address is taken: the stale one's, if nothing else took it meanwhile
      boolean reused = next.address().equals(stale.address());
      assertEquals(reused, Files.exists(Path.of("/sys/class/net", stale.vethName())),
          "the dead owner's veth is removed (its name is back only for the new container)");
      assertEquals(reused, Files.exists(allocation), "and its address released");
      if (reused) {
        assertTrue(Files.readString(allocation).contains("container=after-the-stale-one"));
      }
      assertFalse(ExternalTools.output("ip", "netns", "list").contains("stale-owner-test"));
    }
  }

  @Test
  void liveOwnersAttachmentIsKeptAndDistinct() throws Exception {
    try (NetworkAttachment a = bridge.attach("live-owner-a");
        NetworkAttachment b = bridge.attach("live-owner-b")) {
      assertNotEquals(a.address(), b.address());
      bridge.removeStale(); // this JVM owns both: they stay
      assertTrue(Files.exists(a.netnsPath()));
      assertTrue(Files.exists(b.netnsPath()));
      // each namespace has its address on eth0 and the default route via the bridge
      String route = ExternalTools.output("ip", "-n", a.netnsName(), "route");
      assertTrue(route.contains("default via " + a.gateway() + " dev eth0"), route);
    }
  }
}
