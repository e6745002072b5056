package dev.hoist.api;

import dev.hoist.internal.build.BuildContext;
import dev.hoist.internal.build.BuildRequest;
import dev.hoist.internal.build.BuildResult;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.internal.cache.images.TaggedImage;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.registry.CredentialSource;
import dev.hoist.internal.registry.Credentials;
import dev.hoist.internal.registry.RegistryOptions;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.runtime.ContainerProcess;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.HostOptions;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.Stdio;
import dev.hoist.internal.service.BuildService;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.HoistContext;
import dev.hoist.internal.service.JvmMonitorCommand;
import dev.hoist.internal.service.PullPolicy;
import dev.hoist.internal.service.RegistryOverrides;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point of hoist's Java API: a hoist home opened in this JVM, with the registry
 * settings and the listener of {@link #builder()}. Builds, pulls, pushes, inspects, tags, lists
 * and removes images, and runs containers, as the {@code hoist} commands of the same names do,
 * with the same store, cache and policies (an image {@code run} lacks is pulled; {@code rmi}'s
 * rules).
 *
 * <pre>{@code
 * try (EmbeddedHoist hoist = EmbeddedHoist.builder().insecureRegistry("localhost:5000")
 *     .open()) {
 *   BuiltImage built = hoist.build(DockerfileBuild.builder(Path.of("app"))
 *       .tag("localhost:5000/team/app:1").build());
 *   hoist.push("localhost:5000/team/app:1");
 *   CompletedRun run = hoist.run(ContainerRequest.builder("localhost:5000/team/app:1")
 *       .command("cat", "/greeting").build());
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance serves every thread of the program (builds, pulls and runs at
 * once; the store's locks keep them apart, also from {@code hoist} commands on the same home).
 * Building with RUN steps and running containers need root, as with the CLI. Every method throws
 * the API's unchecked exceptions ({@link HoistApiException} and its subclasses) or an
 * {@link IllegalArgumentException} for a malformed request, and {@link IllegalStateException}
 * once closed. Nothing is printed: progress and warnings go to the {@link HoistListener}.
 */
public final class EmbeddedHoist implements AutoCloseable {
  private final Hoist hoist;
  private final HoistListener listener;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedHoist(Hoist hoist, HoistListener listener) {
    this.hoist = hoist;
    this.listener = listener;
  }

  /**
   * Settings for opening a hoist home: by default the CLI's home ({@code HOIST_HOME}, else
   * {@code ~/.local/share/hoist}), its registry settings and Docker's credentials, this
   * process's environment, a listener that hears nothing.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The directory of the store, the build cache and the containers.
   *
   * @return the home's root
   */
  public Path home() {
    return hoist.context().home().root();
  }

  /**
   * Builds an image from a Dockerfile, as {@code hoist build}: base images pulled when the store
   * lacks them, RUN steps run in containers (which needs root), the result stored and tagged.
   *
   * @param request what to build
   * @return the image it made
   * @throws HoistBuildException when a step fails (with its Dockerfile line), or the
   *     Dockerfile, the context or a name is wrong
   * @throws HoistRegistryException when a base image cannot be pulled
   */
  public BuiltImage build(DockerfileBuild request) {
    open();
    BuildService builds = hoist.builds();
    return Failures.translate(() -> {
      try (BuildService.Session session = builds.open(RegistryOverrides.NONE,
              request.alwaysPull());
          BuildContext context = session.openContext(
              request.context().toAbsolutePath().toString(), InputStream.nullInputStream(),
              listener::note)) {
        BuildRequest.Builder b = BuildRequest.builder(context.directory())
            .dockerfile(request.dockerfile()).target(request.target())
            .noCache(request.noCache()).platform(request.platform())
            .network(request.network() == RunNetwork.NONE ? NetworkMode.NONE
                : NetworkMode.BRIDGE)
            .sourceDateEpoch(builds.sourceDateEpoch(request.buildArgs()));
        request.tags().forEach(b::tag);
        request.buildArgs().forEach(b::buildArg);
        request.labels().forEach(b::label);
        BuildResult result = session.build(b.build().checkNames(),
            ListenerBridge.build(listener));
        return new BuiltImage(result.imageId(), result.manifest(), request.tags());
      }
    });
  }

  /**
   * Pushes a local image to the registry its name names, as {@code hoist push IMAGE}.
   *
   * @param image the local image's name ({@code registry/repository:tag})
   * @return what the registry stored
   * @throws HoistRegistryException when the registry refuses, or the store has no such image
   *     ({@link HoistRegistryException.Code#NOT_FOUND})
   */
  public PushedImage push(String image) {
    return push(image, null);
  }

  /**
   * Pushes a local image to {@code target}, as {@code hoist push IMAGE TARGET}.
   *
   * @param image the local image's name or ID
   * @param target where to push it ({@code registry/repository:tag}); null: to {@code image}'s
   *     own name
   * @return what the registry stored
   * @throws HoistRegistryException when the registry refuses, or the store has no such image
   *     ({@link HoistRegistryException.Code#NOT_FOUND})
   * @throws IllegalArgumentException when {@code image} is an ID and {@code target} is null
   */
  public PushedImage push(String image, String target) {
    open();
    TransferResult result = Failures.translate(() -> hoist.images().push(image, target,
        RegistryOverrides.NONE, ListenerBridge.transfers(listener)));
    return new PushedImage(target != null ? target : image, result.root().digest(),
        result.root().size());
  }

  /**
   * Pulls an image from its registry into the store and tags it there, as {@code hoist pull}.
   *
   * @param reference the image ({@code registry/repository:tag} or {@code @sha256:…})
   * @return the pulled image, for this machine's platform
   * @throws HoistRegistryException when the registry refuses or lacks it
   */
  public InspectedImage pull(String reference) {
    open();
    ImageName name = ImageName.parse(reference);
    Failures.translate(() -> {
      listener.note("pull " + reference + " from " + name.apiHost());
      return hoist.images().pull(name, hoist.images().registryOptions(RegistryOverrides.NONE),
          ListenerBridge.transfers(listener));
    });
    return inspect(name.toString());
  }

  /**
   * A local image's manifest, config and layers, for this machine's platform, as
   * {@code hoist inspect}.
   *
   * @param reference its name, ID or a unique prefix of its ID
   * @return the image
   * @throws HoistNotFoundException when the store has no such image
   */
  public InspectedImage inspect(String reference) {
    open();
    return Failures.translate(() -> {
      LocalImage image = hoist.images().inspect(reference).image();
      return new InspectedImage(reference, image.manifestDescriptor(),
          image.manifest().config().digest(), image.config(), image.manifest().layers());
    });
  }

  /**
   * Points the name {@code target} at the image {@code source} names, as {@code hoist tag}.
   *
   * @param source the image's name or ID
   * @param target the new name (an old image of that name loses it)
   * @throws HoistNotFoundException when the store has no image {@code source}
   */
  public void tag(String source, String target) {
    open();
    Failures.translate(() -> hoist.images().tag(source, target));
  }

  /**
   * The images of the store, as {@code hoist images -a}: each name, then the untagged images.
   *
   * @return one entry per name and per untagged image
   */
  public List<ListedImage> images() {
    open();
    return Failures.translate(() -> {
      ImageStore store = hoist.images().store();
      List<ListedImage> listed = new ArrayList<>();
      for (TaggedImage t : store.list()) {
        listed.add(new ListedImage(Optional.of(t.name().familiar()),
            hoist.images().imageId(t.manifest()), t.manifest().digest()));
      }
      for (Descriptor d : store.untagged()) {
        listed.add(new ListedImage(Optional.empty(), hoist.images().imageId(d),
            d.digest()));
      }
      return listed;
    });
  }

  /**
   * Removes an image, as {@code hoist rmi}: a name loses that tag, an ID every tag (refused
   * when it has several); then the content no image, container or build cache uses is deleted.
   *
   * @param reference the image's name or ID
   * @return the names it untagged
   * @throws HoistNotFoundException when the store has no such image
   * @throws IllegalArgumentException when an ID has several names
   */
  public List<String> removeImage(String reference) {
    open();
    return Failures.translate(() -> {
      List<String> untagged = hoist.images().remove(reference, false).untagged();
      hoist.images().collectGarbage();
      return untagged;
    });
  }

  /**
   * Imports a root file system as an image of one layer, as {@code hoist import}; dated by
   * {@code SOURCE_DATE_EPOCH} of the environment, else now.
   *
   * @param rootfsTar an uncompressed tar of the file system (read to its end, not closed)
   * @param name the name to tag it with
   * @return the image
   */
  public InspectedImage importImage(InputStream rootfsTar, String name) {
    open();
    ImageName tag = ImageName.parse(name);
    Failures.translate(() -> hoist.images().importRootfs(rootfsTar, tag, Platform.host()));
    return inspect(tag.toString());
  }

  /**
   * Runs a container to its end, attached, and removes it, as {@code docker run --rm}: the
   * image pulled when the store lacks it, the output collected. Needs root.
   *
   * @param request the container
   * @return its exit status and output
   * @throws HoistNotFoundException when the image is neither local nor pullable by name
   * @throws HoistRegistryException when pulling the image fails
   */
  public CompletedRun run(ContainerRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(request, out, err);
    return new CompletedRun(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /**
   * As {@link #run(ContainerRequest)}, its output copied to {@code stdout} and {@code stderr} as
   * it comes (from two threads; not closed). Its standard input is empty.
   *
   * @param request the container
   * @param stdout where its standard output goes
   * @param stderr where its standard error goes
   * @return its exit status
   */
  public int run(ContainerRequest request, OutputStream stdout, OutputStream stderr) {
    open();
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    return Failures.translate(() -> {
      ContainerState c = hoist.containers().create(options(request, true), PullPolicy.MISSING,
          RegistryOverrides.NONE, ListenerBridge.pulls(listener));
      List<StreamCopy> copies = new ArrayList<>();
      List<ContainerProcess> started = new ArrayList<>(1);
      int code = hoist.containers().runAttached(c, Stdio.pipes(), process -> {
        started.add(process);
        copies.add(StreamCopy.start(process.stdout(), stdout, "stdout of " + c.name()));
        copies.add(StreamCopy.start(process.stderr(), stderr, "stderr of " + c.name()));
        try {
          process.stdin().close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      for (StreamCopy copy : copies) {
        copy.join();
      }
      Optional<String> startError = started.isEmpty() ? Optional.empty()
          : started.get(0).startError();
      if (startError.isPresent()) {
        throw new HoistApiException("container " + c.name() + " could not start: "
            + startError.get(), null);
      }
      return code;
    });
  }

  /**
   * Creates a container without starting it, as {@code hoist create}: the image pulled when the
   * store lacks it. Start it with {@link #start}; it runs detached, its output in its log.
   *
   * @param request the container
   * @return its ID
   * @throws HoistNotFoundException when the image is neither local nor pullable by name
   */
  public String create(ContainerRequest request) {
    open();
    return Failures.translate(() -> hoist.containers().create(options(request, false),
        PullPolicy.MISSING, RegistryOverrides.NONE, ListenerBridge.pulls(listener)).id());
  }

  /**
   * Starts a created or exited container detached, as {@code hoist start}: it runs under a
   * monitor process of this JVM's class path, and goes on when this program ends. Needs root.
   *
   * @param container its name, ID or a unique prefix of its ID
   * @return its state once it runs
   * @throws HoistNotFoundException when there is no such container
   */
  public ContainerStatus start(String container) {
    open();
    return status(Failures.translate(() -> hoist.containers().start(container)));
  }

  /**
   * Waits for a running container to end.
   *
   * @param container its name, ID or a unique prefix of its ID
   * @param timeout how long to wait at most
   * @return its exit status, or empty when it still runs after {@code timeout}
   * @throws HoistNotFoundException when there is no such container
   */
  public OptionalInt awaitExit(String container, Duration timeout) {
    open();
    return Failures.translate(() -> {
      String id = hoist.containers().require(container).id();
      OptionalInt code = hoist.containers().containers().await(id, timeout);
      if (code.isPresent()) {
        hoist.containers().containers().awaitExitRecord(id);
      }
      return code;
    });
  }

  /**
   * Stops a running container, as {@code hoist stop}: its stop signal, then {@code SIGKILL}
   * after {@code timeout}.
   *
   * @param container its name, ID or a unique prefix of its ID
   * @param timeout how long it has to end after the stop signal
   * @return its state after it stopped
   * @throws HoistNotFoundException when there is no such container
   */
  public ContainerStatus stop(String container, Duration timeout) {
    open();
    return status(Failures.translate(() -> hoist.containers().stop(container, timeout)));
  }

  /**
   * Removes a container, as {@code hoist rm} ({@code -f} with {@code force}).
   *
   * @param container its name, ID or a unique prefix of its ID
   * @param force whether to kill it first when it runs (otherwise a running one is refused)
   * @throws HoistNotFoundException when there is no such container
   */
  public void removeContainer(String container, boolean force) {
    open();
    Failures.translate(() -> {
      hoist.containers().remove(container, force, false);
      return null;
    });
  }

  /**
   * A container's state, as {@code hoist ps -a} shows it.
   *
   * @param container its name, ID or a unique prefix of its ID
   * @return its state
   * @throws HoistNotFoundException when there is no such container
   */
  public ContainerStatus container(String container) {
    open();
    return status(Failures.translate(() -> hoist.containers().require(container)));
  }

  /**
   * Every container of the home, as {@code hoist ps -a}.
   *
   * @return their states
   */
  public List<ContainerStatus> containers() {
    open();
    return Failures.translate(() -> hoist.containers().list()).stream()
        .map(EmbeddedHoist::status).toList();
  }

  /**
   * Closes this instance: later calls are refused. Containers started detached go on running;
   * attached runs in other threads end as their containers end.
   */
  @Override
  public void close() {
    closed.set(true);
  }

  private void open() {
    if (closed.get()) {
      throw new IllegalStateException("this EmbeddedHoist is closed");
    }
  }

  private static ContainerStatus status(ContainerState c) {
    return new ContainerStatus(c.id(), c.name(), c.image(), c.status().word(),
        c.exitCode() == null ? OptionalInt.empty() : OptionalInt.of(c.exitCode()));
  }

  /** {@code hoist run}'s options for {@code request}; {@code autoRemove}: {@code --rm}. */
  private static RunOptions options(ContainerRequest request, boolean autoRemove) {
    List<String> env = new ArrayList<>();
    request.env().forEach((name, value) -> env.add(name + "=" + value));
    return RunOptions.builder(request.image()).name(request.name()).cmd(request.command())
        .env(env).workdir(request.workingDir()).user(request.user())
        .network(request.network() == RunNetwork.BRIDGE ? NetworkMode.BRIDGE : NetworkMode.NONE)
        .autoRemove(autoRemove)
        .host(HostOptions.builder().init(request.init() ? Boolean.TRUE : null).build())
        .build();
  }

  /** Settings for {@link EmbeddedHoist#builder()}; every setter returns the builder. */
  public static final class Builder {
    private Path home;
    private Map<String, String> environment = System.getenv();
    private boolean hostRegistrySettings = true;
    private final List<String> insecure = new ArrayList<>();
    private final Map<String, Credentials> credentials = new LinkedHashMap<>();
    private HoistListener listener = HoistListener.NONE;

    private Builder() {}

    /**
     * The hoist home: where images, the build cache and containers are kept (created when
     * missing). Default: as the CLI ({@code hoist.home}, {@code HOIST_HOME},
     * {@code $XDG_DATA_HOME/hoist}, {@code ~/.local/share/hoist}).
     *
     * @param home the directory
     * @return this builder
     */
    public Builder home(Path home) {
      this.home = home;
      return this;
    }

    /**
     * The environment builds and containers see where the CLI would read the process's
     * ({@code SOURCE_DATE_EPOCH}, proxies for RUN steps). Default: this process's.
     *
     * @param environment the variables
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * Allows {@code registry} over plain HTTP and unverified TLS (as Docker's
     * {@code insecure-registries}); loopback registries need not be named.
     *
     * @param registry {@code host[:port]}
     * @return this builder
     */
    public Builder insecureRegistry(String registry) {
      insecure.add(ImageName.registryHost(registry));
      return this;
    }

    /**
     * Credentials for {@code registry}, used before any of Docker's config.
     *
     * @param registry {@code host[:port]}
     * @param username the user name
     * @param password the password or token
     * @return this builder
     */
    public Builder credentials(String registry, String username, String password) {
      credentials.put(ImageName.registryHost(registry), new Credentials(username, password));
      return this;
    }

    /**
     * Whether to read the CLI's registry settings ({@code ~/.config/hoist/registries.json} or
     * {@code HOIST_REGISTRIES}) and Docker's credentials ({@code DOCKER_CONFIG},
     * {@code ~/.docker}). Default: true, as the CLI; false uses only what this builder says.
     *
     * @param read whether to read them
     * @return this builder
     */
    public Builder hostRegistrySettings(boolean read) {
      this.hostRegistrySettings = read;
      return this;
    }

    /**
     * Where progress and warnings go. Default: {@link HoistListener#NONE}.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(HoistListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Opens the home: its layout is written when new; registry settings are read on first use.
     *
     * @return the API over the home
     */
    public EmbeddedHoist open() {
      HoistHome where = home != null ? new HoistHome(home) : HoistHome.fromEnvironment();
      RegistryOverrides overrides = new RegistryOverrides(insecure, List.of());
      Map<String, Credentials> given = Map.copyOf(credentials);
      boolean readHost = hostRegistrySettings;
      HoistContext context = HoistContext.builder(where).environment(environment)
          .monitor(JvmMonitorCommand.thisJvm())
          .diagnostics(listener::warning)
          .registryDefaults(made -> {
            RegistryOptions base = readHost ? HoistContext.RegistryDefaults.STANDARD.read(made)
                : RegistryOptions.defaults();
            CredentialSource source = base.credentials();
            for (Map.Entry<String, Credentials> e : given.entrySet()) {
              source = source.with(e.getKey(), e.getValue());
            }
            return overrides.applyTo(base.withCredentials(source));
          })
          .build();
      EmbeddedHoist opened = new EmbeddedHoist(Hoist.of(context), listener);
      Failures.translate(() -> opened.hoist.images().store());
      return opened;
    }
  }
}
