package dev.hoist.internal.runtime;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.runtime.net.PortBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an image's config and a user's {@link RunOptions} into a {@link ContainerSpec}, as
 * {@code docker run} does: the command ({@link ProcessCommand}), the environment ({@link
 * EnvironmentMerge}), the user (image's {@code USER} or {@code -u}, through {@link
 * UserResolver}), working directory, hostname, network, mounts (volumes created and filled from
 * the image on first use, through {@link VolumeStore}), limits, read-only root and terminal.
 */
public final class ContainerPlanner {
  private static final UserResolver.User ROOT = new UserResolver.User(0, 0, List.of(), "/root");

  private final VolumeStore volumes;
  private final Path shim;
  private final Map<String, String> hostEnv;

  /**
   * @param shim hoist's shim, which mounts the image's merged root to fill volumes from
   *     ({@link RootView})
   */
  public ContainerPlanner(VolumeStore volumes, Path shim, Map<String, String> hostEnv) {
    this.volumes = volumes;
    this.shim = shim;
    this.hostEnv = Map.copyOf(hostEnv);
  }

  /** A container path without doubled or trailing slashes. */
  static String normalise(String path) {
    String p = path.replaceAll("/+", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /**
   * A spec, the names of the volumes it mounts, and the targets of the mounts it took from
   * other containers ({@code --volumes-from}).
   */
  public record Plan(ContainerSpec spec, List<String> volumes, List<String> inherited) {}

  public Plan plan(ContainerConfig image, List<Path> lowerDirs, RunOptions options,
      Path containerDir) throws IOException {
    return plan(image, lowerDirs, options, containerDir, List.of());
  }

  /**
   * As {@link #plan(ContainerConfig, List, RunOptions, Path)}, with the mounts {@code
   * --volumes-from} takes ({@code inherited}) at every destination the options' own mounts
   * leave free, before the image's {@code VOLUME}s; every bind mount shallowest first, so that
   * one inside another is mounted after it (Docker sorts them so too).
   */
  public Plan plan(ContainerConfig image, List<Path> lowerDirs, RunOptions options,
      Path containerDir, List<InheritedMount> inherited) throws IOException {
    try (ImageView view = new ImageView(lowerDirs)) {
      return plan(image, lowerDirs, options, containerDir, inherited, view);
    }
  }

  private Plan plan(ContainerConfig image, List<Path> lowerDirs, RunOptions options,
      Path containerDir, List<InheritedMount> inherited, ImageView view) throws IOException {
    List<String> argv = ProcessCommand.argv(image, options.entrypoint(), options.cmd());
    String userSpec = options.user() != null ? options.user() : image.user();
    UserResolver.User user = userSpec == null || userSpec.isEmpty()
        ? ROOT // root needs no look-up in the image's /etc/passwd
        : new UserResolver(lowerDirs).resolve(userSpec);
    String cwd = options.workdir() != null ? options.workdir() : image.workingDir();
    if (cwd != null && !cwd.isEmpty() && !cwd.startsWith("/")) {
      throw new IllegalArgumentException("the working directory '" + cwd
          + "' is invalid, it needs to be an absolute path");
    }
    String hostname = options.hostname();
    boolean hostUts = options.host().namespaces().uts().equals("host");
    if (hostUts && hostname != null && !hostname.isEmpty()) {
      throw new IllegalArgumentException("Conflicting options: hostname and the UTS mode");
    }
    if (hostname == null || hostname.isEmpty()) {
      hostname = EtcFiles.defaultHostname(containerDir,
          hostUts ? NetworkMode.HOST : options.network()); // the host's name with --uts host
    }
    EnvironmentMerge env = new EnvironmentMerge(hostEnv).image(image.env());
    for (Path file : options.envFiles()) {
      env.file(file);
    }
    options.env().forEach(env::option);

    if (!options.host().groupAdd().isEmpty()) { // --group-add: beside the user's own groups
      List<Integer> groups = new ArrayList<>(user.groups());
      new UserResolver(lowerDirs).groups(options.host().groupAdd()).stream()
          .filter(g -> !groups.contains(g)).forEach(groups::add);
      user = new UserResolver.User(user.uid(), user.gid(), groups, user.home());
    }
    ContainerSpec.Builder spec = ContainerSpec.builder(lowerDirs, containerDir)
        .argv(argv)
        .env(env.build(hostname, user.home(), options.tty()))
        .cwd(cwd)
        .user(user)
        .host(options.host())
        .hostname(hostname).domainname(options.domainname())
        .network(options.network())
        .resources(options.resources())
        .readonlyRootfs(options.readOnly())
        .tty(options.tty())
        .seccomp(options.seccomp())
        .networkOptions(networkOptions(image, options));
    List<String> used = new ArrayList<>();
    String id = containerDir.getFileName().toString(); // its anonymous volumes record it
    List<BindMount> binds = new ArrayList<>();
    for (MountRequest m : options.mounts()) {
      switch (m.type()) {
        case BIND -> {
          Path source = Path.of(m.source());
          if (!Files.exists(source)) {
            Files.createDirectories(source); // as docker run -v does
          }
          binds.add(new BindMount(source, m.target(), m.readOnly()));
        }
        case VOLUME -> {
          VolumeStore.Volume volume = m.source() == null
              ? volumes.createAnonymousFor(id)
              : volumes.create(m.source());
          if (!m.noCopy()) {
            VolumeStore.populate(volume.data(), view.root(), m.target());
          }
          binds.add(new BindMount(volume.data(), m.target(), m.readOnly()));
          used.add(volume.name());
        }
        case TMPFS -> spec.tmpfs(new TmpfsMount(m.target(), m.tmpfsSize(), m.tmpfsMode(),
            m.tmpfsExec(), m.readOnly()));
        default -> throw new IllegalStateException(m.type().toString());
      }
    }
    java.util.Set<String> covered = new java.util.HashSet<>();
    options.mounts().forEach(m -> covered.add(normalise(m.target())));
    List<String> taken = new ArrayList<>();
    for (InheritedMount m : inherited) { // --volumes-from: the options' own mount wins
      if (covered.add(normalise(m.mount().target()))) {
        binds.add(m.mount());
        taken.add(m.mount().target());
        if (m.volume() != null && !used.contains(m.volume())) {
          used.add(m.volume());
        }
      }
    }
    // the image's VOLUME paths (and the API's Config.Volumes) that no mount covers get anonymous
    // volumes, as docker run does
    java.util.Set<String> anonymous = new java.util.LinkedHashSet<>(options.volumes());
    if (image.volumes() != null) {
      anonymous.addAll(image.volumes());
    }
    for (String path : anonymous) {
      if (path.startsWith("/") && covered.add(normalise(path))) {
        VolumeStore.Volume volume = volumes.createAnonymousFor(id);
        VolumeStore.populate(volume.data(), view.root(), path);
        binds.add(new BindMount(volume.data(), path, false));
        used.add(volume.name());
      }
    }
    binds.stream().sorted(java.util.Comparator.comparingLong(
        b -> normalise(b.target()).chars().filter(c -> c == '/').count())).forEach(spec::mount);
    return new Plan(spec.build(), used, taken);
  }

  /**
   * The run's network options checked against its network mode, with {@code -P}'s ports (every
   * port the image exposes, on a free host port) after {@code -p}'s.
   */
  static NetworkOptions networkOptions(ContainerConfig image, RunOptions options) {
    NetworkOptions n = options.networkOptions();
    NetworkMode mode = options.network();
    n.extraHosts().forEach(ExtraHosts::check);
    if (mode == NetworkMode.CONTAINER) {
      if (!n.ports().isEmpty() || n.publishAll()) {
        throw new IllegalArgumentException(
            "conflicting options: port publishing and the container type network mode");
      }
      if (options.hostname() != null && !options.hostname().isEmpty()) {
        throw new IllegalArgumentException(
            "conflicting options: hostname and the container type network mode");
      }
      if (!n.extraHosts().isEmpty() || !n.dns().isEmpty() || !n.dnsSearch().isEmpty()
          || !n.dnsOptions().isEmpty() || n.mac() != null || n.ip() != null) {
        throw new IllegalArgumentException("conflicting options: --add-host, --dns…, --ip or "
            + "--mac-address and the container type network mode");
      }
    }
    if ((n.ip() != null || n.mac() != null) && mode != NetworkMode.BRIDGE) {
      throw new IllegalArgumentException("--ip and --mac-address need the bridge network");
    }
    java.util.TreeSet<String> exposed = new java.util.TreeSet<>(n.expose());
    if (image.exposedPorts() != null) {
      exposed.addAll(image.exposedPorts());
    }
    if (!n.publishAll() || exposed.isEmpty()) {
      return n;
    }
    List<PortBinding> ports = new ArrayList<>(n.ports());
    for (String key : exposed) {
      for (PortBinding p : PortBinding.parse(key)) {
        boolean given = n.ports().stream().anyMatch(q -> q.containerKey().equals(p.containerKey()));
        if (!given) {
          ports.add(p);
        }
      }
    }
    return n.withPorts(ports);
  }

  /** The image's merged root, mounted on first use (only volumes need it). */
  private final class ImageView implements AutoCloseable {
    private final List<Path> lowerDirs;
    private RootView view;

    ImageView(List<Path> lowerDirs) {
      this.lowerDirs = lowerDirs;
    }

    Path root() throws IOException {
      if (view == null) {
        view = RootView.open(shim, lowerDirs, volumes.scratch());
      }
      return view.root();
    }

    @Override
    public void close() throws IOException {
      if (view != null) {
        view.close();
      }
    }
  }
}
