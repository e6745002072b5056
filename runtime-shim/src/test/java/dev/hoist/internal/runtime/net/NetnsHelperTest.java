package dev.hoist.internal.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.Privileges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hoist-net} on the real host (root, {@code ip} to look): a bridge of the test's own
 * ({@code hnf-<pid>}, 10.253.7.0/24, no traffic), namespaces {@code /run/netns/hnf-<pid>-*}.
 */
class NetnsHelperTest {
  final String tag = "hnf" + ProcessHandle.current().pid() % 100000;
  final String bridge = tag;
  final Path netns = BridgeNetwork.NETNS_DIR.resolve(tag + "-ns");

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Privileges.isRoot(), "network namespaces need root: skipped");
    ExternalTools.assumeAvailable("ip");
    ExternalTools.output("ip", "link", "add", bridge, "type", "bridge");
    ExternalTools.output("ip", "addr", "add", "10.253.7.1/24", "dev", bridge);
    ExternalTools.output("ip", "link", "set", bridge, "up");
  }

  @AfterEach
  void tearDown() throws Exception {
    NetnsHelper.remove(List.of(tag + "a", tag + "b", bridge), List.of(netns));
  }

  NetnsHelper.Link link(String suffix, String ifname, String address) {
    return new NetnsHelper.Link(tag + suffix, bridge, ifname, "02:42:0a:fd:07:0" + suffix.length(),
        address, 24);
  }

  @Test
  void attachMakesTheNamespaceAndVethPairsAndRemoveTakesThemAway() throws Exception {
    NetnsHelper.attach(true, netns, List.of(link("a", "eth0", "10.253.7.2")), "10.253.7.1");
    String name = netns.getFileName().toString();
    String links = ExternalTools.output("ip", "-n", name, "-o", "link", "show");
    assertTrue(links.matches("(?s).*\\d+: lo: <LOOPBACK,UP,LOWER_UP>.*"), links);
    assertTrue(links.matches("(?s).*\\d+: eth0@if\\d+: <[A-Z_,]*\\bUP\\b.*link/ether "
        + "02:42:0a:fd:07:01 .*"), links);
    assertTrue(ExternalTools.output("ip", "-n", name, "-o", "-4", "addr", "show", "eth0")
        .contains("inet 10.253.7.2/24"));
    assertTrue(ExternalTools.output("ip", "-n", name, "route")
        .contains("default via 10.253.7.1 dev eth0"));
    assertTrue(ExternalTools.output("ip", "-o", "link", "show", "master", bridge)
        .contains(tag + "a@"), "the host end is on the bridge");
    // a second interface into the same namespace, no route (network connect)
    NetnsHelper.attach(false, netns, List.of(link("b", "eth1", "10.253.7.3")), null);
    assertTrue(ExternalTools.output("ip", "-n", name, "-o", "-4", "addr", "show", "eth1")
        .contains("inet 10.253.7.3/24"));

    assertEquals(0, NetnsHelper.remove(List.of(tag + "a", tag + "b"), List.of(netns)).code());
    assertFalse(Files.exists(netns));
    assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(netns.toString()));
    assertFalse(Files.exists(BridgeNetwork.sysClassNet(tag + "a")));
    assertFalse(Files.exists(BridgeNetwork.sysClassNet(tag + "b")));
    // what is gone already is no error
    assertEquals(0, NetnsHelper.remove(List.of(tag + "a"), List.of(netns)).code());
  }

  /**
   * A removal answers once the veth is unlisted (the kernel's tail goes on in the background):
   * by then it is off the bridge and its name and address can be used again at once, as the
   * next container on that address does.
   */
  @Test
  void aRemovedVethsNameAndAddressAreFreeAtOnce() throws Exception {
    for (int i = 0; i < 3; i++) {
      NetnsHelper.attach(true, netns, List.of(link("a", "eth0", "10.253.7.2")), "10.253.7.1");
      assertEquals(0, NetnsHelper.remove(List.of(tag + "a"), List.of(netns)).code());
      assertFalse(Files.exists(BridgeNetwork.sysClassNet(tag + "a")));
      assertFalse(Files.exists(BridgeNetwork.sysClassNet(bridge).resolve("brif")
          .resolve(tag + "a")), "off the bridge");
      assertFalse(Files.exists(netns));
    }
    NetnsHelper.attach(true, netns, List.of(link("a", "eth0", "10.253.7.2")), "10.253.7.1");
    assertTrue(ExternalTools.output("ip", "-n", netns.getFileName().toString(), "-o", "-4",
        "addr", "show", "eth0").contains("inet 10.253.7.2/24"));
    // a link that is not there: no error, as before
    assertEquals(0, NetnsHelper.remove(List.of(tag + "z"), List.of()).code());
  }

  /**
   * The removal handed to a process of its own (a CLI run about to exit): the namespace and the
   * veth go, then the address's file is removed under the allocator's lock, and only while it
   * still names the container (an address given to another container meanwhile stays).
   */
  @Test
  void aHandedOffRemovalReleasesTheAddressOnceTheVethIsGoneAndOnlyItsOwn(@org.junit.jupiter.api
      .io.TempDir Path dir) throws Exception {
    IpAllocator allocator = new IpAllocator(dir);
    Subnet subnet = Subnet.parse("10.253.7.0/24");
    allocator.locked(() -> allocator.allocate(subnet, "10.253.7.2", "mine", Owner.current()));
    allocator.locked(() -> allocator.allocate(subnet, "10.253.7.3", "another", Owner.current()));
    NetnsHelper.attach(true, netns, List.of(link("a", "eth0", "10.253.7.2")), "10.253.7.1");

    // the allocator's lock held here: the release waits for it, the veth is gone already
    allocator.locked(() -> {
      NetnsHelper.handOffRemove(List.of(tag + "a"), List.of(netns), allocator, "10.253.7.2",
          "mine");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (Files.exists(BridgeNetwork.sysClassNet(tag + "a")) || Files.exists(netns)) {
        assertTrue(System.nanoTime() < deadline, "the veth and namespace go");
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(200_000_000);
      assertTrue(Files.exists(dir.resolve("10.253.7.2")), "not released while the lock is held");
      return null;
    });
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (Files.exists(dir.resolve("10.253.7.2"))) {
      assertTrue(System.nanoTime() < deadline, "the address is released");
      Thread.sleep(5);
    }
    // another container's address is never released by a removal naming someone else
    Process p = new ProcessBuilder(dev.hoist.internal.runtime.ShimBinary.locateNet().toString(), "remove", "--release",
        dir.toString(), "10.253.7.3", "mine").start();
    assertEquals(0, p.waitFor());
    assertTrue(Files.exists(dir.resolve("10.253.7.3")));
  }

  @Test
  void aFailedAttachLeavesNoNamespaceNorVeth() throws Exception {
    NetnsHelper.Link onNoBridge = new NetnsHelper.Link(tag + "a", tag + "x", "eth0",
        "02:42:0a:fd:07:02", "10.253.7.2", 24);
    IOException e = assertThrows(IOException.class,
        () -> NetnsHelper.attach(true, netns, List.of(onNoBridge), "10.253.7.1"));
    assertTrue(e.getMessage().contains("no bridge"), e.getMessage());
    assertFalse(Files.exists(netns), "the namespace stays after a failed attach");
    assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(netns.toString()));
    // the second pair fails (its host end's name is taken, by the bridge): the first goes too
    NetnsHelper.Link taken = new NetnsHelper.Link(bridge, bridge, "eth1", "02:42:0a:fd:07:03",
        "10.253.7.3", 24);
    e = assertThrows(IOException.class, () -> NetnsHelper.attach(true, netns,
        List.of(link("a", "eth0", "10.253.7.2"), taken), null));
    assertTrue(e.getMessage().contains("cannot make the veth pair"), e.getMessage());
    assertFalse(Files.exists(netns));
    assertFalse(Files.exists(BridgeNetwork.sysClassNet(tag + "a")), "the first veth stays");
    assertFalse(Files.exists(BridgeNetwork.sysClassNet(tag + "b")));
  }

  @Test
  void theRuleSetGenerationCountsAChangeAndACheckPassedBeforeItIsNoLongerCurrent()
      throws Exception {
    assumeTrue(CheckedRules.iptablesUsesNfTables(), "iptables is not iptables-nft: skipped");
    OptionalLong before = NetnsHelper.generation();
    assertTrue(before.isPresent(), "no nf_tables generation");
    String name = tag + ".test";
    try {
      CheckedRules.passed(name, "10.253.7.0/24", before);
      assertTrue(CheckedRules.current(name, "10.253.7.0/24", before));
      assertFalse(CheckedRules.current(name, "10.253.8.0/24", before), "another subnet");
      ExternalTools.output("iptables", "-w", "-N", tag.toUpperCase());
      ExternalTools.output("iptables", "-w", "-X", tag.toUpperCase());
      OptionalLong after = NetnsHelper.generation();
      assertNotEquals(before, after, "a chain added and deleted changes the generation");
      assertFalse(CheckedRules.current(name, "10.253.7.0/24", after));
    } finally {
      Files.deleteIfExists(CheckedRules.DIR.resolve(name));
    }
  }
}
