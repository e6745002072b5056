package dev.hoist.internal.runtime.net;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The running containers on user networks, machine-wide: {@code /run/hoist/members/<id>.json},
 * one {@link Member} per container with its interfaces there, written when it joins and deleted
 * when it leaves. Every change holds one lock ({@code /run/hoist/members/lock}), under which the
 * containers' {@code hosts} files are rewritten ({@link HostsFiles}). A member whose owner (the
 * process that waits for the container) is gone is stale: the next change removes what it left.
 */
final class NetworkMembers {
  static final Path DIR = BridgeNetwork.STATE_ROOT.getParent().resolve("members");
  private static final ObjectMapper JSON = CanonicalJson.mapper();

  /**
   * One interface of a container.
   *
   * @param networkId the network's ID
   * @param networkName its name (for {@code network inspect})
   * @param bridge the host bridge
   * @param address the container's address there
   * @param prefix the subnet's prefix length
   * @param ifname {@code eth0}, {@code eth1}, ...
   * @param mac its MAC address
   * @param aliases more names for the container on that network
   */
  record Interface(String networkId, String networkName, String bridge, String address,
      int prefix, String ifname, String mac, List<String> aliases) {
    Interface {
      aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    String vethName() {
      return BridgeNetwork.vethName(address);
    }

    boolean resolvesNames() {
      return !bridge.equals(BridgeNetwork.DEFAULT_NAME);
    }
  }

  /**
   * @param containerId 64 hex digits
   * @param name the container's name
   * @param hostname its host name
   * @param hosts its {@code hosts} file (bound onto {@code /etc/hosts})
   * @param netns its network namespace's name
   * @param ownsNetns the namespace goes with the member (not: a default-bridge container's,
   *     which its {@link BridgeNetwork} attachment removes)
   * @param ownerPid the process the container lives with
   * @param ownerStarted that process's start time
   * @param interfaces its interfaces on hoist networks
   * @param extraHosts its {@code --add-host} lines ({@code IP<TAB>NAME}, {@code host-gateway}
   *     resolved), kept in its {@code hosts} file before its own line
   */
  record Member(String containerId, String name, String hostname, String hosts, String netns,
      boolean ownsNetns, long ownerPid, String ownerStarted, List<Interface> interfaces,
      List<String> extraHosts) {
    Member {
      interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
      extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    }

    Owner owner() {
      return new Owner(ownerPid, ownerStarted);
    }

    Optional<Interface> on(String networkId) {
      return interfaces.stream().filter(i -> i.networkId().equals(networkId)).findFirst();
    }

    Member withInterfaces(List<Interface> next) {
      return new Member(containerId, name, hostname, hosts, netns, ownsNetns, ownerPid,
          ownerStarted, next, extraHosts);
    }
  }

  private NetworkMembers() {}

  /** Runs {@code step} holding the members' lock. */
  static <T> T locked(IpAllocator.Locked<T> step) throws IOException {
    // the allocator's lock (a flock on DIR/lock and a lock per JVM); DIR holds no addresses
    return new IpAllocator(DIR).locked(step);
  }

  static Optional<Member> read(String containerId) throws IOException {
    Path f = file(containerId);
    return Files.isRegularFile(f) ? Optional.of(JSON.readValue(f.toFile(), Member.class))
        : Optional.empty();
  }

  static void write(Member m) throws IOException {
    Files.createDirectories(DIR);
    AtomicFiles.write(file(m.containerId()), JSON.writeValueAsBytes(m));
  }

  static void delete(String containerId) throws IOException {
    Files.deleteIfExists(file(containerId));
  }

  static List<Member> all() throws IOException {
    List<Member> all = new ArrayList<>();
    if (!Files.isDirectory(DIR)) {
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(DIR, "*.json")) {
      for (Path f : files) {
        try {
          all.add(JSON.readValue(f.toFile(), Member.class));
        } catch (IOException e) {
          // half-written by a crash before the rename: not a member
        }
      }
    }
    return all;
  }

  private static Path file(String containerId) {
    return DIR.resolve(containerId + ".json");
  }
}
