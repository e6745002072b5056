package dev.hoist.internal.compose;

import dev.hoist.internal.build.BuildProgress;
import dev.hoist.internal.runtime.ContainerHealthcheck;
import dev.hoist.internal.runtime.ContainerLog;
import dev.hoist.internal.runtime.ContainerProcess;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.InheritedMount;
import dev.hoist.internal.runtime.Stdio;
import dev.hoist.internal.runtime.Trace;
import dev.hoist.internal.runtime.net.NetworkStore;
import dev.hoist.internal.runtime.net.UserNetwork;
import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.NotFoundException;
import dev.hoist.internal.service.PullListener;
import dev.hoist.internal.service.PullPolicy;
import dev.hoist.internal.service.RegistryOverrides;
import dev.hoist.internal.service.docker.ContainerInspect;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code hoist compose}: a project's services run as hoist containers on hoist networks and
 * volumes, through the container, network and volume services, with no process of its own. The
 * state is the labels Compose puts on what it makes ({@link ComposeLabels}): {@code up} reads
 * them back to converge (a container whose config hash is unchanged is left alone).
 */
public final class ComposeService {
  private static final Duration HEALTH_WAIT = Duration.ofMinutes(5);
  private final Hoist hoist;

  public ComposeService(Hoist hoist) {
    this.hoist = hoist;
  }

  /** Loads the project {@code options} describe ({@link ProjectLoader}). */
  public ComposeProject load(ProjectOptions options) throws IOException {
    return new ProjectLoader(options).load();
  }

  /**
   * Loads the project as {@link #load} does, with the profiles of {@code service} enabled too
   * when none enabled selects it ({@link ProjectLoader#load(String)}): a service named on the
   * command line runs whatever its profiles ({@code compose run}, as Compose v2 does).
   */
  public ComposeProject loadTargeting(ProjectOptions options, String service)
      throws IOException {
    return new ProjectLoader(options).load(service);
  }

  /** {@code up -d}'s options: services (empty: all), {@code --scale}, recreate policy. */
  public record UpOptions(List<String> services, Map<String, Integer> scale,
      boolean forceRecreate, boolean noRecreate, boolean removeOrphans, PullPolicy pull) {
    public UpOptions {
      services = List.copyOf(services);
      scale = Map.copyOf(scale);
      pull = pull == null ? PullPolicy.MISSING : pull;
    }

    public static final UpOptions DEFAULT = new UpOptions(List.of(), Map.of(), false, false,
        false, PullPolicy.MISSING);
  }

  /**
   * {@code up -d}: networks and volumes made when missing, then each service (those named and
   * what they depend on, in {@code depends_on} order, waiting for {@code service_healthy} and
   * {@code service_completed_successfully}) converged to its scale: containers whose config
   * hash changed recreated, stopped ones started, surplus ones removed, missing ones created.
   */
  public void up(ComposeProject project, UpOptions options, Consumer<ComposeEvent> events)
      throws IOException, InterruptedException {
    up(project, options, Builds.DEFAULT, events);
  }

  /** When {@code up} builds a service with a {@code build} section. */
  public enum BuildPolicy {
    /** When its image is not in the store (up's default). */
    MISSING,
    /** Always ({@code up --build}). */
    ALWAYS,
    /** Never ({@code up --no-build}): a missing image is an error. */
    NEVER
  }

  /** {@code up}'s builds: when, and where their steps are reported. */
  public record Builds(BuildPolicy policy, BuildProgress progress) {
    public static final Builds DEFAULT = new Builds(BuildPolicy.MISSING, BuildProgress.silent());
  }

  /** {@code up} building the services' images as {@code builds} says, before any container. */
  public void up(ComposeProject project, UpOptions options, Builds builds,
      Consumer<ComposeEvent> events) throws IOException, InterruptedException {
    for (ServiceConfig s : project.services().values()) {
      Integer n = options.scale().get(s.name());
      if ((n != null ? n : s.scale()) > 1 && s.containerName() != null) {
        throw new ComposeException("services." + s.name() + ": container_name \""
            + s.containerName() + "\" cannot be used with a scale above 1");
      }
    }
    for (String name : options.scale().keySet()) {
      project.service(name);
    }
    List<String> order = ServiceOrder.of(project, options.services());
    Trace.mark("compose up: begins");
    buildImages(project, order, builds, events);
    Trace.mark("compose up: images built or found");
    ensureNetworks(project, events);
    Trace.mark("compose up: networks made");
    ensureVolumes(project, events);
    Trace.mark("compose up: volumes made");
    Set<String> recreated = java.util.concurrent.ConcurrentHashMap.newKeySet();
    ServiceScheduler.run(project, order, name -> {
      ServiceConfig s = project.service(name);
      awaitDependencies(project, s, events);
      if (converge(project, s, options.scale().getOrDefault(name, s.scale()), options,
          events)) {
        recreated.add(name);
      } else {
        restartAfterDependencies(project, s, recreated, events);
      }
    });
    if (options.removeOrphans()) {
      for (ContainerState c : orphans(project)) {
        remove(c, events);
      }
    }
  }

  private void buildImages(ComposeProject project, List<String> order, Builds builds,
      Consumer<ComposeEvent> events) throws IOException, InterruptedException {
    for (String name : order) {
      ServiceConfig s = project.service(name);
      if (s.build() == null) {
        continue;
      }
      String image = ServiceImageBuild.imageName(project, s);
      boolean missing = localImageId(image) == null;
      if (builds.policy() == BuildPolicy.ALWAYS
          || missing && builds.policy() == BuildPolicy.MISSING) {
        buildImage(project, s, false, false, builds.progress(), events);
      } else if (missing && s.image() == null) {
        throw new ComposeException("services." + name + ": image " + image + " is not built "
            + "and --no-build forbids building it (hoist compose build " + name + ")");
      }
    }
  }

  /**
   * {@code compose build}: the images of the services (empty: all) with a {@code build}
   * section, in dependency order; the others are skipped, as Compose skips them.
   */
  public void build(ComposeProject project, List<String> services, boolean noCache,
      boolean pull, BuildProgress progress, Consumer<ComposeEvent> events)
      throws IOException, InterruptedException {
    for (String name : ServiceOrder.of(project, services)) {
      ServiceConfig s = project.service(name);
      if (s.build() != null && (services.isEmpty() || services.contains(name))) {
        buildImage(project, s, noCache, pull, progress, events);
      }
    }
  }

  private void buildImage(ComposeProject project, ServiceConfig s, boolean noCache,
      boolean pull, BuildProgress progress, Consumer<ComposeEvent> events)
      throws IOException, InterruptedException {
    String image = ServiceImageBuild.imageName(project, s);
    events.accept(new ComposeEvent("Image", image, "Building"));
    ServiceImageBuild.build(hoist.builds(), project, s, noCache, pull, progress);
    events.accept(new ComposeEvent("Image", image, "Built"));
  }

  /** The ID of the image {@code reference} names in the store; null: none. */
  private String localImageId(String reference) throws IOException {
    try {
      return hoist.images().imageId(hoist.images().require(reference));
    } catch (NotFoundException e) {
      return null;
    }
  }

  private void ensureNetworks(ComposeProject project, Consumer<ComposeEvent> events)
      throws IOException {
    for (Map.Entry<String, NetworkConfig> e : project.networks().entrySet()) {
      NetworkConfig n = e.getValue();
      if (n.external()) {
        hoist.networks().require(n.name());
        continue;
      }
      if (network(n.name()) != null) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>(n.labels());
      labels.put(ComposeLabels.PROJECT, project.name());
      labels.put(ComposeLabels.NETWORK, e.getKey());
      labels.put(ComposeLabels.VERSION, "hoist");
      hoist.networks().create(new NetworkStore.Request(n.name(), n.subnet(), n.gateway(),
          n.internal(), labels, n.driver()));
      events.accept(new ComposeEvent("Network", n.name(), "Created"));
    }
  }

  private UserNetwork network(String name) throws IOException {
    for (UserNetwork n : hoist.networks().list()) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    return null;
  }

  private void ensureVolumes(ComposeProject project, Consumer<ComposeEvent> events)
      throws IOException {
    Set<String> existing = new HashSet<>();
    hoist.volumes().list().forEach(v -> existing.add(v.name()));
    for (Map.Entry<String, VolumeConfig> e : project.volumes().entrySet()) {
      VolumeConfig v = e.getValue();
      if (v.external()) {
        if (!existing.contains(v.name())) {
          throw new ComposeException("external volume \"" + v.name() + "\" not found");
        }
        continue;
      }
      if (existing.contains(v.name())) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>(v.labels());
      labels.put(ComposeLabels.PROJECT, project.name());
      labels.put(ComposeLabels.VOLUME, e.getKey());
      labels.put(ComposeLabels.VERSION, "hoist");
      hoist.volumes().create(v.name(), labels);
      events.accept(new ComposeEvent("Volume", v.name(), "Created"));
    }
  }

  private void awaitDependencies(ComposeProject project, ServiceConfig s,
      Consumer<ComposeEvent> events) throws IOException, InterruptedException {
    for (Map.Entry<String, Dependency> d : s.dependsOn().entrySet()) {
      if (!project.services().containsKey(d.getKey())) {
        continue; // not required and not enabled
      }
      String condition = d.getValue().condition();
      for (ContainerState c : containers(project, d.getKey())) {
        if (condition.equals(Dependency.HEALTHY)) {
          awaitHealthy(c);
          events.accept(new ComposeEvent("Container", c.name(), "Healthy"));
        } else if (condition.equals(Dependency.COMPLETED)) {
          int code = hoist.containers().await(c.id());
          if (code != 0) {
            throw new ComposeException("service \"" + d.getKey() + "\" didn't complete "
                + "successfully: exit " + code + " (" + s.name() + " depends on it)");
          }
          events.accept(new ComposeEvent("Container", c.name(), "Exited"));
        }
      }
    }
  }

  private void awaitHealthy(ContainerState c) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(HEALTH_WAIT);
    // a check shows in the state once its monitor has written it: a short while after start
    Instant noCheckBy = Instant.now().plusSeconds(10);
    while (Instant.now().isBefore(deadline)) {
      ContainerInspect inspect = hoist.containers().dockerInspect(c.id(), false);
      ContainerInspect.Health health = inspect.state().health();
      if (health == null) {
        if (Instant.now().isAfter(noCheckBy)) {
          throw new ComposeException("container " + c.name() + " has no health check; "
              + "service_healthy needs one");
        }
        Thread.sleep(200);
        continue;
      }
      if (health.status().equals("healthy")) {
        return;
      }
      if (health.status().equals("unhealthy")) {
        throw new ComposeException("container " + c.name() + " is unhealthy");
      }
      if (!inspect.state().running()) {
        throw new ComposeException("container " + c.name() + " exited before it was healthy");
      }
      Thread.sleep(200);
    }
    throw new ComposeException("container " + c.name() + " was not healthy after "
        + HEALTH_WAIT.toMinutes() + " minutes");
  }

  /**
   * {@code depends_on: {S: {restart: true}}}: the service's running containers restarted when
   * {@code up} recreated S (as Compose does), so that they reconnect to the new one.
   */
  private void restartAfterDependencies(ComposeProject project, ServiceConfig s,
      Set<String> recreated, Consumer<ComposeEvent> events)
      throws IOException, InterruptedException {
    boolean restart = s.dependsOn().entrySet().stream()
        .anyMatch(d -> d.getValue().restart() && recreated.contains(d.getKey()));
    if (!restart) {
      return;
    }
    for (ContainerState c : containers(project, s.name())) {
      if (c.isActive()) {
        hoist.containers().restart(c.id(), null);
        events.accept(new ComposeEvent("Container", c.name(), "Restarted"));
      }
    }
  }

  /** Converges the service's containers; whether any was created or recreated. */
  private boolean converge(ComposeProject project, ServiceConfig s, int scale, UpOptions options,
      Consumer<ComposeEvent> events) throws IOException, InterruptedException {
    boolean changedAny = false;
    String hash = ConfigHash.of(s);
    // a built service's containers follow its image: a rebuild that changed it recreates them
    String builtImage = s.build() == null ? null
        : localImageId(ServiceImageBuild.imageName(project, s));
    String joins = joinedId(project, s);
    List<ContainerState> existing = containers(project, s.name());
    Set<Integer> kept = new HashSet<>();
    for (ContainerState c : existing) {
      int number = number(c);
      if (number > scale || kept.contains(number)) {
        remove(c, events);
        continue;
      }
      boolean changed = !hash.equals(c.labels().get(ComposeLabels.CONFIG_HASH))
          || builtImage != null && !builtImage.equals(c.imageId())
          || joins != null && !joins.equals(c.spec().networkOptions().container())
          || borrowsOldMounts(project, s, c);
      if ((changed && !options.noRecreate()) || options.forceRecreate()) {
        remove(c, events);
        create(project, s, number, events, "Recreated");
        changedAny = true;
      } else if (!c.isActive()) {
        hoist.containers().start(c.id());
        events.accept(new ComposeEvent("Container", c.name(), "Started"));
      } else {
        events.accept(new ComposeEvent("Container", c.name(), "Running"));
      }
      kept.add(number);
    }
    for (int number = 1; number <= scale; number++) {
      if (!kept.contains(number)) {
        create(project, s, number, events, "Started");
        changedAny = true;
      }
    }
    return changedAny;
  }

  /**
   * Whether {@code c} mounts, at a destination it took with {@code volumes_from}, another
   * source than its source container has now: one recreated since has new anonymous volumes
   * (hoist's recreate does not carry them over), so the borrower is recreated with them, as the
   * container that joined a recreated one's network is. A source missing now: false ({@code
   * create} says so when it is needed).
   */
  private boolean borrowsOldMounts(ComposeProject project, ServiceConfig s, ContainerState c)
      throws IOException {
    if (s.volumesFrom().isEmpty() || c.spec() == null) {
      return false;
    }
    java.util.Map<String, java.nio.file.Path> now = new java.util.HashMap<>();
    try {
      for (InheritedMount m : InheritedMount.of(ServiceRun.volumesFrom(project, s),
          hoist.context().containerStore())) {
        now.put(m.mount().target(), m.mount().source());
      }
    } catch (IllegalArgumentException missing) {
      return false;
    }
    return c.spec().mounts().stream().filter(m -> c.inheritedMounts().contains(m.target()))
        .anyMatch(m -> !m.source().equals(now.get(m.target())));
  }

  /**
   * The ID of the container whose network namespace the service joins ({@code network_mode:
   * service:NAME} or {@code container:NAME}), null: none (or none of that name yet). A container
   * that joined another one, since recreated, is recreated too (as Compose does): it holds the
   * old one's ID.
   */
  private String joinedId(ComposeProject project, ServiceConfig s) throws IOException {
    String name = ServiceRun.joined(project, s.host());
    if (name == null) {
      return null;
    }
    try {
      return hoist.containers().require(name).id();
    } catch (NotFoundException e) {
      return null;
    }
  }

  private void create(ComposeProject project, ServiceConfig s, int number,
      Consumer<ComposeEvent> events, String action) throws IOException, InterruptedException {
    String name = s.containerName() != null ? s.containerName()
        : project.name() + "-" + s.name() + "-" + number;
    ContainerState c = createContainer(s, ServiceRun.of(project, s, number, name,
        contentFiles(project, s)));
    try {
      hoist.containers().startDetached(c);
    } catch (IOException | RuntimeException e) {
      removeAfter(c, e);
      throw e;
    }
    events.accept(new ComposeEvent("Container", name, action));
  }

  /** The container {@code run} describes, created and joined to its networks; not started. */
  private ContainerState createContainer(ServiceConfig s, ServiceRun run)
      throws IOException, InterruptedException {
    ContainerService containers = hoist.containers();
    String first = run.networks().isEmpty() ? null : run.networks().get(0);
    ContainerState c = containers.create(new ContainerService.CreateRequest(run.options(),
        first == null ? List.of() : List.of(first),
        first == null ? List.of() : run.aliases().get(first),
        run.health(), run.restart()), pullPolicy(s), RegistryOverrides.NONE,
        PullListener.NONE);
    try {
      for (String other : run.networks().subList(Math.min(1, run.networks().size()),
          run.networks().size())) {
        hoist.networks().connect(other, c.id(), run.aliases().get(other),
            run.ips().get(other));
      }
      return containers.require(c.id());
    } catch (IOException | RuntimeException e) {
      removeAfter(c, e);
      throw e;
    }
  }

  /** The host files of the service's secrets and configs made of a value, written. */
  private Map<String, java.nio.file.Path> contentFiles(ComposeProject project, ServiceConfig s)
      throws IOException {
    return contentFiles(project).write(s.files());
  }

  private ContentFiles contentFiles(ComposeProject project) {
    return new ContentFiles(hoist.context().home().root(), project.name());
  }

  /** Removes {@code c}, made only in part; what goes wrong then is added to {@code e}. */
  private void removeAfter(ContainerState c, Exception e) throws InterruptedException {
    try {
      hoist.containers().remove(c.id(), true, true);
    } catch (IOException | RuntimeException suppressed) {
      e.addSuppressed(suppressed);
    }
  }

  /**
   * {@code compose run}: the one-off container {@code request} asks for, created (not started:
   * the caller runs it attached or detached) as Compose v2 makes it: named
   * {@code PROJECT-SERVICE-run-ID} unless named, labelled {@code com.docker.compose.oneoff=True}
   * (so that {@code up} leaves it and {@code down} removes it), on the service's networks and
   * volumes (made when missing), its image built when missing; unless {@code noDeps}, the
   * services it depends on brought up first ({@link #up}) and waited for as its
   * {@code depends_on} conditions say.
   */
  public ContainerState createOneOff(ComposeProject project, OneOffRequest request,
      Builds builds, Consumer<ComposeEvent> events) throws IOException, InterruptedException {
    ServiceConfig s = project.service(request.service());
    List<String> dependencies = s.dependsOn().keySet().stream()
        .filter(project.services()::containsKey).toList();
    if (request.noDeps() || dependencies.isEmpty()) {
      ensureNetworks(project, events);
      ensureVolumes(project, events);
    } else {
      up(project, new UpOptions(dependencies, Map.of(), false, false, false,
          PullPolicy.MISSING), builds, events);
      awaitDependencies(project, s, events);
    }
    buildImages(project, List.of(s.name()), builds, events);
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    String slug = java.util.HexFormat.of().formatHex(random);
    String name = request.name() != null ? request.name()
        : project.name() + "-" + s.name() + "-run-" + slug.substring(0, 12);
    return createContainer(s, ServiceRun.of(project, s, 1, name, contentFiles(project, s))
        .oneOff(project, s, request, name, slug));
  }

  private static PullPolicy pullPolicy(ServiceConfig s) {
    if (s.pullPolicy() == null) {
      return PullPolicy.MISSING;
    }
    return switch (s.pullPolicy()) {
      case "always" -> PullPolicy.ALWAYS;
      case "never" -> PullPolicy.NEVER;
      default -> PullPolicy.MISSING;
    };
  }

  private static int number(ContainerState c) {
    try {
      return Integer.parseInt(c.labels().getOrDefault(ComposeLabels.NUMBER, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** {@code down}'s options. */
  public record DownOptions(boolean volumes, boolean removeOrphans, Duration timeout) {}

  /**
   * {@code down}: the project's containers stopped and removed (orphans too with
   * {@code removeOrphans}), then its networks; with {@code volumes} its named volumes and the
   * containers' anonymous ones. External networks and volumes stay.
   */
  public void down(ComposeProject project, DownOptions options, Consumer<ComposeEvent> events)
      throws IOException, InterruptedException {
    Trace.mark("compose down: begins");
    List<ContainerState> all = projectContainers(project.name());
    List<ContainerState> orphans = orphans(project);
    List<ContainerState> first = new ArrayList<>(oneOffs(project.name()));
    if (options.removeOrphans()) {
      first.addAll(orphans);
    }
    ServiceScheduler.Task<ContainerState> stopAndRemove = c -> {
      stop(c, options.timeout(), events);
      hoist.containers().remove(c.id(), true, options.volumes());
      events.accept(new ComposeEvent("Container", c.name(), "Removed"));
    };
    ServiceScheduler.each(first, stopAndRemove);
    // the services in reverse dependency order, those independent of each other (and each
    // one's containers) at the same time, as Compose v2 stops them
    ServiceScheduler.runReversed(project, ServiceOrder.of(project, List.of()), service ->
        ServiceScheduler.each(all.stream().filter(c -> !orphans.contains(c)
            && service.equals(c.labels().get(ComposeLabels.SERVICE))).toList(), stopAndRemove));
    Trace.mark("compose down: containers removed");
    for (NetworkConfig n : project.networks().values()) {
      if (n.external()) {
        continue;
      }
      UserNetwork existing = network(n.name());
      if (existing != null && project.name().equals(existing.labels().get(
          ComposeLabels.PROJECT))) {
        hoist.networks().remove(existing.id());
        events.accept(new ComposeEvent("Network", n.name(), "Removed"));
      }
    }
    Trace.mark("compose down: networks removed");
    if (options.volumes()) {
      for (VolumeConfig v : project.volumes().values()) {
        if (!v.external() && hoist.volumes().remove(v.name(), true)) {
          events.accept(new ComposeEvent("Volume", v.name(), "Removed"));
        }
      }
    }
    contentFiles(project).removeUnused(this::mountedPaths);
  }

  /** The host paths every container of the store binds (any project's, or none's). */
  private Set<java.nio.file.Path> mountedPaths() throws IOException {
    Set<java.nio.file.Path> out = new HashSet<>();
    for (ContainerState c : hoist.containers().list()) {
      if (c.spec() != null) {
        c.spec().mounts().forEach(m -> out.add(m.source()));
      }
    }
    return out;
  }

  private void stop(ContainerState c, Duration timeout, Consumer<ComposeEvent> events)
      throws IOException, InterruptedException {
    if (c.isActive()) {
      hoist.containers().stop(c.id(), timeout);
      events.accept(new ComposeEvent("Container", c.name(), "Stopped"));
    }
  }

  private void remove(ContainerState c, Consumer<ComposeEvent> events)
      throws IOException, InterruptedException {
    stop(c, null, events);
    hoist.containers().remove(c.id(), true, false);
    events.accept(new ComposeEvent("Container", c.name(), "Removed"));
  }

  /** The containers of the project's services (or of {@code services}), by service, number. */
  public List<ContainerState> containers(ComposeProject project, List<String> services)
      throws IOException {
    for (String s : services) {
      project.service(s);
    }
    List<ContainerState> out = new ArrayList<>();
    for (ContainerState c : projectContainers(project.name())) {
      String service = c.labels().get(ComposeLabels.SERVICE);
      if (project.services().containsKey(service)
          && (services.isEmpty() || services.contains(service))) {
        out.add(c);
      }
    }
    return out;
  }

  private List<ContainerState> containers(ComposeProject project, String service)
      throws IOException {
    return containers(project, List.of(service));
  }

  private List<ContainerState> orphans(ComposeProject project) throws IOException {
    List<ContainerState> out = new ArrayList<>();
    for (ContainerState c : projectContainers(project.name())) {
      if (!project.services().containsKey(c.labels().get(ComposeLabels.SERVICE))) {
        out.add(c);
      }
    }
    return out;
  }

  private List<ContainerState> projectContainers(String project) throws IOException {
    return projectContainers(project, false);
  }

  /** The project's one-off containers ({@code compose run}'s). */
  private List<ContainerState> oneOffs(String project) throws IOException {
    return projectContainers(project, true);
  }

  private List<ContainerState> projectContainers(String project, boolean oneOffs)
      throws IOException {
    List<ContainerState> out = new ArrayList<>();
    for (ContainerState c : hoist.containers().list()) {
      if (project.equals(c.labels().get(ComposeLabels.PROJECT))
          && oneOffs == "True".equals(c.labels().get(ComposeLabels.ONEOFF))) {
        out.add(c);
      }
    }
    out.sort(Comparator.comparing((ContainerState c) -> c.labels()
        .getOrDefault(ComposeLabels.SERVICE, "")).thenComparingInt(ComposeService::number));
    return out;
  }

  /**
   * {@code stop}: the services' containers stopped in reverse dependency order, those of
   * services independent of each other (and each service's) at the same time, as
   * {@link #down} stops them.
   */
  public void stop(ComposeProject project, List<String> services, Duration timeout,
      Consumer<ComposeEvent> events) throws IOException, InterruptedException {
    ServiceScheduler.runReversed(project, ServiceOrder.of(project, services), s -> {
      if (services.isEmpty() || services.contains(s)) {
        ServiceScheduler.each(containers(project, s), c -> stop(c, timeout, events));
      }
    });
  }

  /** {@code start}: the services' stopped containers started, in dependency order. */
  public void start(ComposeProject project, List<String> services,
      Consumer<ComposeEvent> events) throws IOException, InterruptedException {
    for (String s : ServiceOrder.of(project, services)) {
      if (services.isEmpty() || services.contains(s)) {
        for (ContainerState c : containers(project, s)) {
          if (!c.isActive()) {
            hoist.containers().start(c.id());
            events.accept(new ComposeEvent("Container", c.name(), "Started"));
          }
        }
      }
    }
  }

  /** {@code restart}: each container of the services restarted. */
  public void restart(ComposeProject project, List<String> services, Duration timeout,
      Consumer<ComposeEvent> events) throws IOException, InterruptedException {
    for (ContainerState c : containers(project, services)) {
      hoist.containers().restart(c.id(), timeout);
      events.accept(new ComposeEvent("Container", c.name(), "Restarted"));
    }
  }

  /** {@code rm}: the services' stopped containers removed ({@code stop}: stopped first). */
  public void rm(ComposeProject project, List<String> services, boolean stop,
      boolean anonymousVolumes, Consumer<ComposeEvent> events)
      throws IOException, InterruptedException {
    for (ContainerState c : containers(project, services)) {
      if (c.isActive()) {
        if (!stop) {
          continue;
        }
        stop(c, null, events);
      }
      hoist.containers().remove(c.id(), true, anonymousVolumes);
      events.accept(new ComposeEvent("Container", c.name(), "Removed"));
    }
  }

  /**
   * {@code logs}: each container's log, every line prefixed with its service and number
   * ({@code web-1  | }), containers one after the other.
   */
  public void logs(ComposeProject project, List<String> services, ContainerLog.Options options,
      Writer out, Writer err) throws IOException, InterruptedException {
    logs(project, services, options, false, out, err);
  }

  /**
   * {@code logs [-f]}: with {@code follow}, every container followed at once (whole lines
   * never mixed) until all have stopped.
   */
  public void logs(ComposeProject project, List<String> services, ContainerLog.Options options,
      boolean follow, Writer out, Writer err) throws IOException, InterruptedException {
    PrefixedLogs logs = new PrefixedLogs(hoist.containers(), containers(project, services),
        false);
    if (!follow) {
      logs.print(options, out, err);
      return;
    }
    Exception failure = logs.follow(options, out, err).awaitFollowers(0).failure();
    if (failure != null) {
      throw new IOException("following logs: " + failure.getMessage(), failure);
    }
  }

  static String prefix(ContainerState c) {
    return c.labels().get(ComposeLabels.SERVICE) + "-" + number(c);
  }

  /**
   * Attached {@code up}, after {@link #up}: the services' (empty: all) containers followed
   * until they exit ({@link AttachedUp}), from its {@link AttachedUp#start}.
   */
  public AttachedUp attach(ComposeProject project, List<String> services,
      AttachedUp.Options options, Writer out, Consumer<ComposeEvent> events) throws IOException {
    return new AttachedUp(this, hoist, project, services, options, out, events);
  }

  /**
   * {@code up --wait}: each of the services' (empty: all) containers running, and healthy when
   * it has a health check (its service's, or its image's own {@code HEALTHCHECK}, as its
   * config has them merged); one that exits or turns unhealthy fails.
   */
  public void awaitRunning(ComposeProject project, List<String> services,
      Consumer<ComposeEvent> events) throws IOException, InterruptedException {
    for (ContainerState c : containers(project, services)) {
      ContainerInspect inspect = hoist.containers().dockerInspect(c.id(), false);
      dev.hoist.cache.model.Healthcheck check = inspect.config() == null ? null
          : inspect.config().healthcheck();
      if (new ContainerHealthcheck(check, null).enabled()) {
        awaitHealthy(c);
        events.accept(new ComposeEvent("Container", c.name(), "Healthy"));
      } else if (!inspect.state().running()) {
        throw new ComposeException("container " + c.name() + " is not running (exit "
            + hoist.containers().await(c.id()) + ")");
      } else {
        events.accept(new ComposeEvent("Container", c.name(), "Running"));
      }
    }
  }

  /** {@code exec}: {@code request} in the {@code index}th container of {@code service}. */
  public ContainerProcess exec(ComposeProject project, String service, int index,
      ContainerService.ExecRequest request, Stdio stdio) throws IOException {
    for (ContainerState c : containers(project, service)) {
      if (number(c) == index) {
        if (!c.isActive()) {
          throw new ComposeException("container " + c.name() + " is not running");
        }
        return hoist.containers().exec(c, request, stdio);
      }
    }
    throw new NotFoundException("service \"" + service + "\" has no container number " + index
        + " (is it up?)");
  }
}
