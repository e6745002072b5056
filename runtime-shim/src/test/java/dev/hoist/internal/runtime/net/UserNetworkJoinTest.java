package dev.hoist.internal.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.Privileges;
import dev.hoist.internal.runtime.Diagnostics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User networks' plumbing on the real host, without containers (root, {@code ip},
 * {@code iptables}): the hosts files kept in place, a killed owner's interfaces removed by the
 * next join, connect and disconnect of a namespace, and the subnet rules of {@code create}.
 */
class UserNetworkJoinTest {
  @TempDir Path tmp;
  NetworkStore store;
  UserNetwork net;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Privileges.isRoot(), "user networks need root: skipped");
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    store = new NetworkStore(new HoistHome(tmp.resolve("home")));
    net = store.create(new NetworkStore.Request("join-test", null, null, false, Map.of(), null));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (store != null) {
      for (UserNetwork n : store.list()) {
        store.remove(n, () -> { });
      }
    }
  }

  ContainerNetworks on(String name, UserNetwork... networks) {
    return new ContainerNetworks(name, java.util.Arrays.stream(networks)
        .map(n -> new ContainerNetworks.Endpoint(n, List.of(name + "-alias"), null)).toList());
  }

  static String id(String name) {
    return (name + "0".repeat(64)).replaceAll("[^0-9a-f]", "0").substring(0, 64);
  }

  @Test
  void hostsFilesAreRewrittenInPlaceAsMembersComeAndGo() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    try (NetworkAttachment first = UserNetworkJoin.attach(id("aa"), a, "host-a", on("ca", net),
        Owner.current(), Diagnostics.logger())) {
      Object inode = Files.getAttribute(a.resolve("hosts"), "unix:ino");
      assertFalse(Files.readString(a.resolve("hosts")).contains("cb"));
      NetworkAttachment second = UserNetworkJoin.attach(id("bb"), b, "host-b",
          on("cb", net), Owner.current(), Diagnostics.logger());
      String hosts = Files.readString(a.resolve("hosts"));
      assertTrue(hosts.contains(second.address() + "\tcb cb-alias " + id("bb").substring(0, 12)),
          hosts);
      assertTrue(Files.readString(b.resolve("hosts")).contains(first.address() + "\tca"));
      assertEquals(inode, Files.getAttribute(a.resolve("hosts"), "unix:ino"),
          "the same file: a bind mount of it sees the change");
      second.close();
      assertFalse(Files.readString(a.resolve("hosts")).contains("cb"), "the name went");
      assertFalse(Files.exists(Path.of("/sys/class/net", second.vethName())));
    }
  }

  @Test
  void aKilledOwnersInterfacesAreRemovedByTheNextJoin() throws Exception {
    Process owner = new ProcessBuilder("sleep", "60").start();
    NetworkAttachment stale = UserNetworkJoin.attach(id("dead"), tmp.resolve("d"), "d",
        on("dead", net), Owner.of(owner.toHandle()), Diagnostics.logger());
    Path allocation = Path.of("/run/hoist/networks", net.bridge(), stale.address());
    assertTrue(Files.exists(allocation));
    // a published port's rules, as its monitor adds them and, killed, never removes them
    PortRules.ensure(stale.bridge(), java.util.OptionalLong.empty());
    PortRules.add(PortRules.rules(stale.bridge(), stale.subnet(), stale.address(),
        List.of(new PortBinding("", 39_517, 80, "tcp", 0))));
    assertTrue(PortRules.addresses(stale.bridge()).contains(stale.address()));
    owner.destroyForcibly(); // SIGKILL: the owner never leaves
    assertTrue(owner.waitFor(10, TimeUnit.SECONDS));
    try (NetworkAttachment next = UserNetworkJoin.attach(id("live"), tmp.resolve("l"), "l",
        on("live", net), Owner.current(), Diagnostics.logger())) {
      assertFalse(Files.exists(stale.netnsPath()), "the dead member's namespace");
      // its address (and with it the veth's name) is free again: the lowest, taken by the next
      assertEquals(stale.address(), next.address(), "its address was released");
      assertTrue(Files.readString(allocation).contains("container=" + id("live")));
      assertTrue(UserNetworkJoin.addresses(id("dead")).isEmpty(), "its member record");
      assertFalse(Files.readString(tmp.resolve("l/hosts")).contains("dead"), "its name");
      assertFalse(PortRules.addresses(stale.bridge()).contains(stale.address()),
          "its port rules");
    }
  }

  @Test
  void connectAddsTheNextEthAndDisconnectTakesItAway() throws Exception {
    UserNetwork other = store.create(new NetworkStore.Request("join-other", null, null, true,
        Map.of(), null));
    try (NetworkAttachment a = UserNetworkJoin.attach(id("cc"), tmp.resolve("c"), "c",
        on("cc", net), Owner.current(), Diagnostics.logger())) {
      UserNetworkJoin.connect(id("cc"), tmp.resolve("c"), "cc", a.netnsName(),
          new ContainerNetworks.Endpoint(other, List.of(), "10.0.0.1"), Owner.current(),
          Diagnostics.logger());
      // (--ip outside the subnet: refused, nothing made)
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("outside the subnet " + other.subnet()), e.getMessage());
    }
    try (NetworkAttachment a = UserNetworkJoin.attach(id("cd"), tmp.resolve("cd"), "cd",
        on("cd", net), Owner.current(), Diagnostics.logger())) {
      UserNetworkJoin.connect(id("cd"), tmp.resolve("cd"), "cd", a.netnsName(),
          new ContainerNetworks.Endpoint(other, List.of(), null), Owner.current(),
          Diagnostics.logger());
      String links = ExternalTools.output("ip", "-n", a.netnsName(), "-o", "addr");
      assertTrue(links.contains("eth1") && links.contains(other.subnet().replaceAll("0/16", "")),
          links);
      String routes = ExternalTools.output("ip", "-n", a.netnsName(), "route");
      assertTrue(routes.contains("default via " + net.gateway()), routes);
      assertThrows(IllegalArgumentException.class, () -> UserNetworkJoin.connect(id("cd"),
          tmp.resolve("cd"), "cd", a.netnsName(), new ContainerNetworks.Endpoint(other,
              List.of(), null), Owner.current(), Diagnostics.logger()));
      UserNetworkJoin.disconnect(id("cd"), other.id());
      assertFalse(ExternalTools.output("ip", "-n", a.netnsName(), "-o", "link").contains("eth1"));
      try (var files = Files.list(other.stateDir())) {
        assertEquals(List.of("lock"), files.map(p -> p.getFileName().toString()).toList());
      }
    }
  }

  @Test
  void givenSubnetOverlappingANetworkOrAHostRouteIsRefusedAndAutomaticOnesSkipBoth()
      throws Exception {
    IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
        () -> store.create(new NetworkStore.Request("x", net.subnet(), null, false, Map.of(),
            null)));
    assertTrue(overlap.getMessage().contains("overlaps network join-test"), overlap.getMessage());
    Subnet route = BridgeNetwork.hostRoutes().get(0);
    IllegalArgumentException hostRoute = assertThrows(IllegalArgumentException.class,
        () -> store.create(new NetworkStore.Request("y", route.toString(), null, false,
            Map.of(), null)));
    assertTrue(hostRoute.getMessage().contains("overlaps the host's route"),
        hostRoute.getMessage());
    UserNetwork next = store.create(new NetworkStore.Request("z", null, null, false, Map.of(),
        null));
    assertFalse(next.subnetValue().overlaps(net.subnetValue()));
    assertTrue(BridgeNetwork.hostRoutes().stream().filter(r -> r.overlaps(next.subnetValue()))
        .allMatch(r -> r.equals(next.subnetValue())), "only its own bridge's route");
    assertThrows(IllegalArgumentException.class, () -> store.create(new NetworkStore.Request(
        "join-test", null, null, false, Map.of(), null)), "a name twice");
  }

  @Test
  void dockerStyleMacAndFreeEthNames() {
    assertEquals("02:42:0a:59:00:02", UserNetworkJoin.mac("10.89.0.2"));
    assertEquals("eth2", UserNetworkJoin.freeEthName(
        "1: lo: <LOOPBACK> mtu\n2: eth0@if9: <UP> mtu\n3: eth1@if10: <UP> mtu\n"));
    assertEquals("eth0", UserNetworkJoin.freeEthName("1: lo: <LOOPBACK> mtu\n"));
  }
}
