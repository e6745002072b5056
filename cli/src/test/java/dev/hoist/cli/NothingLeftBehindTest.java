package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.net.BridgeNetwork;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 13's "nothing left behind": containers created, started and removed in a loop on the
 * default bridge and on a user network, and detached ones whose monitor was killed with SIGKILL
 * (alone, or with the process it runs, which owns the network: a crash), removed with
 * {@code rm -f}, leave no namespace, veth, address, membership, port rule, mount or cgroup of
 * theirs, at once and without {@code hoist system check}; then {@code network rm} leaves no
 * bridge, rule or allocation directory. Under both runtimes (runc's half skipped without runc);
 * root, {@code ip}, {@code iptables}. Other hoist processes on the machine may use the default
 * bridge meanwhile, so what is checked there is what names these containers, and that every
 * veth and port rule on it has an address held for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NothingLeftBehindTest {
  @TempDir static Path dir;
  Path home;

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "loop:test", ContainerConfig.builder()
        .cmd(List.of("true")).build());
    BridgeNetwork.standard().ensure();
  }

  @AfterAll
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  /**
   * {@code loop} containers per network (the shim: 50 + 50, the 100) and {@code killed}
   * per network (5 + 5, its 10); runc, slower, runs the same with fewer (a minute in all in CI).
   */
  @ParameterizedTest
  @CsvSource({"hoist, 50, 5", "runc, 10, 1"})
  void loopedAndKilledContainersOnTheBridgeAndAUserNetworkLeaveNothingBehind(String runtime,
      int loop, int killedPerNetwork) throws Exception {
    UserNetworkTest.runtime(runtime);
    String net = "loop-" + runtime;
    String netId = ContainerCommandsTest.ok("network", "create", net).out().strip();
    String bridge = "hoist-" + netId.substring(0, 9);
    List<String> ids = new ArrayList<>();
    long start = System.nanoTime();
    for (String network : List.of("bridge", net)) {
      for (int i = 0; i < loop; i++) {
        String id = ContainerCommandsTest.ok("create", "--runtime", runtime, "--network",
            network, "-p", "127.0.0.1::80", "loop:test").out().strip();
        ids.add(id);
        ContainerCommandsTest.ok("start", "-a", id);
        ContainerCommandsTest.ok("rm", id);
      }
    }
    long looped = System.nanoTime();
    List<String> killed = new ArrayList<>();
    for (String network : List.of("bridge", net)) {
      for (int i = 0; i < killedPerNetwork; i++) {
        killed.add(ContainerCommandsTest.ok("run", "-d", "--runtime", runtime, "--network",
            network, "-p", "127.0.0.1::80", "loop:test", "sleep", "600").out().strip());
      }
    }
    for (int i = 0; i < killed.size(); i++) {
      Path containerDir = home.resolve("containers").resolve(killed.get(i));
      long monitor = CanonicalJson.mapper().readTree(containerDir.resolve("state.json")
          .toFile()).path("waiterPid").asLong();
      long monitored = Long.parseLong(Files.readString(containerDir.resolve("monitor.pid"))
          .strip());
      kill(monitor);
      if (i % 2 == 1) {
        kill(monitored); // its clean-up never runs: rm -f must do it
      }
    }
    for (String id : killed) {
      ContainerCommandsTest.ok("rm", "-f", id);
    }
    ids.addAll(killed);
    System.out.printf("%s: %d containers created, started, removed in %d ms; %d killed and "
        + "removed in %d ms%n", runtime, 2 * loop, (looped - start) / 1_000_000, killed.size(),
        (System.nanoTime() - looped) / 1_000_000);
    assertEquals("", leftovers(ids, bridge), "after rm (no system check)");
    ContainerCommandsTest.ok("network", "rm", net);
    assertEquals("", bridgeLeftovers(bridge), "after network rm");
  }

  private static void kill(long pid) throws Exception {
    ProcessHandle p = ProcessHandle.of(pid).orElse(null);
    if (p != null) {
      p.destroyForcibly(); // SIGKILL
      p.onExit().get();
    }
  }

  /** What names one of {@code ids}, what is on {@code bridge}, what hoist0 holds for nobody. */
  private String leftovers(List<String> ids, String bridge) throws Exception {
    StringBuilder left = new StringBuilder();
    Set<String> netns = names(Path.of("/run/netns"));
    String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
    for (String id : ids) {
      for (String ns : List.of("hoist0-" + id, "hoistn-" + id)) {
        if (netns.contains(ns)) {
          left.append("netns ").append(ns).append('\n');
        }
      }
      if (Files.exists(Path.of("/run/hoist/members", id + ".json"))) {
        left.append("membership ").append(id).append('\n');
      }
      if (mounts.contains(id)) {
        left.append("mount naming ").append(id).append('\n');
      }
      for (String cgroup : cgroups(id)) {
        left.append("cgroup ").append(cgroup).append('\n');
      }
    }
    Set<String> held = new TreeSet<>();
    Path hoist0 = Path.of("/run/hoist/networks/hoist0");
    for (String address : names(hoist0)) {
      if (address.matches("[0-9.]+")) {
        held.add(address);
        String holder = Files.readString(hoist0.resolve(address));
        ids.stream().filter(holder::contains)
            .forEach(id -> left.append("address ").append(address).append(" of ").append(id)
                .append('\n'));
      }
    }
    for (String veth : names(Path.of("/sys/class/net/hoist0/brif"))) {
      if (held.stream().noneMatch(a -> veth.equals(vethName(a)))) {
        left.append("veth ").append(veth).append(" on hoist0, no address held\n");
      }
    }
    for (String rule : ExternalTools.output("iptables-save").lines().toList()) {
      if (rule.contains("hoist-port:hoist0:") && held.stream().noneMatch(
          a -> rule.contains("hoist-port:hoist0:" + a + "\"") || rule.contains(
              "hoist-port:hoist0:" + a + " "))) {
        left.append("rule ").append(rule).append('\n');
      }
    }
    left.append(bridgeLeftovers(bridge, false));
    return left.toString();
  }

  /** Everything of the user network's bridge: veths, addresses, port rules (and all). */
  private static String bridgeLeftovers(String bridge) throws Exception {
    return bridgeLeftovers(bridge, true);
  }

  private static String bridgeLeftovers(String bridge, boolean all) throws Exception {
    StringBuilder left = new StringBuilder();
    for (String veth : names(Path.of("/sys/class/net", bridge, "brif"))) {
      left.append("veth ").append(veth).append(" on ").append(bridge).append('\n');
    }
    Path state = Path.of("/run/hoist/networks", bridge);
    for (String f : names(state)) {
      if (all || f.matches("[0-9.]+")) {
        left.append("allocation file ").append(state.resolve(f)).append('\n');
      }
    }
    if (all && Files.exists(Path.of("/sys/class/net", bridge))) {
      left.append("bridge ").append(bridge).append('\n');
    }
    for (String rule : ExternalTools.output("iptables-save").lines().toList()) {
      if (rule.startsWith("-A ") && (all ? rule.contains(bridge)
          : rule.contains("hoist-port:" + bridge + ":"))) {
        left.append("rule ").append(rule).append('\n');
      }
    }
    return left.toString();
  }

  static String vethName(String address) {
    return String.format("vh%08x", PublishedPortsTest.ipv4(address));
  }

  private static Set<String> names(Path dir) throws IOException {
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        entries.forEach(e -> names.add(e.getFileName().toString()));
      }
    }
    return names;
  }

  /** The cgroup directories named after container {@code id} (any hierarchy). */
  private static List<String> cgroups(String id) throws IOException {
    List<String> found = new ArrayList<>();
    Path root = Path.of("/sys/fs/cgroup");
    try (Stream<Path> hierarchies = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
      for (Path h : hierarchies.toList()) {
        for (Path candidate : List.of(h.resolve("hoist").resolve(id), h.resolve(id))) {
          if (Files.isDirectory(candidate)) {
            found.add(candidate.toString());
          }
        }
      }
    }
    return found;
  }
}
