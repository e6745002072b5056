package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.GreetingServer;
import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.Subnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist run --network bridge}, in the foreground and detached (root, the real shim,
 * {@code ip}, {@code iptables}; traffic only to the bridge's address).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunBridgeNetworkTest implements UnderRuntime {
  @TempDir static Path dir;
  Subnet subnet;

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
    UnderRuntime.assumeInstalled(runtime());
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    Path home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "busybox:test", ContainerConfig.builder()
        .cmd(List.of("sh")).build());
    subnet = BridgeNetwork.standard().ensure();
  }

  /** The shim here; runc in {@link RunBridgeNetworkRuncTest}. */
  @Override
  public String runtime() {
    return "hoist";
  }

  @AfterAll
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  @Test
  void foregroundRunOnTheBridgeReachesTheHostOnTheGateway() throws Exception {
    try (GreetingServer server = GreetingServer.on(subnet.gateway())) {
      ContainerCommandsTest.Result r = ok("run", "--rm", "--network",
          "bridge", "busybox:test", "sh", "-c", "busybox ip -4 addr show eth0; busybox nc -w 5 "
          + subnet.gateway() + " " + server.port() + " </dev/null");
      assertTrue(subnet.contains(address(r.out())), r.out());
      assertTrue(r.out().endsWith(GreetingServer.GREETING), r.out());
    }
  }

  @Test
  void detachedContainerKeepsItsAddressUntilRemoved() throws Exception {
    ok("run", "-d", "--network", "bridge", "--name", "bridged",
        "busybox:test", "sh", "-c", ContainerCommandsTest.WAIT_A_MINUTE);
    String id = CanonicalJson.mapper().readTree(ok("inspect", "bridged")
        .out()).get(0).path("Id").asText();
    String address = null;
    for (int i = 0; i < 100 && address == null; i++) {
      ContainerCommandsTest.Result r = hoist("exec", "bridged", "busybox",
          "ip", "-4", "addr", "show", "eth0");
      address = r.code() == 0 ? address(r.out()) : null;
      Thread.sleep(100);
    }
    assertTrue(address != null && subnet.contains(address), String.valueOf(address));
    assertTrue(Files.exists(Path.of("/run/netns/hoist0-" + id)), "the namespace while it runs");
    ok("rm", "-f", "bridged");
    assertFalse(Files.exists(Path.of("/run/netns/hoist0-" + id)), "the namespace after rm");
    assertFalse(Files.exists(Path.of("/run/hoist/networks/hoist0", address)), "the address");
  }

  static String address(String ipAddrShow) {
    Matcher m = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(ipAddrShow);
    assertTrue(m.find(), ipAddrShow);
    return m.group(1);
  }

}
