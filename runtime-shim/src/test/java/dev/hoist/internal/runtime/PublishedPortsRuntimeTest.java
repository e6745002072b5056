package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.BusyboxRootfs;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.PortBinding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Published ports under both runtimes (root, {@code ip}, {@code iptables}; runc's half skipped
 * without runc): a busybox httpd reached from the host on 127.0.0.1, and many containers with
 * ports that leave no rule, veth, namespace, address or mount behind. Traffic only to
 * 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishedPortsRuntimeTest {
  static final String PAGE = "served from the container";
  @TempDir static Path tmp;
  Path lower;
  HoistHome home;
  final AtomicInteger containers = new AtomicInteger();

  @BeforeAll
  void setUp() throws IOException {
    BusyboxRootfs.assumeUsable("runtime-shim tests", "namespaces, overlayfs, pivot_root");
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    lower = BusyboxRootfs.create(Files.createDirectories(tmp.resolve("lower")));
    home = new HoistHome(tmp.resolve("home"));
    BridgeNetwork.standard().ensure();
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

  ContainerSpec spec(String script, List<PortBinding> ports) {
    Path dir = tmp.resolve("containers/ports-c" + containers.incrementAndGet());
    return ContainerSpec.builder(List.of(lower), dir).argv("sh", "-c", script)
        .network(NetworkMode.BRIDGE)
        .networkOptions(NetworkOptions.NONE.withPorts(ports)).build();
  }

  /** hoist's rules, hoist0's namespaces and veths, held addresses and the test's mounts. */
  String leftovers() throws Exception {
    String rules = String.join("\n", ExternalTools.output("iptables-save").lines()
        .filter(l -> l.contains("hoist-port:")).toList());
    String netns = String.join(" ", ExternalTools.output("ip", "netns", "list").lines()
        .filter(l -> l.startsWith("hoist0-ports-c")).toList());
    String veths = String.join(" ", ExternalTools.output("ip", "-o", "link", "show").lines()
        .filter(l -> l.contains(" vh") && l.contains("master hoist0")).toList());
    String mounts = String.join("\n", Files.readAllLines(Path.of("/proc/self/mounts")).stream()
        .filter(l -> l.contains(tmp.toString())).toList());
    String held = String.join(" ", listHeld());
    return "rules:\n" + rules + "\nnetns: " + netns + "\nveths: " + veths + "\nmounts:\n"
        + mounts + "\naddresses: " + held;
  }

  /** The addresses held for this test's containers. */
  List<String> listHeld() throws IOException {
    return BridgeNetwork.standard().allocator().list().stream()
        .filter(a -> a.containerId().startsWith("ports-c")).map(a -> a.address()).toList();
  }

  static String fetch(int port) throws Exception {
    IOException last = null;
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (response.contains("\r\n\r\n")) {
          return response.substring(response.indexOf("\r\n\r\n") + 4).strip();
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new IOException("no answer from 127.0.0.1:" + port, last);
  }

  @ParameterizedTest
  @MethodSource("runtimes")
  void httpdOnAPublishedPortServesTheHostOnLoopback(String name) throws Exception {
    Runtime runtime = runtime(name);
    String before = leftovers();
    ContainerSpec spec = spec("mkdir -p /www && echo '" + PAGE + "' > /www/index.html && "
        + "exec httpd -f -p 80 -h /www", List.of(new PortBinding("127.0.0.1", 0, 80, "tcp")));
    ContainerProcess p = runtime.start(spec, Stdio.pipes());
    try {
      NetworkSettings settings = NetworkSettings.read(spec.containerDir()).orElseThrow();
      int port = settings.ports().get(0).hostPort();
      assertTrue(port > 0, settings.toString());
      assertEquals(PAGE, fetch(port));
    } finally {
      p.signal("KILL");
      p.waitFor(Duration.ofSeconds(30));
    }
    assertEquals(before, leftovers());
  }

  @ParameterizedTest
  @MethodSource("runtimes")
  void runOptionsOnTheBridgeAndAContainerJoiningAnothersNamespace(String name) throws Exception {
    Runtime runtime = runtime(name);
    String address = BridgeNetwork.standard().ensure().address(4000);
    Path dir = tmp.resolve("containers/ports-c" + containers.incrementAndGet());
    ContainerSpec owner = ContainerSpec.builder(List.of(lower), dir)
        .argv("sh", "-c", "echo up; exec sleep 60").network(NetworkMode.BRIDGE).hostname("owner")
        .networkOptions(new NetworkOptions(List.of(), false, address, "02:42:de:ad:be:ef",
            List.of("gw:host-gateway", "db:192.0.2.7"), List.of("192.0.2.53"),
            List.of("example.test"), List.of("ndots:3"), null)).build();
    ContainerProcess running = runtime.start(owner, Stdio.pipes());
    try {
      new java.io.BufferedReader(new java.io.InputStreamReader(running.stdout(),
          StandardCharsets.UTF_8)).readLine(); // "up": its namespace is there
      ContainerSpec joining = ContainerSpec.builder(List.of(lower),
          tmp.resolve("containers/ports-c" + containers.incrementAndGet()))
          .argv("sh", "-c", "ip -o link show eth0; ip -4 -o addr show eth0; echo ---; "
              + "cat /etc/hosts; echo ---; cat /etc/resolv.conf; echo ---; hostname")
          .network(NetworkMode.CONTAINER)
          .networkOptions(NetworkOptions.NONE.withContainer(dir.getFileName().toString()))
          .build();
      RuntimeBehaviourTest.Result r = RuntimeBehaviourTest.collect(
          runtime.start(joining, Stdio.pipes()), joining);
      assertEquals(0, r.exit(), r.err());
      String[] parts = r.out().split("---\n");
      assertTrue(parts[0].contains("link/ether 02:42:de:ad:be:ef"), parts[0]);
      assertTrue(parts[0].contains("inet " + address + "/"), parts[0]);
      assertEquals(Files.readString(dir.resolve("hosts")), parts[1]);
      assertTrue(parts[1].contains("10.88.0.1\tgw\n192.0.2.7\tdb\n" + address + "\towner\n")
          || parts[1].contains("\tgw\n192.0.2.7\tdb\n" + address + "\towner\n"), parts[1]);
      assertEquals("nameserver 192.0.2.53\nsearch example.test\noptions ndots:3\n", parts[2]);
      assertEquals("owner", parts[3].strip());
    } finally {
      running.signal("KILL");
      running.waitFor(Duration.ofSeconds(30));
    }
  }

  @ParameterizedTest
  @MethodSource("runtimes")
  void hundredContainersWithPublishedPortsLeaveNothingBehind(String name) throws Exception {
    Runtime runtime = runtime(name);
    String before = leftovers();
    for (int i = 0; i < 100; i++) {
      ContainerSpec spec = spec("true", List.of(new PortBinding("127.0.0.1", 0, 80, "tcp"),
          new PortBinding("", 0, 53, "udp")));
      RuntimeBehaviourTest.Result r = RuntimeBehaviourTest.collect(
          runtime.start(spec, Stdio.pipes()), spec);
      assertEquals(0, r.exit(), r.err());
    }
    assertEquals(before, leftovers());
  }
}
