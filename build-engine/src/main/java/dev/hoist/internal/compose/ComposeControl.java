package dev.hoist.internal.compose;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.NetworkSettings;
import dev.hoist.internal.runtime.net.PortBinding;
import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.ImageService;
import dev.hoist.internal.service.NotFoundException;
import dev.hoist.internal.service.PullListener;
import dev.hoist.internal.service.PullPolicy;
import dev.hoist.internal.service.RegistryOverrides;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The compose commands that act on what {@code up} made, container by container or image by
 * image ({@code kill}, {@code pause}, {@code unpause}, {@code top}, {@code port}, {@code images},
 * {@code pull}, {@code push}, {@code ls}, {@code down --rmi}): each through the container or
 * image service, the project's containers found by their labels ({@link ComposeService}).
 */
public final class ComposeControl {
  private final Hoist hoist;
  private final ComposeService compose;

  public ComposeControl(Hoist hoist) {
    this.hoist = hoist;
    this.compose = hoist.compose();
  }

  /** {@code kill [-s SIGNAL]}: the services' running containers sent {@code signal}. */
  public void kill(ComposeProject project, List<String> services, String signal,
      Consumer<ComposeEvent> events) throws IOException {
    each(project, services, ContainerState::isActive, id -> hoist.containers().kill(id, signal),
        "Killed", events);
  }

  /** {@code pause}: the services' running containers frozen. */
  public void pause(ComposeProject project, List<String> services,
      Consumer<ComposeEvent> events) throws IOException {
    each(project, services, c -> c.status() == ContainerState.Status.RUNNING,
        id -> hoist.containers().pause(id), "Paused", events);
  }

  /** {@code unpause}: the services' paused containers thawed. */
  public void unpause(ComposeProject project, List<String> services,
      Consumer<ComposeEvent> events) throws IOException {
    each(project, services, c -> c.status() == ContainerState.Status.PAUSED,
        id -> hoist.containers().unpause(id), "Unpaused", events);
  }

  /** One step on a container, by ID. */
  private interface ContainerStep {
    void apply(String id) throws IOException;
  }

  private void each(ComposeProject project, List<String> services,
      Predicate<ContainerState> which, ContainerStep step, String done,
      Consumer<ComposeEvent> events) throws IOException {
    for (ContainerState c : compose.containers(project, services)) {
      if (which.test(c)) {
        step.apply(c.id());
        events.accept(new ComposeEvent("Container", c.name(), done));
      }
    }
  }

  /** {@code top}: each running container's processes, by container name. */
  public Map<String, ContainerService.Top> top(ComposeProject project, List<String> services)
      throws IOException {
    Map<String, ContainerService.Top> out = new LinkedHashMap<>();
    for (ContainerState c : compose.containers(project, services)) {
      if (c.status() == ContainerState.Status.RUNNING) {
        out.put(c.name(), hoist.containers().top(c.id(), List.of()));
      }
    }
    return out;
  }

  /**
   * {@code port SERVICE PORT[/PROTO]}: the host address and port ({@code 127.0.0.1:8080}) the
   * {@code index}th container of {@code service} publishes {@code port} on.
   */
  public String port(ComposeProject project, String service, int index, String port)
      throws IOException {
    String key = port.contains("/") ? port.toLowerCase(Locale.ROOT) : port + "/tcp";
    ContainerState c = container(project, service, index);
    List<PortBinding> ports = NetworkSettings.of(hoist.containers().containers().store(), c)
        .map(NetworkSettings::ports).orElse(List.of());
    for (PortBinding p : ports) {
      if (p.containerKey().equals(key)) {
        return p.bindAddress() + ":" + p.hostPort();
      }
    }
    throw new NotFoundException("no port " + key + " published for service \"" + service
        + "\" (container " + c.name() + ")");
  }

  private ContainerState container(ComposeProject project, String service, int index)
      throws IOException {
    for (ContainerState c : compose.containers(project, List.of(service))) {
      if (c.labels().getOrDefault(ComposeLabels.NUMBER, "").equals(String.valueOf(index))) {
        return c;
      }
    }
    throw new NotFoundException("service \"" + service + "\" has no container number " + index
        + " (is it up?)");
  }

  /**
   * One line of {@code images}: a container and the image it runs, its reference read as
   * Compose v2 reads it ({@code reference.ParseDockerRef}): the repository's familiar name and
   * the tag, {@code <none>} for a reference by digest (or none that parses).
   */
  public record ContainerImage(String container, String service, String repository, String tag,
      String imageId) {
    static ContainerImage of(String container, String service, String image, String imageId) {
      try {
        ImageName name = ImageName.parse(image);
        return new ContainerImage(container, service, name.familiarRepository(),
            name.digest() != null || name.tag() == null ? NONE : name.tag(), imageId);
      } catch (IllegalArgumentException notAReference) {
        return new ContainerImage(container, service, NONE, NONE, imageId);
      }
    }

    private static final String NONE = "<none>";
  }

  /** {@code images}: the image of each of the services' containers. */
  public List<ContainerImage> images(ComposeProject project, List<String> services)
      throws IOException {
    List<ContainerImage> out = new ArrayList<>();
    for (ContainerState c : compose.containers(project, services)) {
      out.add(ContainerImage.of(c.name(), c.labels().get(ComposeLabels.SERVICE), c.image(),
          c.imageId()));
    }
    return out;
  }

  /** {@code pull}: the image of each service that names one, pulled from its registry. */
  public void pull(ComposeProject project, List<String> services, boolean ignoreFailures,
      Consumer<ComposeEvent> events) throws IOException {
    for (ServiceConfig s : selected(project, services)) {
      if (s.image() == null) {
        continue; // built, not pulled
      }
      events.accept(new ComposeEvent("Image", s.image(), "Pulling"));
      try {
        hoist.images().resolve(s.image(), PullPolicy.ALWAYS, RegistryOverrides.NONE,
            PullListener.NONE);
      } catch (IOException | RuntimeException e) {
        if (!ignoreFailures) {
          throw e;
        }
        events.accept(new ComposeEvent("Image", s.image(), "Error " + e.getMessage()));
        continue;
      }
      events.accept(new ComposeEvent("Image", s.image(), "Pulled"));
    }
  }

  /** {@code push}: the image of each service with a {@code build} section and an image name. */
  public void push(ComposeProject project, List<String> services, Consumer<ComposeEvent> events)
      throws IOException {
    for (ServiceConfig s : selected(project, services)) {
      if (s.build() == null || s.image() == null) {
        continue; // nothing of the project's own to push
      }
      events.accept(new ComposeEvent("Image", s.image(), "Pushing"));
      hoist.images().push(s.image(), null, RegistryOverrides.NONE,
          dev.hoist.internal.registry.TransferListener.NONE);
      events.accept(new ComposeEvent("Image", s.image(), "Pushed"));
    }
  }

  private static List<ServiceConfig> selected(ComposeProject project, List<String> services) {
    List<ServiceConfig> out = new ArrayList<>();
    for (ServiceConfig s : project.services().values()) {
      if (services.isEmpty() || services.contains(s.name())) {
        out.add(s);
      }
    }
    for (String name : services) {
      project.service(name);
    }
    return out;
  }

  /** One line of {@code ls}: a project, its containers' states counted, its files. */
  public record ProjectSummary(String name, String status, String configFiles) {}

  /**
   * {@code ls}: the projects the store's containers name in their labels (those with a running
   * container, or all with {@code all}), by name; the status as Compose writes it
   * ({@code running(2), exited(1)}).
   */
  public List<ProjectSummary> projects(boolean all) throws IOException {
    return projects(all, List.of());
  }

  /**
   * {@code ls --filter name=PATTERN…}: {@link #projects(boolean)} whose name one of
   * {@code names} matches (a regular expression found anywhere in it, as Docker's filters
   * match; none: every project).
   */
  public List<ProjectSummary> projects(boolean all, List<String> names) throws IOException {
    List<java.util.regex.Pattern> patterns = new ArrayList<>();
    for (String n : names) {
      try {
        patterns.add(java.util.regex.Pattern.compile(n));
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new IllegalArgumentException("--filter name=" + n + ": " + e.getDescription());
      }
    }
    return summaries(all).stream().filter(p -> patterns.isEmpty()
        || patterns.stream().anyMatch(x -> x.matcher(p.name()).find())).toList();
  }

  private List<ProjectSummary> summaries(boolean all) throws IOException {
    Map<String, Map<String, Integer>> states = new TreeMap<>();
    Map<String, String> files = new LinkedHashMap<>();
    for (ContainerState c : hoist.containers().list()) {
      String project = c.labels().get(ComposeLabels.PROJECT);
      if (project == null || "True".equals(c.labels().get(ComposeLabels.ONEOFF))) {
        continue;
      }
      states.computeIfAbsent(project, p -> new TreeMap<>())
          .merge(c.status().word(), 1, Integer::sum);
      files.putIfAbsent(project, c.labels().getOrDefault(ComposeLabels.CONFIG_FILES, ""));
    }
    List<ProjectSummary> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Integer>> e : states.entrySet()) {
      if (!all && !e.getValue().containsKey("running")) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      e.getValue().forEach((state, n) -> parts.add(state + "(" + n + ")"));
      out.add(new ProjectSummary(e.getKey(), String.join(", ", parts), files.get(e.getKey())));
    }
    return out;
  }

  /** What {@code down --rmi} removes: none, images without a name of their own, or all. */
  public enum RemoveImages {
    NONE, LOCAL, ALL;

    public static RemoveImages parse(String value) {
      if (value == null) {
        return NONE;
      }
      return switch (value) {
        case "local" -> LOCAL;
        case "all" -> ALL;
        default -> throw new IllegalArgumentException("--rmi takes local or all, not " + value);
      };
    }
  }

  /**
   * {@code down [--rmi local|all]}: {@link ComposeService#down}, then the services' images:
   * {@code local} those a {@code build} section names by default ({@code PROJECT-SERVICE}, no
   * {@code image} key), {@code all} every service's. An image another container still uses
   * stays (said as an event).
   */
  public void down(ComposeProject project, ComposeService.DownOptions options,
      RemoveImages rmi, Consumer<ComposeEvent> events) throws IOException, InterruptedException {
    compose.down(project, options, events);
    if (rmi == RemoveImages.NONE) {
      return;
    }
    Set<String> images = new LinkedHashSet<>();
    for (ServiceConfig s : project.services().values()) {
      if (s.image() == null || rmi == RemoveImages.ALL) {
        images.add(ServiceImageBuild.imageName(project, s));
      }
    }
    ImageService store = hoist.images();
    for (String image : images) {
      try {
        store.require(image);
      } catch (NotFoundException e) {
        continue;
      }
      try {
        store.remove(image, false);
        events.accept(new ComposeEvent("Image", image, "Removed"));
      } catch (IOException | RuntimeException e) {
        events.accept(new ComposeEvent("Image", image, "Error " + e.getMessage()));
      }
    }
  }
}
