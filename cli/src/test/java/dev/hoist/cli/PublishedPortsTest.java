package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.UdpEcho;
import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.Subnet;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist run -p/-P}, {@code hoist port}, the PORTS column and {@code NetworkSettings} with
 * real traffic from the host (root, the shim, {@code ip}, {@code iptables}); traffic only to
 * 127.0.0.1, the bridge's address and the containers' addresses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishedPortsTest implements UnderRuntime {
  static final String PAGE = "hello from the container";
  /** busybox httpd serving {@link #PAGE} on port 80, in the foreground. */
  static final String HTTPD = "mkdir -p /www && echo '" + PAGE + "' > /www/index.html"
      + " && exec busybox httpd -f -p 80 -h /www";
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
    BusyboxImage.create(new HoistHome(home), dir, "web:test", ContainerConfig.builder()
        .cmd(List.of("sh", "-c", HTTPD)).exposedPort("80/tcp").build());
    subnet = BridgeNetwork.standard().ensure();
  }

  /** The shim here; runc in {@link PublishedPortsRuncTest}. */
  @Override
  public String runtime() {
    return "hoist";
  }

  @AfterAll
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** The body of {@code GET /} at host:port, retried while the server starts (10 s). */
  static String fetch(String host, int port) throws Exception {
    IOException last = null;
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 2000);
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
    throw new IOException("no answer from " + host + ":" + port, last);
  }

  static JsonNode inspect(String name) throws IOException {
    return CanonicalJson.mapper().readTree(ContainerCommandsTest.ok("inspect", name).out())
        .get(0);
  }

  static String portRules() throws Exception {
    return String.join("\n", ExternalTools.output("iptables-save").lines()
        .filter(l -> l.contains("hoist-port:")).toList());
  }

  @Test
  void publishedPortsServeTheHostOn127AndItsOwnAddressAndShowInPortPsAndInspect()
      throws Exception {
    int port = freePort();
    ok("run", "-d", "--name", "web1", "-p", "127.0.0.1:" + port + ":80",
        "-p", "80", "web:test");
    try {
      assertEquals(PAGE, fetch("127.0.0.1", port));
      String any = ok("port", "web1", "80").out().strip();
      assertEquals("127.0.0.1:" + port, any.lines().findFirst().orElseThrow(), any);
      int random = Integer.parseInt(any.lines().skip(1).findFirst().orElseThrow()
          .replace("0.0.0.0:", ""));
      assertNotEquals(0, random);
      assertEquals(PAGE, fetch("127.0.0.1", random), "-p 80 on a free host port, 127.0.0.1");
      assertEquals(PAGE, fetch(subnet.gateway(), random), "on a host address of its own");
      assertEquals("80/tcp -> 127.0.0.1:" + port + "\n80/tcp -> 0.0.0.0:" + random,
          ok("port", "web1").out().strip());
      String ps = ok("ps").out();
      // docker/cli's DisplayablePorts: sorted by container port, then host address
      assertTrue(ps.contains("0.0.0.0:" + random + "->80/tcp, 127.0.0.1:" + port + "->80/tcp"),
          ps);
      JsonNode settings = inspect("web1").path("NetworkSettings");
      assertEquals("127.0.0.1", settings.path("Ports").path("80/tcp").get(0).path("HostIp")
          .asText(), settings.toString());
      assertEquals(Integer.toString(port), settings.path("Ports").path("80/tcp").get(0)
          .path("HostPort").asText());
      String address = settings.path("IPAddress").asText();
      assertTrue(subnet.contains(address), settings.toString());
      assertEquals(subnet.gateway(), settings.path("Gateway").asText());
      assertTrue(portRules().contains("hoist-port:hoist0:" + address), portRules());
      ok("rm", "-f", "web1");
      assertFalse(portRules().contains("hoist-port:hoist0:" + address + "\""), portRules());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        throw new AssertionError("port " + port + " still answers after rm");
      } catch (IOException expected) {
        // refused: nothing listens, no rule forwards
      }
    } finally {
      hoist("rm", "-f", "web1");
    }
  }

  @Test
  void publishAllPutsEveryExposedPortOnAFreeHostPort() throws Exception {
    // --expose adds to the image's ports: -P publishes them too, inspect lists them
    ok("run", "-d", "--name", "web2", "-P", "--expose", "81", "--expose", "7100-7101/udp",
        "web:test");
    try {
      String hostSide = ok("port", "web2", "80/tcp").out().strip();
      assertTrue(hostSide.startsWith("0.0.0.0:"), hostSide);
      assertEquals(PAGE, fetch("127.0.0.1", Integer.parseInt(hostSide.substring(8))));
      assertTrue(ok("port", "web2", "81").out().startsWith("0.0.0.0:"));
      assertTrue(ok("port", "web2", "7101/udp").out().startsWith("0.0.0.0:"));
      ContainerCommandsTest.Result none = hoist("port", "web2", "82");
      assertEquals(1, none.code());
      assertTrue(none.err().contains("no public port '82/tcp' published for web2"), none.err());
      String exposed = ok("inspect", "-f", "{{json .Config.ExposedPorts}}", "web2").out();
      assertEquals("{\"7100/udp\":{},\"7101/udp\":{},\"80/tcp\":{},\"81/tcp\":{}}\n",
          exposed);
      ContainerCommandsTest.Result bad = hoist("create", "--expose", "8080:80", "web:test");
      assertEquals(125, bad.code(), bad.all());
      assertTrue(bad.err().contains("invalid range format for --expose"), bad.all());
    } finally {
      hoist("rm", "-f", "web2");
    }
  }

  @Test
  void udpPortIsForwardedBothWays() throws Exception {
    Path echo = UdpEcho.build(Files.createTempDirectory(dir, "udp"));
    int port = freePort();
    ok("run", "-d", "--name", "udp1", "-v", echo + ":/udp-echo:ro",
        "-p", "127.0.0.1:" + port + ":5353/udp", "web:test", "/udp-echo", "5353");
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(200);
      String got = null;
      for (int i = 0; i < 50 && got == null; i++) {
        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        s.send(new DatagramPacket(ping, ping.length, InetAddress.getByName("127.0.0.1"), port));
        DatagramPacket in = new DatagramPacket(new byte[64], 64);
        try {
          s.receive(in);
          got = new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
          // not started yet
        }
      }
      assertEquals("echo:ping", got);
    } finally {
      hoist("rm", "-f", "udp1");
    }
  }

  @Test
  void hostPortInUseIsOneLineErrorBeforeTheContainerStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      String rulesBefore = portRules();
      ContainerCommandsTest.Result r = hoist("run", "--rm", "-p",
          "127.0.0.1:" + taken.getLocalPort() + ":80", "web:test", "touch", "/started");
      assertEquals(125, r.code(), r.out());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("127.0.0.1:" + taken.getLocalPort() + "/tcp")
          && r.err().contains("in use"), r.err());
      assertEquals(rulesBefore, portRules());
      ContainerCommandsTest.Result detached = hoist("run", "-d", "-p",
          "127.0.0.1:" + taken.getLocalPort() + ":80", "web:test");
      assertEquals(125, detached.code(), "run -d: " + detached.out());
      assertTrue(detached.err().strip().lines().count() == 1
          && detached.err().contains("in use"), detached.err());
    }
  }

  @Test
  void runOptionsWriteHostsResolvConfAddressAndMac() throws Exception {
    String address = subnet.address(200);
    ContainerCommandsTest.Result r = ok("run", "--rm", "--hostname",
        "box", "--add-host", "db.example:192.0.2.7", "--add-host", "gw:host-gateway",
        "--dns", "192.0.2.53", "--dns-search", "example.test", "--dns-option", "ndots:2",
        "--ip", address, "--mac-address", "02:42:aa:bb:cc:dd", "web:test", "sh", "-c",
        "cat /etc/hosts; echo ---; cat /etc/resolv.conf; echo ---; hostname; "
            + "busybox ip addr show eth0");
    String[] parts = r.out().split("---\n");
    assertEquals("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        + "192.0.2.7\tdb.example\n" + subnet.gateway() + "\tgw\n" + address + "\tbox\n",
        parts[0]);
    assertEquals("nameserver 192.0.2.53\nsearch example.test\noptions ndots:2\n", parts[1]);
    assertTrue(parts[2].startsWith("box\n"), parts[2]);
    assertTrue(parts[2].contains("inet " + address + "/" + subnet.prefix()), parts[2]);
    assertTrue(parts[2].contains("link/ether 02:42:aa:bb:cc:dd"), parts[2]);
  }

  @Test
  void badNetworkOptionsAreOneLineErrors() throws Exception {
    for (List<String> args : List.of(
        List.of("--ip", "192.0.2.9"),
        List.of("--mac-address", "zz"),
        List.of("-p", "80:90:100:1"),
        List.of("--add-host", "nocolon"),
        List.of("--network", "none", "--add-host", "gw:host-gateway"),
        List.of("--network", "container:nosuchcontainer"))) {
      List<String> all = new java.util.ArrayList<>(List.of("run", "--rm"));
      all.addAll(args);
      all.addAll(List.of("web:test", "true"));
      ContainerCommandsTest.Result r = hoist(all.toArray(String[]::new));
      assertNotEquals(0, r.code(), args.toString());
      assertEquals(1, r.err().strip().lines().count(), args + ": " + r.err());
    }
  }

  @Test
  void networkContainerJoinsARunningContainersNamespaceAndNotAStoppedOne() throws Exception {
    ok("run", "-d", "--init", "--name", "owner1", "web:test"); // its stop ends httpd at once
    try {
      String address = null;
      for (int i = 0; i < 100 && address == null; i++) {
        address = inspect("owner1").path("NetworkSettings").path("IPAddress").asText(null);
        address = address == null || address.isEmpty() ? null : address;
        Thread.sleep(100);
      }
      ContainerCommandsTest.Result r = ok("run", "--rm", "--network",
          "container:owner1", "web:test", "sh", "-c", "busybox ip -4 addr show eth0; "
              + "busybox wget -q -O - http://127.0.0.1:80/");
      assertTrue(r.out().contains("inet " + address + "/"), r.out());
      assertTrue(r.out().contains(PAGE), "the owner's httpd on the shared loopback: " + r.out());
      ok("stop", "owner1");
      ContainerCommandsTest.Result stopped = hoist("run", "--rm",
          "--network", "container:owner1", "web:test", "true");
      assertNotEquals(0, stopped.code());
      assertTrue(stopped.err().contains("not running"), stopped.err());
    } finally {
      hoist("rm", "-f", "owner1");
    }
  }

  @Test
  void containersWhoseMonitorWasKilledLeaveNothingBehindAfterSystemCheck() throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    List<String> addresses = new java.util.ArrayList<>();
    List<String> hostPorts = new java.util.ArrayList<>();
    List<Long> cleaners = new java.util.ArrayList<>();
    List<String> running = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        ids.add(ok("run", "-d", "-p", "127.0.0.1::80", "web:test").out()
            .strip());
      }
      for (String id : ids) {
        String address = "";
        for (int i = 0; i < 100 && address.isEmpty(); i++) {
          address = inspect(id).path("NetworkSettings").path("IPAddress").asText();
          Thread.sleep(100);
        }
        assertFalse(address.isEmpty(), "no address for " + id);
        addresses.add(address);
        hostPorts.add(inspect(id).path("NetworkSettings").path("Ports").path("80/tcp").get(0)
            .path("HostPort").asText());
        // the monitor owns the address: once it is killed, any hoist process's next attach on
        // the shared bridge may remove what it left, so its rules are checked while it lives
        assertTrue(portRules().contains("hoist-port:hoist0:" + address + "\""),
            "the running container's rules: " + portRules());
        Path containerDir = dir.resolve("home/containers").resolve(id);
        long monitor = CanonicalJson.mapper().readTree(containerDir.resolve("state.json")
            .toFile()).path("waiterPid").asLong();
        // the process the monitor started (the runtime): rm -f must see it gone
        cleaners.add(Long.parseLong(Files.readString(containerDir.resolve("monitor.pid"))
            .strip()));
        ProcessHandle handle = ProcessHandle.of(monitor).orElseThrow();
        handle.destroyForcibly(); // SIGKILL: the process it runs lives on
        handle.onExit().get();
      }
    } finally {
      for (int i = 0; i < ids.size(); i++) {
        hoist("rm", "-f", ids.get(i));
        if (i < cleaners.size() && runs(cleaners.get(i))) {
          running.add(ids.get(i) + "'s clean-up (PID " + cleaners.get(i) + ")");
        }
      }
    }
    assertEquals(List.of(), running, "still running when rm -f returned");
    // nothing is in progress, so a system check right after finds nothing of these containers
    String check = ok("system", "check").out();
    assertTrue(check.contains("\nnetwork: "), check);
    String rules = portRules();
    for (int i = 0; i < ids.size(); i++) {
      // other hoist processes on the machine may have taken the address since: what is checked
      // is what names this container (its ID, the host port it had)
      String address = addresses.get(i);
      String id = ids.get(i);
      assertFalse(rules.contains("--dport " + hostPorts.get(i) + " "), rules);
      assertFalse(Files.exists(Path.of("/run/netns/hoist0-" + id)),
          id + "'s namespace is left; system check said:\n" + check);
      Path held = Path.of("/run/hoist/networks/hoist0", address);
      boolean ours = Files.exists(held) && Files.readString(held).contains(id);
      assertFalse(ours, address + " is still held for " + id + "; system check said:\n" + check);
      assertTrue(!Files.exists(Path.of("/sys/class/net", String.format("vh%08x", ipv4(address))))
          || Files.exists(held), "a veth of " + address + " that no address is held for");
    }
  }

  /** Whether process {@code pid} runs (not a zombie). */
  static boolean runs(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  static int ipv4(String address) {
    int v = 0;
    for (String part : address.split("\\.")) {
      v = v << 8 | Integer.parseInt(part);
    }
    return v;
  }

  @Test
  void theDefaultNetworkIsTheBridge() throws Exception {
    ContainerCommandsTest.Result r = ok("run", "--rm", "web:test",
        "busybox", "ip", "-4", "addr", "show", "eth0");
    assertTrue(subnet.contains(RunBridgeNetworkTest.address(r.out())), r.out());
  }

}
