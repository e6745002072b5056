package dev.hoist.internal.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.Privileges;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Port bindings' syntax, the port reservation, and the per-container rules' clean-up. */
class PortRulesTest {

  @Test
  void publishSyntaxAsDockersWithRangesAndProtocols() {
    assertEquals(List.of(new PortBinding("", 0, 80, "tcp")), PortBinding.parse("80"));
    assertEquals(List.of(new PortBinding("", 8080, 80, "tcp")), PortBinding.parse("8080:80"));
    assertEquals(List.of(new PortBinding("127.0.0.1", 0, 53, "udp")),
        PortBinding.parse("127.0.0.1::53/udp"));
    assertEquals(List.of(new PortBinding("", 8000, 80, "tcp"), new PortBinding("", 8001, 81,
        "tcp")), PortBinding.parse("0.0.0.0:8000-8001:80-81"));
    assertEquals("0.0.0.0:8080->80/tcp", PortBinding.parse("8080:80").get(0).toString());
    for (String bad : List.of("", "x", "80:90:100:1", "8000-8002:80-81", "90-80", "80/sctp",
        "300.1.1.1:80:80", "70000")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> PortBinding.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("invalid port " + bad)
          || e.getMessage().contains(bad), e.getMessage());
    }
  }

  @Test
  void aPortInUseIsRefusedAndAReservedPortCannotBeTakenByAnotherProcess() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      PortBinding p = new PortBinding("127.0.0.1", taken.getLocalPort(), 80, "tcp");
      PublishedPorts.PortInUseException e = assertThrows(
          PublishedPorts.PortInUseException.class, () -> PublishedPorts.reserve(List.of(p)));
      assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort() + "/tcp"),
          e.getMessage());
    }
    try (PublishedPorts held = PublishedPorts.reserve(
        List.of(new PortBinding("127.0.0.1", 0, 80, "tcp")))) {
      int port = held.bindings().get(0).hostPort();
      assertThrows(java.net.BindException.class,
          () -> new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1")).close(),
          "another listener took the reserved port " + port);
    }
  }

  @Test
  void systemCheckRemovesTheRulesAndAddressOfAKilledOwner() throws Exception {
    assumeTrue(Privileges.isRoot(), "the bridge needs root: skipped");
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    BridgeNetwork bridge = BridgeNetwork.standard();
    Process owner = new ProcessBuilder("sleep", "60").start();
    NetworkAttachment stale = bridge.attach("ports-killed-owner", Owner.of(owner.toHandle()));
    PublishedPorts ports = PublishedPorts.reserve(
        List.of(new PortBinding("127.0.0.1", 0, 80, "tcp")));
    ports.forward(stale);
    String tag = "hoist-port:hoist0:" + stale.address() + "\"";
    assertTrue(ExternalTools.output("iptables-save").contains(tag));
    owner.destroyForcibly(); // its rules are never removed by their owner
    assertTrue(owner.waitFor(10, TimeUnit.SECONDS));

    NetworkLeftovers left = NetworkLeftovers.repair(bridge);
    assertFalse(ExternalTools.output("iptables-save").contains(tag), "its rules are removed");
    assertFalse(Files.exists(stale.netnsPath()), "its namespace is removed");
    assertFalse(ExternalTools.output("ip", "netns", "list").contains("ports-killed-owner"));
    // another hoist process on this machine may have removed them first (its next attach)
    assertTrue(left.rules() == 0 || left.rules() >= 3, left.toString());
    ports.close(); // the sockets; the rules are gone already
  }
}
