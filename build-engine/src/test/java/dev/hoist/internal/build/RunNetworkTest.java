package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.AbstractSocketProbe;
import dev.hoist.fixtures.ChildJvm;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.GreetingServer;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN steps' network (issue 11, item 6): by default each RUN step has a network namespace of its
 * own on the bridge, so it reaches neither the host's loopback services nor its abstract UNIX
 * sockets, but does reach the host on the bridge's address; the host's network only with
 * {@code --allow network.host}. Root, the real shim, {@code ip} and {@code iptables}; traffic
 * only to 127.0.0.1 and the bridge's address.
 */
class RunNetworkTest {
  static final Path ALLOCATIONS = Path.of("/run/hoist/networks/hoist0");
  @TempDir Path tmp;
  BuildFixture f;
  Subnet subnet;

  @BeforeEach
  void setUp() throws Exception {
    BuildFixture.assumeUsable();
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    f = new BuildFixture(tmp, "home").withBusybox();
    subnet = BridgeNetwork.standard().ensure();
  }

  @Test
  void runStepCannotReachAHostServiceOnLoopback() throws Exception {
    try (GreetingServer service = GreetingServer.on("127.0.0.1")) {
      f.dockerfile("FROM hoist-test/busybox\n"
          + "RUN nc -w 3 127.0.0.1 " + service.port() + " </dev/null > /result 2>&1"
          + " || echo refused >> /result\n");
      BuildResult r = f.build().result();
      String result = f.read(r, "result");
      assertTrue(result.contains("refused"), result);
      assertFalse(result.contains("hello"), result);
      assertEquals(0, service.accepted(), "the host's 127.0.0.1 service saw a connection");

      // the same step on the host's network (allowed) does reach it: the attack is real
      BuildResult host = f.build(b -> b.network(NetworkMode.HOST)
          .allow(Entitlement.NETWORK_HOST).noCache(true)).result();
      assertEquals(GreetingServer.GREETING, f.read(host, "result"));
    }
  }

  @Test
  void runStepCannotConnectToAHostAbstractUnixSocket() throws Exception {
    Path probe = AbstractSocketProbe.build(Files.createDirectories(tmp.resolve("probe")));
    Files.copy(probe, f.context.resolve("probe"));
    String name = "hoist-runnet-" + ProcessHandle.current().pid();
    try (AbstractSocketProbe.Listener server = AbstractSocketProbe.listen(probe, name)) {
      f.dockerfile("FROM hoist-test/busybox\nCOPY probe /probe\n"
          + "RUN /probe connect " + name + " > /result 2>&1 || echo refused >> /result\n");
      String result = f.read(f.build().result(), "result");
      assertTrue(result.contains("refused"), result);
      assertFalse(result.contains("hello"), result);

      BuildResult host = f.build(b -> b.network(NetworkMode.HOST)
          .allow(Entitlement.NETWORK_HOST).noCache(true)).result();
      assertEquals(GreetingServer.GREETING, f.read(host, "result"),
          "with the host's network the socket is reachable: the attack is real");
    }
  }

  @Test
  void runStepReachesAServiceOnTheBridgesGatewayAddress() throws Exception {
    try (GreetingServer service = GreetingServer.on(subnet.gateway())) {
      f.dockerfile("FROM hoist-test/busybox\n"
          + "RUN nc -w 5 " + subnet.gateway() + " " + service.port() + " </dev/null > /greeting"
          + " && ip route > /route && cat /etc/resolv.conf > /resolv"
          + " && ls /sys/class/net > /nets\n");
      BuildResult r = f.build().result();
      assertEquals("eth0\nlo\n", f.read(r, "nets"), "its own interfaces, none of the host's");
      assertEquals(GreetingServer.GREETING, f.read(r, "greeting"));
      assertTrue(f.read(r, "route").contains("default via " + subnet.gateway()));
      assertFalse(f.read(r, "resolv").matches("(?s).*nameserver\\s+127\\..*"));
      assertEquals(1, service.accepted());
    }
  }

  @Test
  void hostNetworkIsRefusedWithoutTheAllowFlag() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN true\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> f.build(b -> b.network(NetworkMode.HOST)));
    assertTrue(e.getMessage().contains("--network host: network.host is not allowed; pass "
        + "--allow network.host"), e.getMessage());

    f.dockerfile("FROM hoist-test/busybox\nRUN --network=host echo on-host > /where\n");
    BuildException refused = assertThrows(BuildException.class, () -> f.build());
    assertTrue(refused.getMessage().contains("RUN --network=host: network.host is not allowed"),
        refused.getMessage());
    BuildResult allowed = f.build(b -> b.allow(Entitlement.NETWORK_HOST)).result();
    assertEquals("on-host\n", f.read(allowed, "where"));
    // a cached step is refused as well: the allow flag is checked before the cache
    refused = assertThrows(BuildException.class, () -> f.build());
    assertTrue(refused.getMessage().contains("network.host is not allowed"));
  }

  @Test
  void concurrentRunStepsGetDistinctAddressesAndLeaveNothingBehind() throws Exception {
    List<String> before = leftovers();
    f.dockerfile("""
        FROM hoist-test/busybox AS a
        RUN ip -4 addr show eth0 > /a.txt && sleep 1
        FROM hoist-test/busybox AS b
        RUN ip -4 addr show eth0 > /b.txt && sleep 1
        FROM scratch
        COPY --from=a /a.txt /
        COPY --from=b /b.txt /
        """);
    BuildResult r = f.build().result();
    String a = address(f.read(r, "a.txt"));
    String b = address(f.read(r, "b.txt"));
    assertTrue(subnet.contains(a) && subnet.contains(b), a + " " + b);
    assertNotEquals(a, b);
    assertEquals(before, leftovers(), "no veth, namespace, address or rule is left");
  }

  @Test
  void killedBuildsNetworkIsRemovedByTheNextBuild() throws Exception {
    Process child = ChildJvm.start(SleepingBuild.class, tmp.resolve("child").toString());
    try {
      String stale = null;
      for (int i = 0; i < 600 && stale == null; i++) {
        stale = allocationOwnedBy(child.pid());
        Thread.sleep(100);
      }
      assertTrue(stale != null, "the child build's RUN step never got an address");
      String veth = veth(stale);
      String netns = netnsOf(stale);
      assertTrue(Files.exists(Path.of("/sys/class/net", veth)));
      assertTrue(Files.exists(Path.of("/run/netns", netns)));
      child.destroyForcibly(); // SIGKILL: the build cannot clean up
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));

      f.dockerfile("FROM hoist-test/busybox\nRUN true\n");
      f.build();
      assertFalse(Files.exists(Path.of("/run/netns", netns)), "the killed build's namespace");
      assertFalse(ExternalTools.output("ip", "-o", "link", "show").contains(veth + "@"),
          "its veth");
      assertTrue(!Files.exists(ALLOCATIONS.resolve(stale))
          || !Files.readString(ALLOCATIONS.resolve(stale)).contains("owner=" + child.pid()),
          "its address");
    } finally {
      child.destroyForcibly();
      killShimsUnder(tmp.resolve("child")); // a killed build leaves its RUN container (item 9)
    }
  }

  /** The child JVM: a build whose RUN step sleeps until it is killed. */
  public static final class SleepingBuild {
    public static void main(String[] args) throws Exception {
      BuildFixture child = new BuildFixture(Files.createDirectories(Path.of(args[0])), "home")
          .withBusybox();
      child.dockerfile("FROM hoist-test/busybox\nRUN sleep 600\n");
      child.build();
    }
  }

  static String address(String ipAddrShow) {
    Matcher m = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(ipAddrShow);
    assertTrue(m.find(), ipAddrShow);
    return m.group(1);
  }

  /** What a build could leave: hoist's namespaces, the bridge's ports, addresses, rules. */
  static List<String> leftovers() throws IOException {
    return List.of(
        ExternalTools.output("ip", "netns", "list").lines()
            .filter(l -> l.startsWith("hoist0-")).sorted().toList().toString(),
        ExternalTools.output("ip", "-o", "link", "show", "master", "hoist0"),
        Files.isDirectory(ALLOCATIONS) ? list(ALLOCATIONS).toString() : "[]",
        ExternalTools.output("iptables", "-w", "-t", "nat", "-S"),
        ExternalTools.output("iptables", "-w", "-S"));
  }

  static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static String allocationOwnedBy(long pid) throws IOException {
    if (!Files.isDirectory(ALLOCATIONS)) {
      return null;
    }
    for (String a : list(ALLOCATIONS)) {
      try {
        if (Files.readString(ALLOCATIONS.resolve(a)).contains("owner=" + pid + "\n")) {
          return a;
        }
      } catch (IOException e) {
        // released meanwhile
      }
    }
    return null;
  }

  static String netnsOf(String address) throws IOException {
    for (String line : Files.readAllLines(ALLOCATIONS.resolve(address))) {
      if (line.startsWith("container=")) {
        return "hoist0-" + line.substring("container=".length());
      }
    }
    throw new AssertionError("no container in " + address);
  }

  static String veth(String address) {
    StringBuilder hex = new StringBuilder("vh");
    for (String octet : address.split("\\.")) {
      hex.append(String.format("%02x", Integer.parseInt(octet)));
    }
    return hex.toString();
  }

  /** Kills the shims whose configuration lies under {@code dir} (their containers go with them). */
  static void killShimsUnder(Path dir) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          if (Files.readString(p.resolve("cmdline")).contains(dir.toString())) {
            ProcessHandle.of(Long.parseLong(p.getFileName().toString()))
                .ifPresent(ProcessHandle::destroyForcibly);
          }
        } catch (IOException e) {
          // gone
        }
      }
    }
  }
}
