package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.fixtures.BusyboxRootfs;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.LinkMtu;
import dev.hoist.internal.runtime.net.Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MTU of a container's link on the default bridge, under both runtimes (root, {@code ip},
 * {@code iptables}; runc's half skipped when runc is missing): the link at {@link LinkMtu#LOCAL}
 * so that what stays on the host goes in large segments, the default route at Docker's 1500.
 * Traffic goes only to the host's bridge address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeMtuRuntimeTest {
  @TempDir static Path tmp;
  Path lower;
  HoistHome home;
  Subnet subnet;
  int containers;

  @BeforeAll
  void setUp() throws IOException {
    BusyboxRootfs.assumeUsable("runtime-shim tests", "namespaces, overlayfs, pivot_root");
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    assumeTrue(BridgeNetwork.standard().mtu().equals(LinkMtu.DEFAULT),
        "HOIST_BRIDGE_MTU is set in the environment: the default's test is skipped");
    lower = BusyboxRootfs.create(Files.createDirectories(tmp.resolve("lower")));
    home = new HoistHome(tmp.resolve("home"));
    subnet = BridgeNetwork.standard().ensure();
  }

  Stream<String> runtimes() {
    return Stream.of("hoist", "runc");
  }

  Runtime runtime(String name) throws IOException {
    if (name.equals("runc")) {
      Optional<RuncRuntime> runc = RuncRuntime.forHome(home);
      assumeTrue(runc.isPresent(), "runc is not installed (apt-get install runc): skipped");
      return runc.get();
    }
    return ShimRuntime.forHome(home);
  }

  @ParameterizedTest
  @MethodSource("runtimes")
  void linkCarriesLargeSegmentsWhileTheDefaultRouteKeepsDockersMtu(String name)
      throws Exception {
    Runtime runtime = runtime(name);
    int held = heldAt();
    assumeTrue(held >= LinkMtu.LOCAL, "hoist0 has containers of another hoist at MTU " + held
        + ", which a new link follows (BridgeMtuTest covers that on a bridge of its own): skipped");
    // a 30,000-byte echo request to the gateway and its reply: with a 1500 link the container
    // fragments the request (FragCreates) and reassembles the reply (ReasmReqds)
    String script = "cat /sys/class/net/eth0/mtu; echo ---; grep Ip: /proc/net/snmp; "
        + "ping -c 1 -W 5 -s 30000 " + subnet.gateway() + " >/dev/null && echo pong; "
        + "grep Ip: /proc/net/snmp; sleep 3";
    Path dir = tmp.resolve("containers/mtu-c" + ++containers);
    ContainerSpec spec = ContainerSpec.builder(List.of(lower), dir).argv("sh", "-c", script)
        .network(NetworkMode.BRIDGE).build();
    ContainerProcess running = runtime.start(spec, Stdio.pipes());
    // busybox's ip shows no route metrics: the host's iproute2 reads the container's namespace
    String route = "";
    String netns = "hoist0-" + dir.getFileName();
    for (int i = 0; i < 50 && !route.contains("default"); i++) {
      try {
        route = ExternalTools.output("ip", "-n", netns, "route", "show", "default");
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    RuntimeBehaviourTest.Result r = RuntimeBehaviourTest.collect(running, spec);
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(route.matches("(?s)default via " + subnet.gateway().replace(".", "\\.")
        + " dev eth0 .*mtu 1500.*"), "the default route keeps 1500: " + route);
    String[] parts = r.out().split("---\n");
    assertEquals(String.valueOf(LinkMtu.LOCAL), parts[0].strip(), "eth0's MTU");
    List<String> ip = parts[1].lines().toList();
    assertEquals(5, ip.size(), parts[1]);
    assertEquals("pong", ip.get(2), "the gateway answers a 30,000-byte ping: " + parts[1]);
    assertEquals(counter(ip, 1, "FragCreates"), counter(ip, 4, "FragCreates"),
        "the request left unfragmented: " + parts[1]);
    assertEquals(counter(ip, 1, "ReasmReqds"), counter(ip, 4, "ReasmReqds"),
        "the reply came back unfragmented: " + parts[1]);
  }

  /** The smallest MTU of hoist0's ports (the bridge's own when it has none). */
  static int heldAt() throws IOException {
    Path bridge = Path.of("/sys/class/net", BridgeNetwork.DEFAULT_NAME);
    int least = Integer.MAX_VALUE;
    try (Stream<Path> ports = Files.list(bridge.resolve("brif"))) {
      for (Path port : ports.toList()) {
        least = Math.min(least, Integer.parseInt(Files.readString(
            Path.of("/sys/class/net", port.getFileName().toString(), "mtu")).trim()));
      }
    }
    return least;
  }

  /** The counter {@code name} of /proc/net/snmp's Ip lines (header at 0 or 3, values after). */
  static long counter(List<String> lines, int values, String name) {
    List<String> header = Arrays.asList(lines.get(values - 1).split("\\s+"));
    int column = header.indexOf(name);
    assertTrue(column > 0, name + " in " + header);
    return Long.parseLong(lines.get(values).split("\\s+")[column]);
  }
}
