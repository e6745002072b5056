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
import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.Subnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * User-defined networks end to end ({@code hoist network …}, {@code run --network NAME}), with
 * real traffic between containers (busybox httpd and wget) and to the default bridge's address
 * only; root, {@code ip}, {@code iptables}; the runc half skipped without runc.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserNetworkTest {
  static final String SERVE = "busybox mkdir -p /www && echo hello-from-$(busybox hostname) "
      + "> /www/index.html && busybox httpd -f -p 80 -h /www";
  @TempDir static Path dir;

  @BeforeAll
  void setUp() throws Exception {
    setUpHome(dir);
  }

  /**
   * Skips unless networks can be made (busybox, {@code ip}, {@code iptables}); a home in
   * {@code dir} with the image {@code busybox:test}.
   */
  static void setUpHome(Path dir) throws Exception {
    BusyboxImage.assumeUsable();
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    Path home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "busybox:test", ContainerConfig.builder()
        .cmd(List.of("sh")).build());
  }

  @AfterAll
  void tearDown() {
    tearDownHome();
  }

  /** Removes the networks the test left and forgets its home. */
  static void tearDownHome() {
    ContainerCommandsTest.hoist("network", "prune", "-f");
    System.clearProperty("hoist.home");
  }

  static ContainerCommandsTest.Result ok(String... args) {
    return ContainerCommandsTest.ok(args);
  }

  static ContainerCommandsTest.Result hoist(String... args) {
    return ContainerCommandsTest.hoist(args);
  }

  static String runtime(String name) {
    UnderRuntime.assumeInstalled(name);
    return name;
  }

  /** A detached httpd on {@code network}, serving once its page is there. */
  static void serve(String runtime, String name, String network, String... more) {
    Stream.Builder<String> args = Stream.builder();
    Stream.of("run", "-d", "--runtime", runtime, "--name", name, "--network", network)
        .forEach(args);
    Stream.of(more).forEach(args);
    Stream.of("busybox:test", "sh", "-c", SERVE).forEach(args);
    ok(args.build().toArray(String[]::new));
  }

  /** {@code wget} of {@code host} from a new container on {@code network}. */
  static ContainerCommandsTest.Result fetch(String runtime, String network, String host) {
    return hoist("run", "--rm", "--runtime", runtime, "--network", network, "busybox:test",
        "sh", "-c", "i=0; while [ $i -lt 40 ]; do i=$((i+1)); busybox wget -q -O - http://" + host
        + "/ && exit 0; busybox sleep 0.3; done; exit 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void containersFindEachOtherByNameAndAliasAndLaterOnesAreFound(String name) throws Exception {
    String rt = runtime(name);
    String net = "names-" + rt;
    ok("network", "create", net);
    try {
      serve(rt, "web-" + rt, net, "--network-alias", "www-" + rt);
      ContainerCommandsTest.Result byName = fetch(rt, net, "web-" + rt);
      assertEquals(0, byName.code(), byName.all());
      assertTrue(byName.out().startsWith("hello-from-"), byName.all());
      ContainerCommandsTest.Result byAlias = fetch(rt, net, "www-" + rt);
      assertEquals(byName.out(), byAlias.out(), byAlias.all());
      // a client that runs first finds a server started after it, without a restart
      ok("run", "-d", "--runtime", rt, "--name", "early-" + rt, "--network", net,
          "busybox:test", "sh", "-c", ContainerCommandsTest.WAIT_A_MINUTE);
      serve(rt, "late-" + rt, net);
      ContainerCommandsTest.Result late = fetchFrom("early-" + rt, "late-" + rt);
      assertEquals(0, late.code(), late.all());
      // removal takes the name away
      ok("rm", "-f", "late-" + rt);
      ContainerCommandsTest.Result gone = hoist("exec", "early-" + rt, "busybox", "grep",
          "late-" + rt, "/etc/hosts");
      assertNotEquals(0, gone.code(), gone.all());
      JsonNode inspect = CanonicalJson.mapper().readTree(ok("network", "inspect", net).out())
          .get(0);
      assertEquals(2, inspect.path("Containers").size(), inspect.toString());
    } finally {
      hoist("rm", "-f", "web-" + rt, "early-" + rt, "late-" + rt);
      ok("network", "rm", net);
    }
  }

  static ContainerCommandsTest.Result fetchFrom(String container, String host) {
    return hoist("exec", container, "sh", "-c", "i=0; while [ $i -lt 40 ]; do i=$((i+1)); busybox wget "
        + "-q -O - http://" + host + "/ && exit 0; busybox sleep 0.3; done; exit 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void internalNetworkHasNoDefaultRouteAndCannotReachTheDefaultBridge(String name)
      throws Exception {
    String rt = runtime(name);
    Subnet bridge = BridgeNetwork.standard().ensure();
    ok("network", "create", "--internal", "inside");
    try {
      ContainerCommandsTest.Result r = hoist("run", "--rm", "--runtime", rt, "--network", "inside",
          "busybox:test", "sh", "-c", "busybox ip route; echo ---; busybox nc -w 2 "
          + bridge.gateway() + " 9 </dev/null; echo exit=$?");
      assertFalse(r.out().contains("default"), r.all());
      assertTrue(r.out().contains("exit=1"), r.all());
      assertTrue(r.err().contains("unreachable") || r.out().contains("unreachable"), r.all());
    } finally {
      ok("network", "rm", "inside");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void twoNetworksAreIsolated(String name) throws Exception {
    String rt = runtime(name);
    ok("network", "create", "left");
    ok("network", "create", "right");
    try {
      serve(rt, "left-web", "left");
      String address = CanonicalJson.mapper().readTree(ok("network", "inspect", "left").out())
          .get(0).path("Containers").elements().next().path("IPv4Address").asText()
          .replaceAll("/.*", "");
      ContainerCommandsTest.Result same = fetch(rt, "left", address);
      assertEquals(0, same.code(), same.all());
      // (busybox's wget -T crashes: nc has the timeout)
      String get = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 3 " + address + " 80";
      ContainerCommandsTest.Result sameByNc = hoist("run", "--rm", "--runtime", rt, "--network", "left",
          "busybox:test", "sh", "-c", get);
      assertTrue(sameByNc.out().contains("hello-from-"), "the probe works: " + sameByNc.all());
      ContainerCommandsTest.Result other = hoist("run", "--rm", "--runtime", rt, "--network", "right",
          "busybox:test", "sh", "-c", get);
      assertFalse(other.out().contains("hello-from-"), "reached another network: "
          + other.all());
    } finally {
      hoist("rm", "-f", "left-web");
      ok("network", "rm", "left", "right");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist", "runc"})
  void connectAndDisconnectWhileRunning(String name) throws Exception {
    String rt = runtime(name);
    ok("network", "create", "plugs");
    try {
      serve(rt, "plug-web", "plugs");
      ok("run", "-d", "--runtime", rt, "--name", "plug-client", "--network", "bridge", "busybox:test", "sh",
          "-c", ContainerCommandsTest.WAIT_A_MINUTE);
      Thread.sleep(300);
      assertNotEquals(0, hoist("exec", "plug-client", "busybox", "grep", "plug-web",
          "/etc/hosts").code());
      ok("network", "connect", "--alias", "plugged", "plugs", "plug-client");
      String links = ok("exec", "plug-client", "busybox", "ip", "-o", "link").out();
      assertTrue(links.contains("eth1"), links);
      ContainerCommandsTest.Result r = fetchFrom("plug-client", "plug-web");
      assertEquals(0, r.code(), r.all());
      assertTrue(ok("exec", "plug-web", "busybox", "cat", "/etc/hosts").out()
          .contains("plugged"), "the alias resolves on the server's side");
      ok("network", "disconnect", "plugs", "plug-client");
      links = ok("exec", "plug-client", "busybox", "ip", "-o", "link").out();
      assertFalse(links.contains("eth1"), links);
      assertNotEquals(0, hoist("exec", "plug-client", "busybox", "grep", "plug-web",
          "/etc/hosts").code());
    } finally {
      hoist("rm", "-f", "plug-web", "plug-client");
      ok("network", "rm", "plugs");
    }
  }

  @Test
  void badInputIsOneClearErrorWithNothingMade() throws Exception {
    String links = hoistLinks();
    ok("network", "create", "--subnet", "10.201.0.0/16", "first");
    try {
      ContainerCommandsTest.Result overlap = hoist("network", "create", "--subnet",
          "10.201.3.0/24", "second");
      assertEquals(1, overlap.code(), overlap.all());
      assertTrue(overlap.err().contains("overlaps network first"), overlap.err());
      assertEquals(1, overlap.err().strip().lines().count(), overlap.err());
      String containers = ok("ps", "-a", "-q").out();
      ContainerCommandsTest.Result unknown = hoist("run", "--network", "nowhere",
          "busybox:test", "true");
      assertTrue(unknown.err().contains("network nowhere not found"), unknown.all());
      assertEquals(containers, ok("ps", "-a", "-q").out(), "no container made");
      ContainerCommandsTest.Result mixed = hoist("run", "--rm", "--network", "first",
          "--network", "host", "busybox:test", "true");
      assertTrue(mixed.err().contains("--network host cannot be combined"), mixed.all());
      ok("create", "--name", "holder", "--network", "first", "busybox:test", "true");
      ContainerCommandsTest.Result inUse = hoist("network", "rm", "first");
      assertNotEquals(0, inUse.code());
      assertTrue(inUse.err().contains("has active endpoints (holder)"), inUse.all());
      ContainerCommandsTest.Result outside = hoist("network", "connect", "--ip", "10.9.9.9",
          "first", "holder");
      assertTrue(outside.err().contains("already connected"), outside.all());
      ok("rm", "holder");
      ok("run", "-d", "--name", "ipped", "--network", "bridge", "busybox:test", "sh", "-c",
          "sleep 30");
      ok("network", "create", "--subnet", "10.202.0.0/24", "second");
      ContainerCommandsTest.Result badIp = hoist("network", "connect", "--ip", "10.9.9.9",
          "second", "ipped");
      assertTrue(badIp.err().contains("outside the subnet 10.202.0.0/24"), badIp.all());
      ok("rm", "-f", "ipped");
      ok("network", "rm", "second");
    } finally {
      hoist("rm", "-f", "holder", "ipped");
      ok("network", "rm", "first");
    }
    assertEquals(links, hoistLinks());
  }

  /**
   * The user networks' bridges and rules on this machine (other tests running at the same time
   * change the rest).
   */
  static String hoistLinks() throws Exception {
    return ExternalTools.output("ip", "-o", "link", "show").lines()
        .filter(l -> l.matches(".*\\bhoist-[0-9a-f]{9}\\b.*")).map(l -> l.replaceAll("^\\d+: ", "")).sorted()
        .reduce("", (a, b) -> a + b + "\n");
  }

  static String hoistRules() throws Exception {
    return ExternalTools.output("iptables-save").lines()
        .filter(l -> l.matches(".*\\bhoist-[0-9a-f]{9}\\b.*") && !l.startsWith("#")).sorted()
        .reduce("", (a, b) -> a + b + "\n");
  }

  @Test
  void removeAndPruneLeaveNoBridgeRuleOrAllocation() throws Exception {
    BridgeNetwork.standard().ensure();
    ok("network", "prune", "-f"); // what other tests of this class left
    ok("network", "create", "--internal", "warmup");
    ok("network", "rm", "warmup"); // the shared isolation chains, made once
    String links = hoistLinks();
    String rules = hoistRules();
    ok("network", "create", "gone-a");
    ok("network", "create", "--internal", "gone-b");
    String id = ok("network", "create", "gone-c").out().strip();
    ok("run", "--rm", "--network", "gone-a", "--network", "gone-c", "busybox:test",
        "busybox", "ip", "-o", "addr");
    assertTrue(ExternalTools.output("ip", "-o", "link", "show").contains("hoist-"
        + id.substring(0, 9)));
    ok("network", "rm", "gone-a");
    ContainerCommandsTest.Result pruned = ok("network", "prune", "-f");
    assertTrue(pruned.out().contains("gone-b") && pruned.out().contains("gone-c"), pruned.out());
    assertEquals(links, hoistLinks());
    assertEquals(rules, hoistRules());
    assertFalse(Files.exists(Path.of("/run/hoist/networks/hoist-" + id.substring(0, 9))));
  }
}
