package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.FreePorts;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.Subnet;
import dev.hoist.internal.runtime.net.UserNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13's remaining user-visible network behaviour, as Docker's, on real containers (root,
 * {@code ip}, {@code iptables}, busybox-static): what {@code inspect} and {@code network inspect}
 * say about a container's networks, {@code --add-host}/{@code --dns} on user networks, {@code -p}
 * with {@code --network host}, a host port range for one container port, {@code --network
 * container:} of a container on {@code none}, and {@code build --network}. Traffic goes only to
 * 127.0.0.1 and between the test's containers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerNetworkBehaviourTest {
  static final String PAGE = PublishedPortsTest.PAGE;
  static final String WAIT = ContainerCommandsTest.WAIT_A_MINUTE;
  @TempDir static Path dir;
  Subnet bridge;

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    Path home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "busybox:test", ContainerConfig.builder()
        .cmd(List.of("sh")).build());
    BusyboxImage.create(new HoistHome(home), dir, "web:test", ContainerConfig.builder()
        .cmd(List.of("sh", "-c", PublishedPortsTest.HTTPD)).exposedPort("80/tcp").build());
    bridge = BridgeNetwork.standard().ensure();
  }

  @AfterAll
  void tearDown() {
    UserNetworkTest.tearDownHome();
  }

  static ContainerCommandsTest.Result ok(String... args) {
    return UserNetworkTest.ok(args);
  }

  static ContainerCommandsTest.Result hoist(String... args) {
    return UserNetworkTest.hoist(args);
  }

  static JsonNode json(String... args) throws IOException {
    return CanonicalJson.mapper().readTree(ok(args).out()).get(0);
  }

  /** {@code inspect NAME}, once each network in {@code networks} has the container's address. */
  static JsonNode inspectRunning(String name, String... networks) throws Exception {
    for (int i = 0; i < 100; i++) {
      JsonNode c = json("inspect", name);
      boolean all = true;
      for (String n : networks) {
        all &= !c.path("NetworkSettings").path("Networks").path(n).path("IPAddress").asText()
            .isEmpty();
      }
      if (all) {
        return c;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " got no address on " + List.of(networks) + ": "
        + ok("inspect", name).out());
  }

  /** The {@code inet ADDRESS/PREFIX} of {@code ifname} in {@code ip -o -4 addr} output. */
  static String inet(String ipAddr, String ifname) {
    Matcher m = Pattern.compile("\\d+: " + ifname + "\\s+inet (\\S+)").matcher(ipAddr);
    assertTrue(m.find(), ifname + " in " + ipAddr);
    return m.group(1);
  }

  static String mac(String ipLink, String ifname) {
    Matcher m = Pattern.compile("\\d+: " + ifname + "@\\S+.*link/ether (\\S+)").matcher(ipLink);
    assertTrue(m.find(), ifname + " in " + ipLink);
    return m.group(1);
  }

  @Test
  void inspectShowsEveryNetworkOfAContainerAndNetworkInspectListsItsContainers()
      throws Exception {
    String netId = ok("network", "create", "viewnet").out().strip();
    try {
      String both = ok("run", "-d", "--name", "view-both", "--network", "viewnet",
          "--network-alias", "view-alias", "busybox:test", "sh", "-c", WAIT).out().strip();
      inspectRunning("view-both", "viewnet");
      ok("network", "connect", "bridge", "view-both"); // eth1, while it runs
      String alone = ok("run", "-d", "--name", "view-bridge", "busybox:test", "sh", "-c", WAIT)
          .out().strip();
      JsonNode c = inspectRunning("view-both", "viewnet", "bridge");
      String addrs = ok("exec", "view-both", "busybox", "ip", "-o", "-4", "addr").out();
      String links = ok("exec", "view-both", "busybox", "ip", "-o", "link").out();
      JsonNode gateway = json("network", "inspect", "viewnet").path("IPAM").path("Config").get(0)
          .path("Gateway");

      assertEquals("viewnet", c.path("HostConfig").path("NetworkMode").asText(), c.toString());
      JsonNode networks = c.path("NetworkSettings").path("Networks");
      assertEquals(List.of("bridge", "viewnet"), fieldNames(networks).stream().sorted().toList());
      JsonNode user = networks.path("viewnet");
      assertEquals(netId, user.path("NetworkID").asText());
      assertEquals(inet(addrs, "eth0"), user.path("IPAddress").asText() + "/"
          + user.path("IPPrefixLen").asInt());
      assertEquals(gateway.asText(), user.path("Gateway").asText());
      assertEquals(mac(links, "eth0"), user.path("MacAddress").asText());
      assertTrue(user.path("EndpointID").asText().matches("[0-9a-f]{64}"), user.toString());
      assertEquals("[\"view-alias\"]", user.path("Aliases").toString());
      assertEquals("[\"view-both\",\"view-alias\",\"" + both.substring(0, 12) + "\"]",
          user.path("DNSNames").toString());
      JsonNode onBridge = networks.path("bridge");
      assertEquals(UserNetwork.BRIDGE_ID, onBridge.path("NetworkID").asText());
      assertEquals(inet(addrs, "eth1"), onBridge.path("IPAddress").asText() + "/"
          + onBridge.path("IPPrefixLen").asInt());
      assertEquals(bridge.gateway(), onBridge.path("Gateway").asText());
      assertTrue(onBridge.path("Aliases").isNull(), onBridge.toString());
      // Docker's deprecated top-level fields are the default bridge's
      assertEquals(onBridge.path("IPAddress").asText(),
          c.path("NetworkSettings").path("IPAddress").asText());

      JsonNode aloneView = inspectRunning("view-bridge", "bridge");
      assertEquals("bridge", aloneView.path("HostConfig").path("NetworkMode").asText());
      JsonNode aloneBridge = aloneView.path("NetworkSettings").path("Networks").path("bridge");

      JsonNode onNet = json("network", "inspect", "viewnet").path("Containers");
      assertEquals(List.of(both), fieldNames(onNet), onNet.toString());
      JsonNode entry = onNet.path(both);
      assertEquals("view-both", entry.path("Name").asText());
      assertEquals(user.path("EndpointID").asText(), entry.path("EndpointID").asText());
      assertEquals(user.path("MacAddress").asText(), entry.path("MacAddress").asText());
      assertEquals(inet(addrs, "eth0"), entry.path("IPv4Address").asText());
      assertEquals("", entry.path("IPv6Address").asText());

      JsonNode onDefault = json("network", "inspect", "bridge").path("Containers");
      assertTrue(onDefault.has(both) && onDefault.has(alone), onDefault.toString());
      assertEquals(inet(addrs, "eth1"), onDefault.path(both).path("IPv4Address").asText());
      assertEquals(aloneBridge.path("IPAddress").asText() + "/"
          + aloneBridge.path("IPPrefixLen").asInt(),
          onDefault.path(alone).path("IPv4Address").asText());
      assertEquals(aloneBridge.path("EndpointID").asText(),
          onDefault.path(alone).path("EndpointID").asText());
      assertEquals("view-bridge", onDefault.path(alone).path("Name").asText());

      // --network-alias is the first network's, as Docker's: the bridge may follow
      ok("create", "--name", "view-two", "--network", "viewnet", "--network", "bridge",
          "--network-alias", "two-alias", "busybox:test", "true");
      JsonNode two = json("inspect", "view-two");
      assertEquals("viewnet", two.path("HostConfig").path("NetworkMode").asText());
      JsonNode twoNets = two.path("NetworkSettings").path("Networks");
      assertEquals("[\"two-alias\"]", twoNets.path("viewnet").path("Aliases").toString());
      assertTrue(twoNets.path("bridge").path("Aliases").isNull(), twoNets.toString());
      assertEquals("", twoNets.path("viewnet").path("IPAddress").asText(), "created: no address");

      // stopped: the networks stay, without addresses; network inspect lists it no more
      ok("stop", "-t", "0", "view-both");
      JsonNode stopped = json("inspect", "view-both").path("NetworkSettings").path("Networks");
      assertEquals(netId, stopped.path("viewnet").path("NetworkID").asText());
      assertEquals("", stopped.path("viewnet").path("IPAddress").asText());
      assertEquals("", stopped.path("viewnet").path("EndpointID").asText());
      assertEquals(0, json("network", "inspect", "viewnet").path("Containers").size());
    } finally {
      hoist("rm", "-f", "view-both", "view-bridge", "view-two");
      ok("network", "rm", "viewnet");
    }
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void hostNoneAndContainerModesInInspectAndPortsDiscardedWithHostsWarning() throws Exception {
    try {
      ContainerCommandsTest.Result created = ok("create", "--name", "mode-host", "--network",
          "host", "-p", "18080:80", "busybox:test", "true");
      assertTrue(created.err().contains(
          "WARNING: Published ports are discarded when using host network mode"), created.all());
      JsonNode host = json("inspect", "mode-host");
      assertEquals("host", host.path("HostConfig").path("NetworkMode").asText());
      assertEquals("18080", host.path("HostConfig").path("PortBindings").path("80/tcp").get(0)
          .path("HostPort").asText(), "kept as asked, as Docker's");
      assertEquals(UserNetwork.HOST_ID, host.path("NetworkSettings").path("Networks")
          .path("host").path("NetworkID").asText(), host.toString());

      ContainerCommandsTest.Result ran = ok("run", "--rm", "--network", "host", "-p", "18081:80",
          "busybox:test", "true");
      assertEquals("WARNING: Published ports are discarded when using host network mode\n",
          ran.err(), ran.all());
      ContainerCommandsTest.Result none = ok("run", "--rm", "--network", "none", "-p", "80",
          "busybox:test", "true");
      assertFalse(none.err().contains("WARNING"), none.all()); // Docker warns for host only

      ok("create", "--name", "mode-none", "--network", "none", "busybox:test", "true");
      JsonNode noNet = json("inspect", "mode-none");
      assertEquals("none", noNet.path("HostConfig").path("NetworkMode").asText());
      assertEquals(UserNetwork.NONE_ID, noNet.path("NetworkSettings").path("Networks")
          .path("none").path("NetworkID").asText(), noNet.toString());

      String ownerId = ok("create", "--name", "mode-owner", "busybox:test", "true").out()
          .strip();
      ok("create", "--name", "mode-joined", "--network", "container:mode-owner", "busybox:test",
          "true");
      JsonNode joined = json("inspect", "mode-joined");
      assertEquals("container:" + ownerId, joined.path("HostConfig").path("NetworkMode")
          .asText());
      assertEquals(0, joined.path("NetworkSettings").path("Networks").size(), joined.toString());
    } finally {
      hoist("rm", "-f", "mode-host", "mode-none", "mode-owner", "mode-joined");
    }
  }

  @Test
  void addHostAndDnsAreKeptOnUserNetworks() throws Exception {
    ok("network", "create", "hostsnet");
    try {
      String gateway = json("network", "inspect", "hostsnet").path("IPAM").path("Config").get(0)
          .path("Gateway").asText();
      ok("run", "-d", "--name", "hosts-web", "--hostname", "webbox", "--network", "hostsnet",
          "--add-host", "db.example:192.0.2.7", "--add-host", "gw:host-gateway", "--dns",
          "192.0.2.53", "--dns-search", "example.test", "busybox:test", "sh", "-c", WAIT);
      JsonNode web = inspectRunning("hosts-web", "hostsnet");
      String address = web.path("NetworkSettings").path("Networks").path("hostsnet")
          .path("IPAddress").asText();
      String hosts = ok("exec", "hosts-web", "busybox", "cat", "/etc/hosts").out();
      assertTrue(hosts.startsWith("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost "
          + "ip6-loopback\n192.0.2.7\tdb.example\n" + gateway + "\tgw\n" + address
          + "\twebbox\n"), hosts);
      assertEquals("nameserver 192.0.2.53\nsearch example.test\n",
          ok("exec", "hosts-web", "busybox", "cat", "/etc/resolv.conf").out());

      // a peer joining rewrites the file: the entries stay
      ok("run", "-d", "--name", "hosts-peer", "--network", "hostsnet", "busybox:test", "sh",
          "-c", WAIT);
      inspectRunning("hosts-peer", "hostsnet");
      hosts = ok("exec", "hosts-web", "busybox", "cat", "/etc/hosts").out();
      assertTrue(hosts.contains("hosts-peer"), hosts);
      assertTrue(hosts.contains("192.0.2.7\tdb.example\n" + gateway + "\tgw\n"), hosts);

      // a default-bridge container connected to the network keeps its own
      ok("run", "-d", "--name", "hosts-plug", "--add-host", "plug.example:192.0.2.8",
          "busybox:test", "sh", "-c", WAIT);
      inspectRunning("hosts-plug", "bridge");
      ok("network", "connect", "hostsnet", "hosts-plug");
      hosts = ok("exec", "hosts-plug", "busybox", "cat", "/etc/hosts").out();
      assertTrue(hosts.contains("hosts-web") && hosts.contains("192.0.2.8\tplug.example\n"),
          hosts);
    } finally {
      hoist("rm", "-f", "hosts-web", "hosts-peer", "hosts-plug");
      ok("network", "rm", "hostsnet");
    }
  }

  @Test
  void aHostPortRangeForOneContainerPortTakesTheFirstFreePortOfTheRange() throws Exception {
    int base = FreePorts.consecutive(3);
    String range = base + "-" + (base + 2);
    try (ServerSocket taken = new ServerSocket(base, 1, InetAddress.getByName("127.0.0.1"))) {
      ok("run", "-d", "--name", "range-web", "-p", "127.0.0.1:" + range + ":80", "web:test");
      assertEquals("127.0.0.1:" + (base + 1) + "\n", ok("port", "range-web", "80").out());
      assertEquals(PAGE, PublishedPortsTest.fetch("127.0.0.1", base + 1));
      JsonNode c = json("inspect", "range-web");
      assertEquals(range, c.path("HostConfig").path("PortBindings").path("80/tcp").get(0)
          .path("HostPort").asText());
      assertEquals(Integer.toString(base + 1), c.path("NetworkSettings").path("Ports")
          .path("80/tcp").get(0).path("HostPort").asText());
      // the whole range taken (base by the test, base+1 by range-web): one line
      ContainerCommandsTest.Result full = hoist("run", "--rm", "-p", "127.0.0.1:" + base + "-"
          + (base + 1) + ":80", "web:test", "true");
      // seen once in CI (stop 28): this run got a port of the range; the state below tells
      // whether range-web's monitor failed to hold its port ("cannot hold published port")
      assertNotEquals(0, full.code(), () -> full.all() + "\nrange-web's log: "
          + hoist("logs", "range-web").all() + "\nrange-web: "
          + hoist("ps", "-a", "--filter", "name=range-web", "--format",
              "{{.Status}} {{.Ports}}").all());
      assertEquals("error: cannot publish 127.0.0.1:" + base + "-" + (base + 1) + "/tcp for the "
          + "container's port 80/tcp: Address already in use", full.err().strip(), full.all());
    } finally {
      hoist("rm", "-f", "range-web");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void networkContainerJoinsAContainerOnNetworkNone(String runtime) throws Exception {
    if (runtime.equals("runc")) {
      assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc"))
          || Files.isExecutable(Path.of("/usr/bin/runc")), "runc is not installed: skipped");
    }
    String owner = "lonely-" + runtime;
    try {
      ok("run", "-d", "--runtime", runtime, "--name", owner, "--network", "none", "web:test");
      ContainerCommandsTest.Result r = ok("run", "--rm", "--runtime", runtime, "--network",
          "container:" + owner, "web:test", "sh", "-c", "busybox ip -o link; "
              + "i=0; while [ $i -lt 40 ]; do i=$((i+1)); busybox wget -q -O - http://127.0.0.1:80/ "
              + "&& exit 0; busybox sleep 0.3; done; exit 1");
      assertTrue(r.out().contains(PAGE), "the owner's httpd on the shared lo: " + r.all());
      assertFalse(r.out().contains("eth0"), r.out());
      ok("stop", "-t", "0", owner);
      ContainerCommandsTest.Result stopped = hoist("run", "--rm", "--runtime", runtime,
          "--network", "container:" + owner, "web:test", "true");
      assertNotEquals(0, stopped.code());
      assertTrue(stopped.err().contains("not running"), stopped.all());
    } finally {
      hoist("rm", "-f", owner);
    }
  }

  @Test
  void buildNetworkPutsRunStepsOnTheBridgeOnNoneOrOnTheHost() throws Exception {
    Path context = Files.createDirectories(dir.resolve("net-context"));
    Files.writeString(context.resolve("Dockerfile"), """
        FROM busybox:test
        RUN busybox ip -o -4 addr > /default.txt
        RUN --network=none busybox ip -o link > /none.txt
        RUN --network=default busybox ip -o link > /default-link.txt
        """);

    Path onBridge = dir.resolve("out-bridge");
    ok("build", "--no-cache", "--network", "bridge", "-o", "type=local,dest=" + onBridge,
        context.toString());
    String addr = Files.readString(onBridge.resolve("default.txt"));
    String own = inet(addr, "eth0");
    assertTrue(bridge.contains(own.substring(0, own.indexOf('/'))), own + " in " + bridge);
    assertOnlyLoopback(Files.readString(onBridge.resolve("none.txt")));
    assertFalse(Files.readString(onBridge.resolve("default-link.txt")).contains("hoist0"));

    Path onNone = dir.resolve("out-none");
    ok("build", "--no-cache", "--network", "none", "-o", "type=local,dest=" + onNone,
        context.toString());
    assertOnlyLoopback(Files.readString(onNone.resolve("default-link.txt")));

    // the host's network asked for on the command line: no --allow needed, as docker build
    Path onHost = dir.resolve("out-host");
    ok("build", "--no-cache", "--network", "host", "-o", "type=local,dest=" + onHost,
        context.toString());
    String hostLinks = Files.readString(onHost.resolve("default-link.txt"));
    assertTrue(hostLinks.contains(BridgeNetwork.DEFAULT_NAME + ":"), "the host's hoist0: "
        + hostLinks);
    assertOnlyLoopback(Files.readString(onHost.resolve("none.txt")));
  }

  static void assertOnlyLoopback(String ipLink) {
    assertEquals(1, ipLink.strip().lines().count(), ipLink);
    assertTrue(ipLink.contains(": lo:"), ipLink);
  }
}
