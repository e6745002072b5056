package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.BusyboxRootfs;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.runtime.net.ContainerNetworks;
import dev.hoist.internal.runtime.net.NetworkStore;
import dev.hoist.internal.runtime.net.UserNetwork;
import dev.hoist.internal.runtime.net.UserNetworkJoin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Containers on user networks under both runtimes ({@link ContainerNetworks} in the container
 * directory, as {@code run --network NAME} writes it): one interface per network, names of the
 * running members in {@code /etc/hosts}, traffic between them (busybox httpd and wget), nothing
 * left after the exit. Root, {@code ip}, {@code iptables}; runc's half skipped without runc.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserNetworkRuntimeTest {
  @TempDir static Path tmp;
  Path lower;
  HoistHome home;
  NetworkStore networks;
  UserNetwork front;
  UserNetwork back;

  @BeforeAll
  void setUp() throws IOException {
    BusyboxRootfs.assumeUsable("runtime-shim tests", "namespaces, overlayfs, pivot_root");
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    lower = BusyboxRootfs.create(Files.createDirectories(tmp.resolve("lower")));
    home = new HoistHome(tmp.resolve("home"));
    networks = new NetworkStore(home);
    front = networks.create(new NetworkStore.Request("front", null, null, false, Map.of(), null));
    back = networks.create(new NetworkStore.Request("back", null, null, true, Map.of(), null));
  }

  @AfterAll
  void tearDown() throws IOException {
    if (networks != null) {
      for (UserNetwork n : networks.list()) {
        networks.remove(n, () -> { });
      }
    }
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

  ContainerSpec spec(String name, String script, ContainerNetworks.Endpoint... endpoints)
      throws IOException {
    Path dir = RuntimeFixture.containerDir(tmp, name.hashCode() & 0xffff);
    Files.createDirectories(dir);
    new ContainerNetworks(name, List.of(endpoints)).write(dir);
    return ContainerSpec.builder(List.of(lower), dir).argv("sh", "-c", script)
        .network(NetworkMode.BRIDGE).build();
  }

  @ParameterizedTest
  @MethodSource("runtimes")
  void oneInterfacePerNetworkNamesOfTheOthersAndNothingLeftAfter(String name) throws Exception {
    Runtime runtime = runtime(name);
    ContainerSpec server = spec("server-" + name, "mkdir -p /www && echo served > "
        + "/www/index.html && exec httpd -f -p 80 -h /www",
        new ContainerNetworks.Endpoint(front, List.of("web-" + name), null));
    String serverId = server.containerDir().getFileName().toString();
    ContainerProcess s = runtime.start(server, Stdio.pipes());
    try {
      RuntimeBehaviourTest.Result r = RuntimeBehaviourTest.collect(runtime.start(spec(
          "client-" + name, "ip -4 -o addr; ip route; echo ---; cat /etc/hosts; echo ---; "
          + "for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://web-" + name
          + "/ && break; sleep 0.3; done",
          new ContainerNetworks.Endpoint(front, List.of(), null),
          new ContainerNetworks.Endpoint(back, List.of(), null)), Stdio.pipes()),
          spec("unused-" + name, "true"));
      assertEquals(0, r.exit(), r.err());
      String[] parts = r.out().split("---\n");
      assertTrue(parts[0].matches("(?s).*eth0\\s+inet 10\\.\\d+\\.0\\.\\d+/16.*"), parts[0]);
      assertTrue(parts[0].contains("eth1"), parts[0]);
      assertTrue(parts[0].contains("default via " + front.gateway()),
          "the default route via the first network that is not internal: " + parts[0]);
      assertTrue(parts[1].contains("server-" + name + " web-" + name), parts[1]);
      assertEquals("served\n", parts[2], r.out());
    } finally {
      s.signal("KILL");
      assertTrue(s.waitFor(Duration.ofSeconds(20)).isPresent());
    }
    assertFalse(Files.exists(UserNetworkJoin.netnsPath(serverId)), "the namespace");
    assertTrue(UserNetworkJoin.addresses(serverId).isEmpty(), "the member record");
    try (Stream<Path> left = Files.list(Path.of("/run/hoist/networks", front.bridge()))) {
      assertEquals(List.of("lock"), left.map(p -> p.getFileName().toString()).toList(),
          "the addresses");
    }
  }
}
