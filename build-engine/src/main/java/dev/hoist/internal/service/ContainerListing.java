package dev.hoist.internal.service;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.runtime.BindMount;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.HealthState;
import dev.hoist.internal.runtime.NetworkSettings;
import dev.hoist.internal.runtime.VolumeStore;
import dev.hoist.internal.runtime.net.ContainerNetworks;
import dev.hoist.internal.runtime.net.PortBinding;
import dev.hoist.internal.runtime.net.UserNetwork;
import dev.hoist.internal.service.list.Timestamps;
import dev.hoist.internal.service.list.ContainerListOptions;
import dev.hoist.internal.service.list.ContainerSummary;
import dev.hoist.internal.service.list.Filters;
import dev.hoist.internal.service.list.HumanDuration;
import dev.hoist.internal.service.list.InvalidFilterException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code docker ps}'s selection, as moby's daemon makes it ({@code daemon/list.go}): newest
 * first; the filters {@code id name label status exited ancestor before since volume network
 * publish expose health}; {@code -n} counts what the other filters kept.
 */
final class ContainerListing {
  static final Set<String> FILTERS = Set.of("id", "name", "label", "status", "exited", "ancestor",
      "before", "since", "volume", "network", "publish", "expose", "health", "isolation",
      "is-task");
  private static final Set<String> STATES = Set.of("created", "restarting", "running",
      "removing", "paused", "exited", "dead");
  private static final Set<String> HEALTH = Set.of("starting", "healthy", "unhealthy", "none");

  private final ContainerStore store;
  private final ImageService images;
  private final Clock clock;
  private final Map<String, Map<String, String>> labelsByImage = new HashMap<>();

  ContainerListing(ContainerStore store, ImageService images, Clock clock) {
    this.store = store;
    this.images = images;
    this.clock = clock;
  }

  List<ContainerSummary> list(ContainerListOptions options) throws IOException {
    Filters f = options.filters().validate(FILTERS);
    boolean all = options.all();
    for (String status : f.get("status")) {
      if (!STATES.contains(status)) {
        throw new InvalidFilterException("status", List.of(status));
      }
      all = true;
    }
    for (String health : f.get("health")) {
      if (!HEALTH.contains(health)) {
        throw new IllegalArgumentException("Unrecognised filter value for health: " + health);
      }
    }
    List<Integer> exited = new ArrayList<>();
    for (String code : f.get("exited")) {
      try {
        exited.add(Integer.parseInt(code));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("strconv.Atoi: parsing " + quote(code)
            + ": invalid syntax");
      }
    }
    Set<String> publish = ports(f, "publish");
    Set<String> expose = ports(f, "expose");
    List<ContainerState> containers = new ArrayList<>(store.list());
    // each creation time parsed once, not once per comparison
    Map<ContainerState, Instant> created = new java.util.IdentityHashMap<>();
    containers.forEach(c -> created.put(c, instant(c.created())));
    containers.sort(Comparator.comparing((ContainerState c) -> created.get(c)).reversed());
    String before = f.get("before").isEmpty() ? null : require(f.get("before").get(0));
    String since = f.get("since").isEmpty() ? null : require(f.get("since").get(0));
    Set<String> ancestors = new HashSet<>();
    for (String ancestor : f.get("ancestor")) {
      try {
        ancestors.add(images.imageId(images.require(ancestor)));
      } catch (IllegalArgumentException e) {
        // moby logs an image it cannot find and matches nothing by it
      }
    }
    List<ContainerSummary> shown = new ArrayList<>();
    for (ContainerState c : containers) {
      if (before != null) {
        if (c.id().equals(before)) {
          before = null;
        }
        continue;
      }
      if (since != null && c.id().equals(since)) {
        break;
      }
      if (!c.isActive() && !all && options.limit() <= 0) {
        continue;
      }
      if (!f.match("name", c.name()) || !f.match("id", c.id())) {
        continue;
      }
      ContainerSummary s = summary(c, false);
      if (!f.matchLabels("label", s.labels())) {
        continue;
      }
      if (options.limit() > 0 && shown.size() == options.limit()) {
        break;
      }
      if (!exited.isEmpty() && (c.isActive() || !s.startedOnce()
          || !exited.contains(s.exitCode()))) {
        continue;
      }
      if (!f.match("status", s.state()) || !f.exactMatch("health", s.health())) {
        continue;
      }
      if (f.contains("volume") && s.mounts().stream().noneMatch(m ->
          f.get("volume").contains(m.destination())
              || f.get("volume").contains(m.name() != null ? m.name() : m.source()))) {
        continue;
      }
      if (f.contains("ancestor") && !ancestors.contains(c.imageId())) {
        continue;
      }
      if (f.contains("network") && s.networks().stream().noneMatch(n ->
          f.get("network").stream().anyMatch(v -> v.equals(n.name()) || n.id().startsWith(v)))) {
        continue;
      }
      if ((!publish.isEmpty() || !expose.isEmpty()) && s.ports().stream().noneMatch(p ->
          publish.contains(p.hostPort() + "/" + p.protocol())
              || expose.contains(p.containerKey()))) {
        continue;
      }
      shown.add(options.size() ? summary(c, true) : s);
    }
    return shown;
  }

  /** The container a {@code before}/{@code since} filter names (ID, prefix or name). */
  private String require(String reference) throws IOException {
    return store.find(reference).orElseThrow(() -> new NotFoundException(
        "No such container: " + reference)).id();
  }

  /** moby's {@code portOp}: {@code PORT[/PROTO]} or {@code START-END[/PROTO]}. */
  private static Set<String> ports(Filters f, String key) {
    Set<String> ports = new HashSet<>();
    for (String value : f.get(key)) {
      if (value.contains(":")) {
        throw new IllegalArgumentException("filter for '" + key + "' should not contain ':': "
            + value);
      }
      int slash = value.indexOf('/');
      String proto = slash < 0 ? "tcp" : value.substring(slash + 1);
      String range = slash < 0 ? value : value.substring(0, slash);
      int dash = range.indexOf('-');
      try {
        int start = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
        int end = dash < 0 ? start : Integer.parseInt(range.substring(dash + 1));
        for (int p = start; p <= end; p++) {
          ports.add(p + "/" + proto);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("error while looking up for " + key + " " + value
            + ": invalid port: " + range);
      }
    }
    return ports;
  }

  ContainerSummary summary(ContainerState c, boolean size) throws IOException {
    ContainerSpec spec = c.spec();
    String command = spec == null ? "" : String.join(" ", spec.argv());
    List<PortBinding> ports = NetworkSettings.of(store, c).map(NetworkSettings::ports)
        .orElse(List.of());
    Long sizeRw = null;
    Long sizeRootFs = null;
    if (size && spec != null) {
      sizeRw = DiskUse.of(spec.containerDir().resolve("upper"));
      long image = 0;
      try {
        image = imageSize(c);
      } catch (IOException | RuntimeException e) {
        image = 0;
      }
      sizeRootFs = sizeRw + image;
    }
    return new ContainerSummary(c.id(), List.of("/" + c.name()), c.image(), c.imageId(),
        command, instant(c.created()), c.status().word(), status(c), ports, labels(c),
        mounts(c), networks(c), sizeRw, sizeRootFs, health(c), c.exitCode(),
        c.startedAt() != null);
  }

  /**
   * The health status the {@code health} filter matches: what its checks recorded last, {@code
   * none} before any (no check, or never started with one).
   */
  private String health(ContainerState c) {
    return HealthState.read(store.dir(c.id())).map(HealthState::status).orElse("none");
  }

  private long imageSize(ContainerState c) throws IOException {
    return images.list().stream().filter(i -> i.id().equals(c.imageId())).findFirst()
        .map(i -> i.size()).orElse(0L);
  }

  /**
   * Docker's status words: "Up 3 minutes", "Up 3 minutes (healthy)", "Exited (0) 2 hours ago",
   * "Created".
   */
  String status(ContainerState c) {
    return switch (c.status()) {
      case CREATED -> "Created";
      case RUNNING -> "Up " + since(c.startedAt()) + healthSuffix(c);
      case PAUSED -> "Up " + since(c.startedAt()) + " (Paused)";
      case EXITED -> "Exited (" + c.exitCode() + ") " + since(c.finishedAt()) + " ago";
      case RESTARTING -> "Restarting (" + c.exitCode() + ") " + since(c.finishedAt()) + " ago";
    };
  }

  /** moby's {@code Health.String()} after a running container's status: {@code (healthy)}. */
  private String healthSuffix(ContainerState c) {
    String health = health(c);
    return switch (health) {
      case "none" -> "";
      case "starting" -> " (health: starting)";
      default -> " (" + health + ")";
    };
  }

  private String since(String rfc3339) {
    Instant then = instant(rfc3339);
    Duration d = Duration.between(then, clock.instant());
    return HumanDuration.of(d.isNegative() ? Duration.ZERO : d);
  }

  /** The recorded time; an unknown one as the epoch (listed last, shown as long ago). */
  private static Instant instant(String rfc3339) {
    Instant t = Timestamps.recorded(rfc3339);
    return t == null ? Instant.EPOCH : t;
  }

  /**
   * Its labels: recorded at create (the image's with {@code --label}'s over them); for a
   * container recorded before labels, the image's.
   */
  private Map<String, String> labels(ContainerState c) {
    if (c.config() != null && c.config().labels() != null) {
      return c.config().labels();
    }
    if (c.imageId() == null) {
      return Map.of();
    }
    return labelsByImage.computeIfAbsent(c.imageId(), id -> {
      try {
        ImageConfig config = new ImageReader(images.store().blobs()).config(Digest.parse(id));
        ContainerConfig run = config.config();
        return run == null || run.labels() == null ? Map.of() : run.labels();
      } catch (IOException | RuntimeException e) {
        return Map.of(); // the image is gone
      }
    });
  }

  private List<ContainerSummary.Mount> mounts(ContainerState c) throws IOException {
    List<ContainerSummary.Mount> mounts = new ArrayList<>();
    if (c.spec() == null) {
      return mounts;
    }
    VolumeStore volumes = new VolumeStore(store.home());
    Map<Path, String> byData = new HashMap<>();
    for (String name : c.volumes()) {
      volumes.get(name).ifPresent(v -> byData.put(v.data(), v.name()));
    }
    for (BindMount m : c.spec().mounts()) {
      String volume = byData.get(m.source());
      mounts.add(new ContainerSummary.Mount(volume, m.source().toString(), m.target(),
          volume == null ? null : "local"));
    }
    return mounts;
  }

  private List<ContainerSummary.Network> networks(ContainerState c) throws IOException {
    List<ContainerSummary.Network> networks = new ArrayList<>();
    Optional<ContainerNetworks> user = ContainerNetworks.read(store.dir(c.id()));
    if (user.isPresent() && !user.get().endpoints().isEmpty()) {
      user.get().endpoints().forEach(e -> networks.add(
          new ContainerSummary.Network(e.network().name(), e.network().id())));
      return networks;
    }
    if (c.spec() != null) {
      switch (c.spec().network()) {
        case BRIDGE -> networks.add(new ContainerSummary.Network("bridge", UserNetwork.BRIDGE_ID));
        case HOST -> networks.add(new ContainerSummary.Network("host", UserNetwork.HOST_ID));
        case NONE -> networks.add(new ContainerSummary.Network("none", UserNetwork.NONE_ID));
        default -> { }
      }
    }
    return networks;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
