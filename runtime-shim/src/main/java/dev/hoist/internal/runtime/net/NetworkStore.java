package dev.hoist.internal.runtime.net;

import dev.hoist.internal.runtime.ConflictException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.cache.store.StoreLock;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user-defined networks of a home: {@code networks/<64-hex id>.json}, one {@link UserNetwork}
 * each, replaced atomically; creating and removing hold the {@value #LOCK} store lock, so two
 * hoist processes never give one name or one subnet twice. Creating also makes the network's
 * bridge and rules ({@link UserBridge}), removing takes them away.
 */
public final class NetworkStore {
  static final String LOCK = "networks";
  private static final ObjectMapper JSON = CanonicalJson.mapper();
  /** Where automatic subnets start: the /16 after the default bridge's. */
  static final Subnet FIRST_AUTOMATIC = Subnet.parse("10.89.0.0/16");

  private final HoistHome home;
  private final Path root;

  public NetworkStore(HoistHome home) {
    this.home = home;
    this.root = home.root().resolve("networks");
  }

  /** What {@code network create} asks for. */
  public record Request(String name, String subnet, String gateway, boolean internal,
      Map<String, String> labels, String driver) {}

  /**
   * Creates the network: validates the request, picks the subnet (the given one, or the first
   * /16 from {@code 10.89.0.0/16} on that no hoist network and no host route overlaps), makes its
   * bridge and rules, then records it. Bad input is an {@link IllegalArgumentException} naming
   * what is wrong, with nothing made.
   */
  public UserNetwork create(Request request) throws IOException {
    String name = request.name();
    if (name == null || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      throw new IllegalArgumentException("invalid network name \"" + name
          + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
    if (request.driver() != null && !request.driver().equals("bridge")) {
      throw new IllegalArgumentException("network driver " + request.driver()
          + " is not supported: bridge");
    }
    if (isPredefined(name)) {
      throw new IllegalArgumentException("network name " + name
          + " is a pre-defined network and cannot be created");
    }
    Subnet given = request.subnet() == null ? null : parseSubnet(request.subnet());
    if (request.gateway() != null && given == null) {
      throw new IllegalArgumentException("--gateway " + request.gateway() + " needs --subnet");
    }
    try (StoreLock.Held held = new StoreLock(home, LOCK).exclusive()) {
      List<UserNetwork> all = list();
      if (all.stream().anyMatch(n -> n.name().equals(name))) {
        throw new ConflictException("network with name " + name + " already exists");
      }
      List<Subnet> taken = new ArrayList<>(BridgeNetwork.hostRoutes());
      all.forEach(n -> taken.add(n.subnetValue()));
      Subnet subnet = given != null ? checkFree(given, all) : BridgeNetwork.firstFree(
          FIRST_AUTOMATIC, taken).orElseThrow(() -> new IllegalArgumentException(
              "no free /16 left for a network from " + FIRST_AUTOMATIC));
      String gateway = gateway(subnet, request.gateway());
      String id = newId(all);
      UserNetwork n = new UserNetwork(id, name, "bridge", subnet.toString(), gateway,
          request.internal(), request.labels(), Instant.now().toString());
      UserBridge.create(n);
      try {
        Files.createDirectories(root);
        AtomicFiles.write(file(id), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        UserBridgeRecord.write(n, home.root());
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file(id));
        UserBridge.remove(n);
        throw e;
      }
      return n;
    }
  }

  private static Subnet parseSubnet(String cidr) {
    Subnet s;
    try {
      s = Subnet.parse(cidr);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid --subnet " + cidr + ": " + e.getMessage());
    }
    if (s.prefix() < 8 || s.prefix() > 30) {
      throw new IllegalArgumentException("invalid --subnet " + cidr + ": expected /8 to /30");
    }
    return s;
  }

  /** {@code given} when no hoist network and no host route overlaps it. */
  private static Subnet checkFree(Subnet given, List<UserNetwork> all) throws IOException {
    for (UserNetwork n : all) {
      if (n.subnetValue().overlaps(given)) {
        throw new IllegalArgumentException("subnet " + given + " overlaps network " + n.name()
            + " (" + n.subnet() + ")");
      }
    }
    for (Subnet route : BridgeNetwork.hostRoutes()) {
      if (route.overlaps(given)) {
        throw new IllegalArgumentException("subnet " + given + " overlaps the host's route to "
            + route);
      }
    }
    return given;
  }

  private static String gateway(Subnet subnet, String given) {
    if (given == null) {
      return subnet.gateway();
    }
    try {
      Ipv4.parse(given);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid --gateway " + given + ": " + e.getMessage());
    }
    if (!given.equals(subnet.gateway())) {
      // IpAllocator hands out from the third address on: the gateway is the second
      throw new IllegalArgumentException("--gateway " + given + ": hoist's bridge takes the "
          + "subnet's first host address, " + subnet.gateway());
    }
    return given;
  }

  private String newId(List<UserNetwork> all) {
    byte[] bytes = new byte[32];
    SecureRandom random = new SecureRandom();
    while (true) {
      random.nextBytes(bytes);
      String id = HexFormat.of().formatHex(bytes);
      String bridge = UserNetwork.BRIDGE_PREFIX + id.substring(0, 9);
      if (!id.substring(0, 12).matches("[0-9]+") && all.stream().noneMatch(
          n -> n.bridge().equals(bridge)) && !Files.exists(BridgeNetwork.sysClassNet(bridge))) {
        return id;
      }
    }
  }

  /** Every user-defined network, oldest first. */
  public List<UserNetwork> list() throws IOException {
    List<UserNetwork> all = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(root, "*.json")) {
      for (Path f : files) {
        if (f.getFileName().toString().matches("[0-9a-f]{64}\\.json")) {
          all.add(JSON.readValue(f.toFile(), UserNetwork.class));
        }
      }
    }
    all.sort(Comparator.comparing(UserNetwork::created).thenComparing(UserNetwork::name));
    return all;
  }

  /** The network a user named: its name, its full ID or a unique prefix of the ID. */
  public Optional<UserNetwork> find(String reference) throws IOException {
    List<UserNetwork> all = list();
    for (UserNetwork n : all) {
      if (n.name().equals(reference) || n.id().equals(reference)) {
        return Optional.of(n);
      }
    }
    if (reference.matches("[0-9a-f]{1,63}")) {
      List<UserNetwork> matches = all.stream().filter(n -> n.id().startsWith(reference))
          .toList();
      if (matches.size() > 1) {
        throw new IllegalArgumentException("network " + reference + " is ambiguous ("
            + matches.size() + " matches found based on ID prefix)");
      }
      return matches.stream().findFirst();
    }
    return Optional.empty();
  }

  /**
   * Removes the network's record, its bridge and rules, holding the store's lock; {@code inUse}
   * runs under that lock and refuses (throws) while a container uses it.
   */
  public void remove(UserNetwork n, Runnable inUse) throws IOException {
    try (StoreLock.Held held = new StoreLock(home, LOCK).exclusive()) {
      inUse.run();
      UserBridge.remove(n);
      Files.deleteIfExists(file(n.id()));
    }
  }

  /**
   * The store's lock, shared: held while a container's networks are chosen and written, so that
   * no network is removed meanwhile.
   */
  public StoreLock.Held shared() throws IOException {
    return new StoreLock(home, LOCK).shared();
  }

  private Path file(String id) {
    return root.resolve(id + ".json");
  }

  /** The predefined networks' names, which user networks cannot take. */
  public static boolean isPredefined(String name) {
    return name.equals("bridge") || name.equals("host") || name.equals("none");
  }
}
