package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.net.BridgeNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist system check} on user networks, and {@code network rm}: what a crashed container
 * (its monitor and the process that owns its network killed with SIGKILL) left on a user network,
 * and what a network whose record is gone left (its bridge, rules and addresses), are removed;
 * rules naming a bridge that was deleted by hand are removed. Root, {@code ip}, {@code iptables}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SystemCheckNetworksTest {
  @TempDir static Path dir;
  Path home;

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "busybox:test", ContainerConfig.builder()
        .cmd(List.of("sh")).build());
    BridgeNetwork.standard().ensure();
  }

  @AfterAll
  void tearDown() {
    ContainerCommandsTest.hoist("network", "prune", "-f");
    System.clearProperty("hoist.home");
  }

  static String bridgeOf(String networkId) {
    return "hoist-" + networkId.substring(0, 9);
  }

  /** The lines of {@code iptables-save} that name {@code bridge}. */
  static String rulesNaming(String bridge) throws Exception {
    return String.join("\n", ExternalTools.output("iptables-save").lines()
        .filter(l -> l.startsWith("-A ") && l.contains(bridge)).toList());
  }

  /** A detached container on {@code network} whose monitor and monitored process are killed. */
  String crashed(String network) throws Exception {
    String id = ContainerCommandsTest.ok("run", "-d", "--network", network, "-p",
        "127.0.0.1::80", "busybox:test", "sleep", "600").out().strip();
    Path containerDir = home.resolve("containers").resolve(id);
    long monitor = CanonicalJson.mapper().readTree(containerDir.resolve("state.json").toFile())
        .path("waiterPid").asLong();
    // the monitor writes the runtime's PID just after it answers the start step (run -d returns)
    Path pidFile = containerDir.resolve("monitor.pid");
    for (int i = 0; i < 600 && !Files.exists(pidFile); i++) { // 30 s at most: a loaded machine
      Thread.sleep(50);
    }
    long monitored = Long.parseLong(Files.readString(pidFile).strip());
    for (long pid : new long[] {monitor, monitored}) {
      ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
      p.destroyForcibly();
      p.onExit().get();
    }
    return id;
  }

  @Test
  void systemCheckRemovesWhatACrashedContainerLeftOnAUserNetwork() throws Exception {
    String netId = ContainerCommandsTest.ok("network", "create", "crash-net").out().strip();
    String bridge = bridgeOf(netId);
    try {
      String id = crashed("crash-net");
      Path netns = Path.of("/run/netns/hoistn-" + id);
      Path member = Path.of("/run/hoist/members/" + id + ".json");
      Path state = Path.of("/run/hoist/networks", bridge);
      assertTrue(Files.exists(netns) && Files.exists(member), "the crash left its network");
      assertTrue(rulesNaming(bridge).contains("hoist-port:" + bridge + ":"), rulesNaming(bridge));
      String check = ContainerCommandsTest.ok("system", "check").out();
      assertTrue(check.contains("network: removed"), check);
      assertFalse(Files.exists(netns), check);
      assertFalse(Files.exists(member), check);
      assertEquals(List.of(), Files.list(Path.of("/sys/class/net", bridge, "brif")).toList(),
          "veths on " + bridge);
      assertTrue(Files.list(state).noneMatch(f -> f.getFileName().toString()
          .matches("[0-9.]+")), "addresses held on " + bridge);
      assertFalse(rulesNaming(bridge).contains("hoist-port:"), rulesNaming(bridge));
      ContainerCommandsTest.ok("rm", "-f", id);
    } finally {
      ContainerCommandsTest.hoist("network", "rm", "crash-net");
    }
  }

  @Test
  void systemCheckRemovesTheBridgeAndRulesOfANetworkWhoseRecordIsGone() throws Exception {
    String netId = ContainerCommandsTest.ok("network", "create", "forgotten").out().strip();
    String bridge = bridgeOf(netId);
    assertTrue(Files.exists(Path.of("/sys/class/net", bridge)));
    assertFalse(rulesNaming(bridge).isEmpty());
    // as a crash of network create after the bridge, or a deleted home, leaves it
    Files.delete(home.resolve("networks").resolve(netId + ".json"));
    String check = ContainerCommandsTest.ok("system", "check").out();
    assertTrue(check.contains("network: removed"), check);
    assertFalse(Files.exists(Path.of("/sys/class/net", bridge)), check);
    assertEquals("", rulesNaming(bridge), check);
    assertFalse(Files.exists(Path.of("/run/hoist/networks", bridge)), check);
  }

  @Test
  void systemCheckRemovesRulesNamingABridgeThatIsGone() throws Exception {
    String netId = ContainerCommandsTest.ok("network", "create", "unplugged").out().strip();
    String bridge = bridgeOf(netId);
    try {
      ExternalTools.output("ip", "link", "del", bridge);
      assertFalse(rulesNaming(bridge).isEmpty());
      String check = ContainerCommandsTest.ok("system", "check").out();
      assertEquals("", rulesNaming(bridge), check);
      // the network is still recorded: its next use makes the bridge and rules again
      ContainerCommandsTest.ok("run", "--rm", "--network", "unplugged", "busybox:test", "true");
      assertFalse(rulesNaming(bridge).isEmpty());
    } finally {
      ContainerCommandsTest.hoist("network", "rm", "unplugged");
    }
  }

  @Test
  void networkRmLeavesNoRuleNamingItsBridgeAfterPublishedPorts() throws Exception {
    String netId = ContainerCommandsTest.ok("network", "create", "published").out().strip();
    String bridge = bridgeOf(netId);
    ContainerCommandsTest.ok("run", "--rm", "--network", "published", "-p", "127.0.0.1::80",
        "busybox:test", "true");
    ContainerCommandsTest.ok("network", "rm", "published");
    assertEquals("", rulesNaming(bridge));
    assertFalse(Files.exists(Path.of("/run/hoist/networks", bridge)));
  }
}
