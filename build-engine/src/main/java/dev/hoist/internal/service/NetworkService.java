package dev.hoist.internal.service;

import dev.hoist.internal.runtime.ConflictException;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.NetworkSettings;
import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.ContainerNetworks;
import dev.hoist.internal.runtime.net.IpAllocator;
import dev.hoist.internal.runtime.net.NetworkStore;
import dev.hoist.internal.runtime.net.Owner;
import dev.hoist.internal.runtime.net.Subnet;
import dev.hoist.internal.runtime.net.UserNetwork;
import dev.hoist.internal.runtime.net.UserNetworkJoin;
import dev.hoist.internal.service.docker.NetworkInspect;
import dev.hoist.internal.service.list.Filters;
import dev.hoist.internal.service.list.InvalidFilterException;
import dev.hoist.internal.service.list.NetworkSummary;
import dev.hoist.internal.service.list.PruneFilter;
import dev.hoist.internal.runtime.events.Event;
import dev.hoist.internal.runtime.events.EventJournal;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Networks, as {@code docker network} sees them: the predefined {@code bridge}, {@code host} and
 * {@code none}, and user-defined bridge networks ({@link NetworkStore}) that containers join by
 * name ({@code --network NAME}, {@code network connect}) and where they find each other by name.
 * A network a container is connected to (running or not) cannot be removed.
 */
public final class NetworkService {
  private final HoistContext context;

  NetworkService(HoistContext context) {
    this.context = context;
  }

  private NetworkStore store() {
    return new NetworkStore(context.home());
  }

  private ContainerStore containers() {
    return context.containerStore();
  }

  /** A predefined network as {@code network ls} lists it. */
  public record Predefined(String id, String name, String driver) {}

  /** {@code bridge}, {@code host}, {@code none}. */
  public List<Predefined> predefined() {
    return List.of(new Predefined(UserNetwork.BRIDGE_ID, "bridge", "bridge"),
        new Predefined(UserNetwork.HOST_ID, "host", "host"),
        new Predefined(UserNetwork.NONE_ID, "none", "null"));
  }

  public UserNetwork create(NetworkStore.Request request) throws IOException {
    UserNetwork n = store().create(request);
    emit("create", n, null);
    return n;
  }

  /**
   * Appends the network event {@code action} about {@code n} to the events journal: its name
   * and type (driver), and the container's ID for connect and disconnect, as Docker's.
   */
  private void emit(String action, UserNetwork n, String containerId) {
    Map<String, String> attributes = new java.util.TreeMap<>();
    attributes.put("name", n.name());
    attributes.put("type", n.driver());
    if (containerId != null) {
      attributes.put("container", containerId);
    }
    EventJournal.of(context.home().root(), context.diagnostics())
        .append(Event.of(Event.NETWORK, action, n.id(), attributes));
  }

  /** The filters {@link #list(Filters)} takes, as moby's network list. */
  static final Set<String> FILTERS = Set.of("name", "id", "label", "driver", "type", "scope",
      "dangling");

  /**
   * {@code docker network ls}: the predefined and user networks the filters select, by name
   * ({@code name} and {@code id}: moby's match; {@code label}; {@code driver}; {@code type}:
   * {@code builtin} or {@code custom}; {@code scope}; {@code dangling}: user networks no
   * container is on, or with {@code false} the others).
   *
   * @throws dev.hoist.internal.service.list.InvalidFilterException for a filter it does not take
   */
  public List<NetworkSummary> list(Filters filters) throws IOException {
    Filters f = filters.validate(FILTERS);
    for (String type : f.get("type")) {
      if (!type.equals("custom") && !type.equals("builtin")) {
        throw new InvalidFilterException("type", List.of(type));
      }
    }
    Boolean dangling = f.bool("dangling");
    List<NetworkSummary> all = new ArrayList<>();
    for (Predefined p : predefined()) {
      all.add(new NetworkSummary(p.id(), p.name(), p.driver(), "local", false, true, false,
          Map.of(), null, true, 0));
    }
    for (UserNetwork n : list()) {
      all.add(new NetworkSummary(n.id(), n.name(), n.driver(), "local", n.internal(), true,
          false, n.labels() == null ? Map.of() : n.labels(), created(n), false,
          containersOn(n).size()));
    }
    List<NetworkSummary> shown = new ArrayList<>();
    for (NetworkSummary n : all) {
      if (f.match("name", n.name()) && f.match("id", n.id()) && f.match("driver", n.driver())
          && f.matchLabels("label", n.labels()) && f.exactMatch("scope", n.scope())
          && f.exactMatch("type", n.builtin() ? "builtin" : "custom")
          && (dangling == null || dangling == (!n.builtin() && n.containers() == 0))) {
        shown.add(n);
      }
    }
    shown.sort(java.util.Comparator.comparing(NetworkSummary::name));
    return shown;
  }

  private static Instant created(UserNetwork n) {
    try {
      return n.created() == null ? null : java.time.OffsetDateTime.parse(n.created()).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The user-defined networks, oldest first. */
  public List<UserNetwork> list() throws IOException {
    return store().list();
  }

  /**
   * The network {@code reference} names (name, ID or unique ID prefix); {@code bridge} is the
   * default bridge. A {@link NotFoundException} when there is none; {@code host} and {@code none}
   * are not bridge networks and are refused here.
   */
  public UserNetwork require(String reference) throws IOException {
    if (reference.equals("bridge") || reference.equals(UserNetwork.BRIDGE_ID)) {
      return defaultBridge();
    }
    if (reference.equals("host") || reference.equals("none")) {
      throw new IllegalArgumentException("network " + reference
          + " has no bridge: containers cannot be connected to it or disconnected from it");
    }
    return store().find(reference).orElseThrow(
        () -> new NotFoundException("network " + reference + " not found"));
  }

  private static UserNetwork defaultBridge() {
    Path sys = Path.of("/sys/class/net", BridgeNetwork.DEFAULT_NAME);
    Subnet subnet = BridgeNetwork.DEFAULT_SUBNET;
    if (Files.exists(sys)) {
      try {
        subnet = BridgeNetwork.standard().ensure();
      } catch (IOException e) {
        // not readable: the default
      }
    }
    return UserNetwork.defaultBridge(subnet);
  }

  /**
   * {@code docker network inspect}: the network {@code reference} names (as {@link #require},
   * and {@code host} and {@code none}) in Docker's shape, with the containers on it.
   *
   * @throws NotFoundException when there is none
   */
  public NetworkInspect dockerInspect(String reference) throws IOException {
    for (Predefined p : predefined()) {
      if (!p.name().equals("bridge") && (p.name().equals(reference) || p.id().equals(reference))) {
        NetworkMode mode = p.name().equals("host") ? NetworkMode.HOST : NetworkMode.NONE;
        List<ContainerState> on = containers().list().stream()
            .filter(c -> c.isActive() && c.spec() != null && c.spec().network() == mode)
            .toList();
        return NetworkInspect.predefined(p.id(), p.name(), p.driver(), on);
      }
    }
    UserNetwork n = require(reference);
    return NetworkInspect.of(n, endpoints(n));
  }

  /**
   * The containers (running or not) connected to {@code n}; on the default bridge also those
   * on it alone (which have no {@code networks.json}).
   */
  public List<ContainerState> containersOn(UserNetwork n) throws IOException {
    List<ContainerState> on = new ArrayList<>();
    ContainerStore store = containers();
    for (ContainerState c : store.list()) {
      Optional<ContainerNetworks> networks = ContainerNetworks.read(store.dir(c.id()));
      if (networks.isPresent() ? networks.get().on(n.id()).isPresent()
          : n.isDefaultBridge() && c.spec() != null && c.spec().network() == NetworkMode.BRIDGE) {
        on.add(c);
      }
    }
    return on;
  }

  /**
   * The running containers on {@code n} with their endpoints there (each with its address), by
   * container: {@code network inspect}'s {@code Containers}.
   */
  public Map<ContainerState, NetworkEndpoint> endpoints(UserNetwork n) throws IOException {
    Map<ContainerState, NetworkEndpoint> all = new LinkedHashMap<>();
    for (ContainerState c : containersOn(n)) {
      if (c.isActive()) {
        endpoints(c).stream().filter(e -> e.networkId().equals(n.id()) && e.hasAddress())
            .findFirst().ifPresent(e -> all.put(c, e));
      }
    }
    return all;
  }

  /**
   * The container's endpoints in the order of its interfaces ({@code eth0} first): its user
   * networks and/or the default bridge, {@code host} or {@code none} (no address); none at all
   * for {@code --network container:} (it has the joined container's). While it runs each has
   * its address, gateway and MAC address; stopped, only the network and the names.
   */
  public List<NetworkEndpoint> endpoints(ContainerState c) throws IOException {
    if (c.spec() == null) {
      return List.of();
    }
    String started = c.startedAt() == null ? "" : c.startedAt();
    switch (c.spec().network()) {
      case HOST:
        return List.of(predefinedEndpoint(c, "host", UserNetwork.HOST_ID, started));
      case NONE:
        return List.of(predefinedEndpoint(c, "none", UserNetwork.NONE_ID, started));
      case CONTAINER:
        return List.of();
      default:
        break;
    }
    ContainerStore store = containers();
    Optional<ContainerNetworks> user = ContainerNetworks.read(store.dir(c.id()));
    if (user.isEmpty()) {
      Optional<NetworkSettings> live = NetworkSettings.of(store, c);
      return List.of(new NetworkEndpoint("bridge", UserNetwork.BRIDGE_ID,
          live.map(l -> NetworkEndpoint.endpointId(c.id(), UserNetwork.BRIDGE_ID, started))
              .orElse(""), List.of(), List.of(),
          live.map(NetworkSettings::ipAddress).orElse(""),
          live.map(NetworkSettings::prefixLength).orElse(0),
          live.map(NetworkSettings::gateway).orElse(""),
          live.map(NetworkSettings::macAddress).orElse("")));
    }
    List<UserNetworkJoin.Address> running = c.isActive() ? UserNetworkJoin.addresses(c.id())
        : List.of();
    List<NetworkEndpoint> all = new ArrayList<>();
    for (ContainerNetworks.Endpoint e : user.get().endpoints()) {
      UserNetwork n = e.network();
      Optional<UserNetworkJoin.Address> a = running.stream()
          .filter(x -> x.networkId().equals(n.id())).findFirst();
      List<String> dnsNames = new ArrayList<>();
      if (!n.isDefaultBridge()) {
        dnsNames.add(c.name());
        dnsNames.addAll(e.aliases());
        dnsNames.add(c.id().substring(0, 12));
      }
      all.add(new NetworkEndpoint(n.name(), n.id(),
          a.map(x -> NetworkEndpoint.endpointId(c.id(), n.id(), started)).orElse(""),
          e.aliases(), dnsNames.stream().distinct().toList(),
          a.map(UserNetworkJoin.Address::address).orElse(""),
          a.map(UserNetworkJoin.Address::prefix).orElse(0),
          a.map(x -> n.gateway()).orElse(""), a.map(UserNetworkJoin.Address::mac).orElse("")));
    }
    return all;
  }

  /** A {@code host} or {@code none} endpoint: no address; an endpoint ID while it runs. */
  private static NetworkEndpoint predefinedEndpoint(ContainerState c, String name, String id,
      String started) {
    return new NetworkEndpoint(name, id, c.isActive()
        ? NetworkEndpoint.endpointId(c.id(), id, started) : "", List.of(), List.of(), "", 0, "",
        "");
  }

  /**
   * Removes the network (its bridge, rules and allocations); refused for the predefined ones and
   * while a container is connected to it.
   */
  public UserNetwork remove(String reference) throws IOException {
    if (NetworkStore.isPredefined(reference)) {
      throw new IllegalArgumentException(reference
          + " is a pre-defined network and cannot be removed");
    }
    UserNetwork n = require(reference);
    store().remove(n, () -> requireUnused(n));
    emit("destroy", n, null);
    return n;
  }

  private void requireUnused(UserNetwork n) {
    try {
      List<String> users = containersOn(n).stream().map(ContainerState::name).toList();
      if (!users.isEmpty()) {
        throw new ConflictException("error while removing network: network " + n.name()
            + " id " + n.id() + " has active endpoints (" + String.join(", ", users) + ")");
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Removes every user network no container is connected to; their names. */
  public List<String> prune() throws IOException {
    return prune(PruneFilter.NONE);
  }

  /**
   * Removes the user networks no container is connected to that {@code filter} selects (made
   * before its {@code until}, with or without its labels); their names.
   */
  public List<String> prune(PruneFilter filter) throws IOException {
    List<String> removed = new ArrayList<>();
    for (UserNetwork n : list()) {
      if (!filter.matches(created(n), n.labels() == null ? Map.of() : n.labels())) {
        continue;
      }
      try {
        store().remove(n, () -> requireUnused(n));
        removed.add(n.name());
        emit("destroy", n, null);
      } catch (IllegalArgumentException inUse) {
        // kept
      }
    }
    EventService.pruned(context, Event.NETWORK, null);
    return removed;
  }

  /**
   * What {@code --network NAME…} and {@code --network-alias} give a new container: its
   * endpoints, with the store's lock held shared until {@link #join} wrote them (close it).
   */
  public record Selection(List<ContainerNetworks.Endpoint> endpoints, StoreLock.Held lock)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      lock.close();
    }
  }

  /**
   * The endpoints for {@code names} (user networks, or {@code bridge}); {@code aliases} and
   * {@code ip} are the first network's, as Docker's {@code --network-alias} and {@code --ip}
   * (options of the first {@code --network}); an unknown network, or aliases when the first is
   * the default bridge, are refused.
   */
  public Selection select(List<String> names, List<String> aliases, String ip)
      throws IOException {
    StoreLock.Held lock = store().shared();
    try {
      List<ContainerNetworks.Endpoint> endpoints = new ArrayList<>();
      for (String name : names) {
        UserNetwork n = require(name);
        boolean first = endpoints.isEmpty();
        if (first && n.isDefaultBridge() && !aliases.isEmpty()) {
          throw new IllegalArgumentException(
              "network-scoped aliases are only supported for user-defined networks");
        }
        if (endpoints.stream().anyMatch(e -> e.network().id().equals(n.id()))) {
          throw new IllegalArgumentException("network " + name + " is given twice");
        }
        endpoints.add(new ContainerNetworks.Endpoint(n, first ? aliases : List.of(),
            first ? ip : null));
      }
      return new Selection(endpoints, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Records the new container's networks ({@link #select}): it joins them when it starts. */
  public void join(ContainerState created, Selection selection) throws IOException {
    new ContainerNetworks(created.name(), selection.endpoints())
        .write(containers().dir(created.id()));
  }

  /**
   * Connects the container to the network ({@code aliases}, {@code ip}: may be empty/null); a
   * running one gets its interface at once.
   */
  public void connect(String network, String container, List<String> aliases, String ip)
      throws IOException {
    try (StoreLock.Held lock = store().shared()) {
      ContainerState c = containers().require(container);
      UserNetwork n = require(network);
      Path dir = containers().dir(c.id());
      ContainerNetworks now = current(c, dir);
      if (now.on(n.id()).isPresent()) {
        throw new ConflictException("container " + c.name()
            + " is already connected to network " + n.name());
      }
      if (n.isDefaultBridge() && !aliases.isEmpty()) {
        throw new IllegalArgumentException(
            "network-scoped aliases are only supported for user-defined networks");
      }
      ContainerNetworks.Endpoint e = new ContainerNetworks.Endpoint(n, aliases, ip);
      if (c.isActive()) {
        Optional<ProcessHandle> waiter = ProcessHandle.of(c.waiterPid());
        String netns = netns(c);
        // its --add-host lines stay when its hosts file becomes the network's
        List<String> extraHosts = c.spec().networkOptions()
            .extraHostLines((now.endpoints().isEmpty() ? n : now.endpoints().get(0).network())
                .gateway());
        UserNetworkJoin.connect(c.id(), dir, c.name(), netns, e, extraHosts,
            waiter.map(Owner::of).orElse(Owner.current()), context.diagnostics());
      } else if (ip != null) {
        IpAllocator.requireContainerAddress(n.subnetValue(), ip); // taken or not: at its start
      }
      now.with(e).write(dir);
      emit("connect", n, c.id());
    }
  }

  /** Disconnects the container from the network; a running one loses its interface at once. */
  public void disconnect(String network, String container) throws IOException {
    try (StoreLock.Held lock = store().shared()) {
      ContainerState c = containers().require(container);
      UserNetwork n = require(network);
      Path dir = containers().dir(c.id());
      ContainerNetworks now = current(c, dir);
      if (now.on(n.id()).isEmpty()) {
        throw new IllegalArgumentException("container " + c.name()
            + " is not connected to network " + n.name());
      }
      if (c.isActive()) {
        UserNetworkJoin.disconnect(c.id(), n.id());
      }
      now.without(n.id()).write(dir);
      emit("disconnect", n, c.id());
    }
  }

  /** The container's networks: its file, or the default bridge when it is on it alone. */
  private ContainerNetworks current(ContainerState c, Path dir) throws IOException {
    Optional<ContainerNetworks> file = ContainerNetworks.read(dir);
    if (file.isPresent()) {
      return file.get();
    }
    if (c.spec().network() != NetworkMode.BRIDGE) {
      throw new IllegalArgumentException("container " + c.name() + " uses network "
          + c.spec().network().name().toLowerCase(java.util.Locale.ROOT)
          + ": it cannot be connected to other networks");
    }
    return new ContainerNetworks(c.name(),
        List.of(new ContainerNetworks.Endpoint(defaultBridge(), List.of(), null)));
  }

  /** The running container's namespace: on user networks its own, else the default bridge's. */
  private static String netns(ContainerState c) {
    Path own = UserNetworkJoin.netnsPath(c.id());
    if (Files.exists(own)) {
      return own.getFileName().toString();
    }
    String bridge = BridgeNetwork.DEFAULT_NAME + "-" + c.id();
    if (Files.exists(Path.of("/run/netns", bridge))) {
      return bridge;
    }
    throw new IllegalArgumentException("container " + c.name()
        + " has no network namespace of hoist's to connect");
  }
}
