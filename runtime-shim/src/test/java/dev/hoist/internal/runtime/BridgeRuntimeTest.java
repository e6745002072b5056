package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.AbstractSocketProbe;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.GreetingServer;
import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.Subnet;
import dev.hoist.fixtures.BusyboxRootfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Containers on the bridge ({@link NetworkMode#BRIDGE}), under both runtimes (root, {@code ip}
 * and {@code iptables}; runc's half skipped when runc is missing). Traffic goes only to the
 * host's bridge address and to 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeRuntimeTest {
  @TempDir static Path tmp;
  Path lower;
  HoistHome home;
  Subnet subnet;
  final AtomicInteger containers = new AtomicInteger();

  @BeforeAll
  void setUp() throws IOException {
    BusyboxRootfs.assumeUsable("runtime-shim tests", "namespaces, overlayfs, pivot_root");
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
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

  ContainerSpec spec(String script, NetworkMode network) {
    return spec(script, network, b -> { });
  }

  ContainerSpec spec(String script, NetworkMode network, Consumer<ContainerSpec.Builder> more) {
    Path dir = tmp.resolve("containers/bridge-c" + containers.incrementAndGet());
    ContainerSpec.Builder b = ContainerSpec.builder(List.of(lower), dir).argv("sh", "-c", script)
        .network(network);
    more.accept(b);
    return b.build();
  }

  RuntimeBehaviourTest.Result run(Runtime runtime, ContainerSpec spec) throws Exception {
    return RuntimeBehaviourTest.collect(runtime.start(spec, Stdio.pipes()), spec);
  }

  @ParameterizedTest
  @MethodSource("runtimes")
  void containerOnTheBridgeHasItsOwnAddressAndReachesTheHostOnTheGateway(String name)
      throws Exception {
    Runtime runtime = runtime(name);
    try (GreetingServer service = GreetingServer.on(subnet.gateway())) {
      RuntimeBehaviourTest.Result r = run(runtime, spec("cat /proc/net/dev; echo ---; "
          + "ip -4 addr show eth0; ip route; echo ---; nc -w 5 " + subnet.gateway() + " "
          + service.port() + " </dev/null; echo ---; cat /etc/resolv.conf; echo ---; "
          + "cat /etc/hosts; hostname", NetworkMode.BRIDGE));
      assertEquals(0, r.exit(), r.err());
      String[] parts = r.out().split("---\n");
      assertEquals(List.of("eth0", "lo"),
          RuntimeBehaviourTest.interfaces(parts[0]).stream().sorted().toList(), r.out());
      String address = address(parts[1]);
      assertTrue(subnet.contains(address), address + " in " + subnet);
      assertNotEquals(subnet.gateway(), address);
      assertTrue(parts[1].contains("default via " + subnet.gateway()), parts[1]);
      assertEquals(GreetingServer.GREETING, parts[2], "the host's service through the veth");
      assertFalse(parts[3].matches("(?s).*nameserver\\s+(127\\.|::1).*"), parts[3]);
      assertTrue(parts[3].contains("nameserver "), parts[3]);
      String hostname = parts[4].strip().lines().reduce((a, b) -> b).orElseThrow();
      assertTrue(parts[4].contains(address + "\t" + hostname), parts[4]);
    }
  }

  @ParameterizedTest
  @MethodSource("runtimes")
  void containerOnTheBridgeCannotReachAHostServiceOnLoopback(String name) throws Exception {
    Runtime runtime = runtime(name);
    try (GreetingServer service = GreetingServer.on("127.0.0.1")) {
      String connect = "nc -w 3 127.0.0.1 " + service.port() + " </dev/null";
      RuntimeBehaviourTest.Result bridged = run(runtime, spec(connect, NetworkMode.BRIDGE));
      assertNotEquals(0, bridged.exit(), "reached the host's 127.0.0.1: " + bridged.out());
      assertEquals(0, service.accepted(), "the host service saw a connection");
      // the same command with the host's network does reach it: the attack is real
      RuntimeBehaviourTest.Result host = run(runtime, spec(connect, NetworkMode.HOST));
      assertEquals(GreetingServer.GREETING, host.out(), host.err());
    }
  }

  @ParameterizedTest
  @MethodSource("runtimes")
  void containerOnTheBridgeCannotConnectToAHostAbstractUnixSocket(String name) throws Exception {
    Runtime runtime = runtime(name);
    Path probe = AbstractSocketProbe.build(Files.createTempDirectory(tmp, "probe-"));
    String socket = "hoist-bridge-test-" + ProcessHandle.current().pid();
    try (AbstractSocketProbe.Listener server = AbstractSocketProbe.listen(probe, socket)) {
      String connect = "/probe connect " + socket;
      Consumer<ContainerSpec.Builder> withProbe = b -> b.mount(
          new BindMount(probe, "/probe", true));
      RuntimeBehaviourTest.Result bridged = run(runtime,
          spec(connect, NetworkMode.BRIDGE, withProbe));
      assertEquals(1, bridged.exit(), "connected: " + bridged.out());
      assertTrue(bridged.err().contains("Connection refused"), bridged.err());
      // on the host's network the same connect gets through: the attack is real
      RuntimeBehaviourTest.Result host = run(runtime,
          spec(connect, NetworkMode.HOST, withProbe));
      assertEquals(GreetingServer.GREETING, host.out(), host.err());
    }
  }

  @ParameterizedTest
  @MethodSource("runtimes")
  void nothingOfTheContainersNetworkIsLeftAfterIt(String name) throws Exception {
    Runtime runtime = runtime(name);
    String natBefore = ExternalTools.output("iptables", "-w", "-t", "nat", "-S");
    String filterBefore = ExternalTools.output("iptables", "-w", "-S");
    ContainerSpec spec = spec("ip -4 addr show eth0", NetworkMode.BRIDGE);
    RuntimeBehaviourTest.Result r = run(runtime, spec);
    assertEquals(0, r.exit(), r.err());
    String address = address(r.out());
    String id = spec.containerDir().getFileName().toString();
    assertFalse(ExternalTools.output("ip", "netns", "list").contains(id),
        "the namespace is gone");
    assertFalse(Files.exists(Path.of("/run/netns/hoist0-" + id)));
    assertFalse(ExternalTools.output("ip", "-o", "link", "show").contains(vethOf(address)),
        "the veth is gone");
    assertFalse(Files.exists(Path.of("/run/hoist/networks/hoist0/" + address)),
        "the address is released");
    assertEquals(natBefore, ExternalTools.output("iptables", "-w", "-t", "nat", "-S"));
    assertEquals(filterBefore, ExternalTools.output("iptables", "-w", "-S"));
  }

  /**
   * The namespace hoist-net makes with rtnetlink is the one `ip` made: eth0 with the address,
   * prefix and MAC, up, lo up, the default route; the host end on hoist0, up, eth0's peer; and
   * after the container nothing stays (namespace file, its bind mount, veth, address, rules).
   */
  @ParameterizedTest
  @MethodSource("runtimes")
  void namespaceHasAddressRouteMacAndAVethOnTheBridgeAndNothingStaysAfter(String name)
      throws Exception {
    Runtime runtime = runtime(name);
    ContainerSpec spec = spec("cat /sys/class/net/eth0/address /sys/class/net/eth0/iflink "
        + "/sys/class/net/eth0/operstate /sys/class/net/lo/flags; echo ---; "
        + "ip -4 addr show eth0; echo ---; ip route; read line || true", NetworkMode.BRIDGE);
    ContainerProcess p = runtime.start(spec, Stdio.pipes());
    String id = spec.containerDir().getFileName().toString();
    Path netns = Path.of("/run/netns/hoist0-" + id);
    NetworkSettings settings = NetworkSettings.read(spec.containerDir()).orElseThrow();
    String veth = vethOf(settings.ipAddress());
    Path sys = Path.of("/sys/class/net", veth);
    // while it runs: the host end is on the bridge, up, and the namespace is a bind mount
    assertEquals("hoist0", Files.readSymbolicLink(sys.resolve("master")).getFileName().toString());
    assertEquals(1, Long.decode(Files.readString(sys.resolve("flags")).trim()) & 1, "veth up");
    String peerIndex = Files.readString(sys.resolve("ifindex")).trim();
    assertTrue(Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + netns + " "),
        "the namespace is bind-mounted on " + netns);
    p.stdin().close(); // the container's read ends
    RuntimeBehaviourTest.Result r = RuntimeBehaviourTest.collect(p, spec);
    assertEquals(0, r.exit(), r.err());
    String[] parts = r.out().split("---\n");
    List<String> sysfs = parts[0].lines().toList();
    assertEquals(settings.macAddress(), sysfs.get(0));
    assertTrue(settings.macAddress().startsWith("02:42:"), settings.macAddress());
    assertEquals(peerIndex, sysfs.get(1), "eth0's peer is the veth on the bridge");
    assertEquals("up", sysfs.get(2));
    assertEquals(1, Long.decode(sysfs.get(3)) & 1, "lo is up");
    assertTrue(parts[1].contains("inet " + settings.ipAddress() + "/" + subnet.prefix()),
        parts[1]);
    assertTrue(parts[2].contains("default via " + subnet.gateway() + " dev eth0"), parts[2]);
    assertTrue(parts[2].contains(subnet + " dev eth0"), parts[2]);
    // after it: nothing (another hoist process on this machine may have taken the address, and
    // so the veth's name, since: then it is another link, the allocation another container's)
    assertFalse(Files.exists(netns), netns + " stays");
    assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(netns.toString()),
        "the bind mount of " + netns + " stays");
    assertFalse(Files.exists(sys) && readOrEmpty(sys.resolve("ifindex")).trim().equals(peerIndex),
        veth + " stays");
    assertFalse(readOrEmpty(Path.of("/run/hoist/networks/hoist0/" + settings.ipAddress()))
        .contains("container=" + id + "\n"), "the address stays allocated");
    assertTrue(NetworkSettings.read(spec.containerDir()).isEmpty(), "network.json stays");
    String rules = ExternalTools.output("iptables-save");
    assertFalse(rules.contains(settings.ipAddress() + "/32"), rules);
  }

  @ParameterizedTest
  @MethodSource("runtimes")
  void concurrentContainersGetDistinctAddresses(String name) throws Exception {
    Runtime runtime = runtime(name);
    List<ContainerProcess> running = new ArrayList<>();
    List<ContainerSpec> specs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ContainerSpec s = spec("ip -4 addr show eth0; sleep 1", NetworkMode.BRIDGE);
      specs.add(s);
      running.add(runtime.start(s, Stdio.pipes()));
    }
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      RuntimeBehaviourTest.Result r = RuntimeBehaviourTest.collect(running.get(i), specs.get(i));
      assertEquals(0, r.exit(), r.err());
      addresses.add(address(r.out()));
    }
    assertEquals(3, addresses.stream().distinct().count(), addresses.toString());
  }

  static String readOrEmpty(Path file) {
    try {
      return Files.readString(file).trim() + "\n";
    } catch (IOException e) {
      return "";
    }
  }

  static String address(String ipAddrShow) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(ipAddrShow);
    assertTrue(m.find(), ipAddrShow);
    return m.group(1);
  }

  static String vethOf(String address) {
    StringBuilder hex = new StringBuilder("vh");
    for (String octet : address.split("\\.")) {
      hex.append(String.format("%02x", Integer.parseInt(octet)));
    }
    return hex.toString();
  }
}
