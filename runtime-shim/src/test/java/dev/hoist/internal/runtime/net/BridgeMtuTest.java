package dev.hoist.internal.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.Privileges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MTU of a bridge's veth pairs on the real host (root, {@code ip}, {@code iptables}), on a
 * bridge of the test's own (the shared {@code hoist0} may hold other hoists' containers, whose
 * MTU a new link follows): the default, Docker's 1500, and a bridge held at a smaller MTU.
 * Traffic goes only to the test bridge's gateway.
 */
class BridgeMtuTest {
  static final String BRIDGE = "hoistmtu" + ProcessHandle.current().pid() % 10000;
  @TempDir Path tmp;
  Subnet subnet;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Privileges.isRoot(), "the bridge needs root: skipped");
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    ExternalTools.assumeAvailable("busybox");
    subnet = BridgeNetwork.firstFree(Subnet.parse("10.231.0.0/24"), BridgeNetwork.hostRoutes())
        .orElseThrow();
  }

  @AfterEach
  void removeBridge() throws Exception {
    for (List<String> rule : List.of(
        List.of("-t", "nat", "-D", BridgeNetwork.NAT_CHAIN, "-s", subnet.toString(), "!", "-o",
            BRIDGE, "-j", "MASQUERADE"),
        List.of("-D", BridgeNetwork.FORWARD_CHAIN, "-i", BRIDGE, "-j", "ACCEPT"),
        List.of("-D", BridgeNetwork.FORWARD_CHAIN, "-o", BRIDGE, "-m", "conntrack",
            "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"))) {
      List<String> command = new java.util.ArrayList<>(List.of("iptables", "-w"));
      command.addAll(rule);
      new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
    }
    new ProcessBuilder("ip", "link", "del", BRIDGE).redirectErrorStream(true).start().waitFor();
    assertFalse(Files.exists(Path.of("/sys/class/net", BRIDGE)), "the test bridge is removed");
  }

  BridgeNetwork bridge(LinkMtu mtu) {
    return new BridgeNetwork(BRIDGE, subnet, tmp.resolve("allocations"), mtu);
  }

  @Test
  void defaultLinkIsLocalMtuWithTheDefaultRouteAt1500AndCarriesLargePacketsWhole()
      throws Exception {
    try (NetworkAttachment a = bridge(LinkMtu.DEFAULT).attach("mtu-default")) {
      assertEquals("65520", mtu(a.vethName()), "the host's end");
      assertEquals("65520", mtu(BRIDGE), "the bridge follows its only port");
      assertEquals("65520", inside(a, "cat", "/sys/class/net/eth0/mtu"));
      String route = inside(a, "ip", "route", "show", "default");
      assertTrue(route.matches("default via " + a.gateway().replace(".", "\\.")
          + " dev eth0 .*mtu 1500.*"), route);
      // with the 1500 of before, the request and the reply would go in fragments
      String ping = ExternalTools.output("ip", "netns", "exec", a.netnsName(), "busybox",
          "ping", "-c", "1", "-W", "5", "-s", "30000", a.gateway());
      assertTrue(ping.contains("1 packets received"), ping);
      String snmp = inside(a, "cat", "/proc/net/snmp");
      assertEquals(0, ip(snmp, "FragCreates"), "sent whole: " + snmp);
      assertEquals(0, ip(snmp, "ReasmReqds"), "received whole: " + snmp);
    }
  }

  @Test
  void dockersMtuIsOneMtuForEverythingAndNoneOnTheRoute() throws Exception {
    try (NetworkAttachment a = bridge(new LinkMtu(1500)).attach("mtu-1500")) {
      assertEquals("1500", mtu(a.vethName()));
      assertEquals("1500", inside(a, "cat", "/sys/class/net/eth0/mtu"));
      String route = inside(a, "ip", "route", "show", "default");
      assertFalse(route.contains("mtu"), route);
    }
  }

  @Test
  void newLinkFollowsABridgeThatOtherPortsHoldAtASmallerMtu() throws Exception {
    try (NetworkAttachment old = bridge(new LinkMtu(1500)).attach("mtu-older");
        NetworkAttachment next = bridge(LinkMtu.DEFAULT).attach("mtu-newer")) {
      assertEquals("1500", mtu(old.vethName()));
      assertEquals("1500", mtu(next.vethName()), "not larger than the bridge's 1500");
      assertEquals("1500", inside(next, "cat", "/sys/class/net/eth0/mtu"));
      assertEquals("1500", mtu(BRIDGE));
    }
  }

  static String mtu(String link) throws Exception {
    return Files.readString(Path.of("/sys/class/net", link, "mtu")).trim();
  }

  static String inside(NetworkAttachment a, String... command) throws Exception {
    List<String> c = new java.util.ArrayList<>(List.of("ip", "netns", "exec", a.netnsName()));
    c.addAll(List.of(command));
    return ExternalTools.output(c.toArray(String[]::new)).trim();
  }

  /** The counter {@code name} of /proc/net/snmp's Ip lines. */
  static long ip(String snmp, String name) {
    List<String> lines = snmp.lines().filter(l -> l.startsWith("Ip: ")).toList();
    int column = List.of(lines.get(0).split("\\s+")).indexOf(name);
    assertTrue(column > 0, name + " in " + lines.get(0));
    return Long.parseLong(lines.get(1).split("\\s+")[column]);
  }
}
