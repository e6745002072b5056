package dev.hoist.internal.service;

import dev.hoist.internal.runtime.Backoff;
import dev.hoist.internal.runtime.ConflictException;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.snapshot.SnapshotStore;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.internal.runtime.ContainerHealthcheck;
import dev.hoist.internal.runtime.Launcher;
import dev.hoist.internal.runtime.ContainerLog;
import dev.hoist.internal.runtime.ForegroundLog;
import dev.hoist.internal.runtime.ContainerProcess;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.Trace;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.Containers;
import dev.hoist.internal.runtime.EnvironmentMerge;
import dev.hoist.internal.runtime.ExecSpec;
import dev.hoist.internal.runtime.ImageLayers;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.VolumesFrom;
import dev.hoist.internal.runtime.HostProcess;
import dev.hoist.internal.runtime.Stdio;
import dev.hoist.internal.runtime.TerminalSize;
import dev.hoist.internal.runtime.UserResolver;
import dev.hoist.internal.service.docker.ContainerInspect;
import dev.hoist.internal.service.docker.ContainerShape;
import dev.hoist.internal.service.docker.TreeSize;
import dev.hoist.internal.service.list.ContainerListOptions;
import dev.hoist.internal.service.list.ContainerSummary;
import dev.hoist.internal.service.list.PruneFilter;
import dev.hoist.internal.service.list.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import dev.hoist.internal.cache.layer.ExtractOptions;
import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.internal.cache.layer.OverlayDiff;
import dev.hoist.internal.cache.layer.RawNames;
import dev.hoist.internal.runtime.ContainerRoot;
import dev.hoist.internal.runtime.RootView;
import dev.hoist.internal.runtime.ShimBinary;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Containers, as Docker's commands and Engine API see them: created from an image (pulled first
 * as the request's {@link PullPolicy} says), started attached or detached, stopped, killed,
 * paused, removed, exec'd into. Each method takes the container as the user named it (name, ID
 * or unique ID prefix); an unknown one is an {@link IllegalArgumentException} naming it.
 */
public final class ContainerService {
  private final HoistContext context;
  private final ImageService images;
  private final Containers containers;

  ContainerService(HoistContext context, ImageService images) {
    this.context = context;
    this.images = images;
    this.containers = new Containers(context.home(), context.monitor(), context.diagnostics());
  }

  /** The lifecycle library these work through. */
  public Containers containers() {
    return containers;
  }

  /**
   * The container {@code reference} names.
   *
   * @throws NotFoundException when there is none ({@code No such container: REFERENCE})
   * @throws IllegalArgumentException when an ID prefix names several
   */
  public ContainerState require(String reference) throws IOException {
    return find(reference).orElseThrow(() -> new NotFoundException(
        "No such container: " + reference));
  }

  /**
   * The container {@code reference} names, if any.
   *
   * @throws IllegalArgumentException when an ID prefix names several
   */
  public Optional<ContainerState> find(String reference) throws IOException {
    return containers.store().find(reference);
  }

  /**
   * {@code docker container inspect}: the container {@code reference} names in Docker's shape
   * ({@link ContainerInspect}); {@code size} ({@code -s}): with {@code SizeRw} (the bytes it
   * wrote) and {@code SizeRootFs} (those and its image's layers, unpacked).
   *
   * @throws NotFoundException when there is none
   */
  public ContainerInspect dockerInspect(String reference, boolean size) throws IOException {
    return dockerInspect(require(reference), size);
  }

  /** As {@link #dockerInspect(String, boolean)}, for a container already found. */
  public ContainerInspect dockerInspect(ContainerState container, boolean size)
      throws IOException {
    ContainerInspect shape = new ContainerShape(containers.store())
        .of(container, imageConfig(container.imageId()),
            new NetworkService(context).endpoints(container));
    if (!size) {
      return shape;
    }
    long rw = TreeSize.bytes(container.spec().upperDir());
    long image = 0;
    for (Path lower : container.spec().lowerDirs()) {
      image += TreeSize.bytes(lower);
    }
    return shape.withSizes(rw, rw + image);
  }

  /** The config of the image of ID {@code imageId}; empty when the store no longer has it. */
  private ContainerConfig imageConfig(String imageId) {
    try {
      Digest digest = Digest.parse(imageId);
      ImageStore store = images.store();
      if (!store.blobs().contains(digest)) {
        return ContainerConfig.EMPTY;
      }
      try (InputStream in = store.blobs().open(digest)) {
        return CanonicalJson.read(in, ImageConfig.class, "config of image " + imageId).config();
      }
    } catch (IOException | RuntimeException e) {
      return ContainerConfig.EMPTY; // removed or unreadable: shown without the image's part
    }
  }

  /**
   * {@code docker ps}: the containers {@code options} select, newest first, as the Engine API's
   * {@code ContainerSummary}.
   *
   * @throws dev.hoist.internal.service.list.InvalidFilterException for a filter it does not take
   */
  public List<ContainerSummary> list(ContainerListOptions options) throws IOException {
    return new ContainerListing(containers.store(), images, context.clock()).list(options);
  }

  /** Every container, in the store's order. */
  public List<ContainerState> list() throws IOException {
    return containers.store().list();
  }

  /**
   * What {@code docker create} asks ({@code run}'s flags, the Engine API's {@code POST
   * /containers/create}), in one request: the run options (labels, limits, confinement…), the
   * user-defined networks to join with their aliases, the health check asked for and the
   * restart policy.
   *
   * @param networks user-defined networks (by name, ID or prefix) the container joins
   * @param aliases its aliases on them
   * @param healthcheck the check asked for, merged over the image's {@code HEALTHCHECK} as
   *     Docker's daemon merges them ({@link ContainerHealthcheck#merge}); null: the image's
   * @param restart {@code --restart}; null: {@code no}
   */
  public record CreateRequest(RunOptions options, List<String> networks, List<String> aliases,
      dev.hoist.cache.model.Healthcheck healthcheck, RestartPolicy restart, Platform platform) {
    public CreateRequest {
      java.util.Objects.requireNonNull(options, "options");
      networks = networks == null ? List.of() : List.copyOf(networks);
      aliases = aliases == null ? List.of() : List.copyOf(aliases);
      restart = restart == null ? RestartPolicy.NO : restart;
    }

    /** A request for this machine's platform's image. */
    public CreateRequest(RunOptions options, List<String> networks, List<String> aliases,
        dev.hoist.cache.model.Healthcheck healthcheck, RestartPolicy restart) {
      this(options, networks, aliases, healthcheck, restart, null);
    }

    /** Only the run options: no network joined, the image's health check, no restart. */
    public static CreateRequest of(RunOptions options) {
      return new CreateRequest(options, List.of(), List.of(), null, null);
    }
  }

  /**
   * Creates a container from {@code options.image()} as {@link #create(CreateRequest,
   * PullPolicy, RegistryOverrides, PullListener)} does, with only its run options.
   */
  public ContainerState create(RunOptions options, PullPolicy pull, RegistryOverrides registry,
      PullListener listener) throws IOException {
    return create(CreateRequest.of(options), pull, registry, listener);
  }

  /**
   * Creates the container {@code request} describes, from {@code request.options().image()}
   * pulled first as {@code pull} says (by default only when the store lacks it, as {@code
   * docker run} does); nothing runs yet. What {@code run}/{@code create} and the Engine API's
   * create share. Everything asked is checked before anything is made (Docker's messages);
   * the store's {@code gc} lock is held until the container has recorded its layers, so that a
   * prune cannot take them meanwhile; the networks are held until it has recorded them; its
   * health check (over the image's) and restart policy are recorded before it is returned, and
   * a container that cannot be completed is removed again. Host values of {@code -e NAME} come
   * from the context's environment.
   *
   * @throws IllegalArgumentException for what Docker refuses (aliases without a user-defined
   *     network, a health check's bad durations, {@code --restart} with {@code --rm})
   */
  public ContainerState create(CreateRequest request, PullPolicy pull,
      RegistryOverrides registry, PullListener listener) throws IOException {
    if (request.networks().isEmpty() && !request.aliases().isEmpty()) {
      throw new IllegalArgumentException(
          "network-scoped aliases are only supported for user-defined networks");
    }
    if (request.healthcheck() != null) {
      ContainerHealthcheck.check(request.healthcheck());
    }
    if (request.options().autoRemove() && !request.restart().isNo()) {
      throw new IllegalArgumentException("Conflicting options: --restart and --rm");
    }
    for (VolumesFrom from : request.options().volumesFrom()) {
      if (find(from.container()).isEmpty()) { // checked before any pull
        // Docker's words, and as its daemon an invalid parameter (the Engine API's 400), not a
        // NotFoundException: a 404 to a create makes the docker CLI pull the image and retry
        throw new IllegalArgumentException("No such container: " + from.container());
      }
    }
    if (request.networks().isEmpty()) {
      return complete(createFromImage(request.options(), request.platform(), pull, registry,
          listener), request);
    }
    NetworkService service = new NetworkService(context);
    try (NetworkService.Selection selected = service.select(request.networks(),
        request.aliases(), null)) {
      ContainerState c = createFromImage(request.options(), request.platform(), pull, registry,
          listener);
      try {
        service.join(c, selected);
      } catch (IOException | RuntimeException e) {
        removeAfter(c, e);
        throw e;
      }
      return complete(c, request);
    }
  }

  /**
   * The container of {@code options}, from the image for {@code platform} ({@code run
   * --platform}; null: this machine's): chosen from a local index, else pulled for it (and
   * tagged, as {@code docker run --platform} does); a foreign platform runs under QEMU's
   * binfmt_misc handler, refused clearly without one.
   */
  private ContainerState createFromImage(RunOptions options, Platform platform, PullPolicy pull,
      RegistryOverrides registry, PullListener listener) throws IOException {
    Descriptor manifest = images.resolve(options.image(), pull, registry, listener);
    ImageStore store = images.store();
    LocalImage image = platform == null
        ? new ImageReader(store.blobs()).image(manifest, Platform.host())
        : imageFor(options.image(), manifest, platform, pull, registry, listener);
    Trace.mark("create: image read");
    if (platform == null && !matches(image, Platform.host())) {
      // an image of another CPU, run as asked (under QEMU when a handler is registered)
      listener.warning("The requested image's platform (" + image.config().platform()
          .formatted() + ") does not match the detected host platform ("
          + Platform.host().formatted() + ") and no specific platform was requested");
    }
    options.host().extras().warnings(options.resources()).forEach(listener::warning);
    try (StoreLock.Held gc = new StoreLock(store.home(), StoreLock.GC).shared()) {
      List<Path> lowers = ImageLayers.lowerDirs(new SnapshotStore(store.home(), store.blobs()),
          image);
      Trace.mark("create: layers unpacked");
      ContainerState created = containers.create(options, image, lowers, context.environment());
      Trace.mark("create: recorded");
      return created;
    }
  }

  /**
   * Records the health check (over its image's, kept in its directory as {@link
   * ContainerHealthcheck} for its monitor and inspect's {@code Config.Healthcheck}) and the
   * restart policy {@code request} asks for of the container just made.
   */
  private ContainerState complete(ContainerState created, CreateRequest request)
      throws IOException {
    try {
      ContainerConfig image = imageConfig(created.imageId());
      dev.hoist.cache.model.Healthcheck merged = ContainerHealthcheck.merge(
          request.healthcheck(), image.healthcheck());
      if (merged != null) {
        new ContainerHealthcheck(merged, image.shell())
            .write(containers.store().dir(created.id()));
      }
      return request.restart().isNo() ? created : containers.store().update(created.id(),
          c -> c.withRestartPolicy(request.restart()));
    } catch (IOException | RuntimeException e) {
      removeAfter(created, e);
      throw e;
    }
  }

  /** Removes {@code c}, made only in part; what goes wrong then is added to {@code e}. */
  private void removeAfter(ContainerState c, Exception e) {
    try {
      containers.remove(c, true, true);
    } catch (IOException | RuntimeException suppressed) {
      e.addSuppressed(suppressed);
    } catch (InterruptedException suppressed) {
      Thread.currentThread().interrupt();
      e.addSuppressed(suppressed);
    }
  }

  /**
   * Runs {@code container} from this process: started with {@code stdio}, handed to
   * {@code started} (to relay signals and copy streams), waited for; its exit status. Its
   * output is kept in its log too ({@link ForegroundLog}), as Docker keeps a foreground
   * container's: the streams {@code started} reads are logged as they are read.
   */
  public int runAttached(ContainerState container, Stdio stdio,
      Consumer<ContainerProcess> started) throws IOException, InterruptedException {
    ForegroundLog log = ForegroundLog.open(containers.store().logFile(container.id()), stdio,
        container.spec().tty());
    try {
      return containers.runAttached(container, log.stdio(),
          process -> started.accept(log.attach(process)),
          context.backgroundNetworkRemoval() ? Launcher.LOCAL_THEN_EXIT : Launcher.LOCAL);
    } finally {
      log.await();
    }
  }

  /** Starts {@code container} under the monitor, its output in its log; returns once it runs. */
  public ContainerState startDetached(ContainerState container)
      throws IOException, InterruptedException {
    return containers.startDetached(container);
  }

  /**
   * {@code hoist system boot}: starts (detached) every container whose restart policy brings it
   * back after a reboot ({@code always}; {@code unless-stopped} unless the user stopped it) and
   * that is not running; {@code started} is told each one. A container that fails to start is
   * told to {@code failed} and the others are started all the same.
   */
  public void boot(Consumer<ContainerState> started,
      java.util.function.BiConsumer<ContainerState, Exception> failed)
      throws IOException, InterruptedException {
    for (ContainerState c : list()) {
      if (c.isActive() || c.status() == ContainerState.Status.RESTARTING
          || !c.restartPolicy().startsAtBoot(containers.stoppedByUser(c.id()))) {
        continue;
      }
      try {
        started.accept(containers.startDetached(c));
      } catch (IOException | RuntimeException e) {
        failed.accept(c, e);
      }
    }
  }

  /** Starts the container {@code reference} names detached, unless it runs already. */
  public ContainerState start(String reference) throws IOException, InterruptedException {
    ContainerState c = require(reference);
    return c.isActive() ? c : containers.startDetached(c);
  }

  /**
   * Its STOPSIGNAL (or SIGTERM), then SIGKILL after {@code timeout} (null: its
   * {@code --stop-timeout}, else 10 s).
   */
  public ContainerState stop(String reference, Duration timeout)
      throws IOException, InterruptedException {
    return stop(reference, null, timeout);
  }

  /**
   * {@code hoist stop --signal}: {@code signal} first (null: its STOPSIGNAL, else SIGTERM),
   * then SIGKILL after {@code timeout} (null: its {@code --stop-timeout}, else 10 s).
   */
  public ContainerState stop(String reference, String signal, Duration timeout)
      throws IOException, InterruptedException {
    ContainerState c = require(reference);
    return containers.stop(c, signal, stopWait(c, timeout));
  }

  /** {@code timeout}, or the container's own when not given ({@code --stop-timeout}, 10 s). */
  private static Duration stopWait(ContainerState c, Duration timeout) {
    return timeout != null ? timeout
        : c.spec() == null ? Duration.ofSeconds(10) : c.spec().host().stopWait();
  }

  public void kill(String reference, String signal) throws IOException {
    containers.kill(require(reference), signal);
  }

  /**
   * Removes it; a running one only with {@code force}; {@code anonymousVolumes}: also the
   * anonymous volumes no other container uses. A container whose record cannot be read (a
   * crash left its {@code state.json} empty or cut short), named by its full or short ID or a
   * name, is removed all the same ({@link Containers#removeUnreadable}: nothing killed; what a
   * killed run left that no process uses goes, and its anonymous volumes with
   * {@code anonymousVolumes}).
   *
   * @throws NotFoundException when there is none
   */
  public void remove(String reference, boolean force, boolean anonymousVolumes)
      throws IOException, InterruptedException {
    Optional<ContainerState> found = find(reference);
    if (found.isPresent()) {
      containers.remove(found.get(), force, anonymousVolumes);
      return;
    }
    containers.removeUnreadable(containers.store().findUnreadable(reference).orElseThrow(() ->
        new NotFoundException("No such container: " + reference)), anonymousVolumes);
  }

  public ContainerState pause(String reference) throws IOException {
    return containers.pause(require(reference));
  }

  public ContainerState unpause(String reference) throws IOException {
    return containers.resume(require(reference));
  }

  /**
   * Gives the terminal of the running container {@code reference} names {@code size}
   * ({@code docker run -it}'s window); false for a container without a terminal of hoist's.
   */
  public boolean resize(String reference, TerminalSize size) throws IOException {
    return containers.resize(require(reference), size);
  }

  /** As {@link #resize} for the terminal of an exec this process started ({@code shim}). */
  public boolean resizeExec(ContainerState container, HostProcess shim, TerminalSize size)
      throws IOException {
    return containers.resizeExec(container, shim, size);
  }

  /**
   * {@code hoist logs}: copies the log of the container {@code reference} names to {@code out}
   * and {@code err} (its two streams), the last {@code options.tail()} records, while it runs
   * with {@code follow}; foreground containers' too ({@link #runAttached} keeps their output).
   */
  public void logs(String reference, ContainerLog.Options options, boolean follow, Writer out,
      Writer err) throws IOException, InterruptedException {
    ContainerStore store = containers.store();
    ContainerState container = require(reference);
    String id = container.id();
    new ContainerLog(store.logFile(id)).copy(options, out, err, follow, () -> {
      try {
        return store.read(id).map(ContainerState::isActive).orElse(false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * What {@code hoist exec} / {@code docker exec} asks: the command, {@code -e} entries (NAME
   * alone: the context's value), the user and working directory (null: the container's).
   */
  public record ExecRequest(List<String> argv, List<String> env, String user, String workdir,
      boolean tty, boolean privileged) {
    public ExecRequest {
      argv = List.copyOf(argv);
      env = List.copyOf(env);
    }

    public ExecRequest(List<String> argv, List<String> env, String user, String workdir,
        boolean tty) {
      this(argv, env, user, workdir, tty, false);
    }
  }

  /** Starts a further process in the running container {@code container}. */
  public ContainerProcess exec(ContainerState container, ExecRequest request, Stdio stdio)
      throws IOException {
    ContainerSpec spec = container.spec();
    EnvironmentMerge merged = new EnvironmentMerge(context.environment()).image(spec.env());
    request.env().forEach(merged::option);
    List<String> environment = List.copyOf(merged.build(null, null, request.tty()));
    int uid = spec.uid();
    int gid = spec.gid();
    List<Integer> groups = spec.groups();
    if (request.user() != null) {
      UserResolver.User u = new UserResolver(spec.lowerDirs()).resolve(request.user());
      uid = u.uid();
      gid = u.gid();
      groups = u.groups();
    }
    ExecSpec exec = new ExecSpec(request.argv(), environment,
        request.workdir() != null ? request.workdir() : spec.cwd(), uid, gid, groups,
        request.tty(), request.privileged());
    return containers.exec(container, exec, stdio);
  }

  /** What {@link #prune} removed: the containers' IDs and the bytes their upper layers held. */
  public record PruneReport(List<String> removed, long bytes) {}

  /**
   * {@code hoist container prune}: removes every container that is neither running nor paused
   * (created or exited), as Docker's; their volumes stay.
   */
  public PruneReport prune() throws IOException, InterruptedException {
    return prune(PruneFilter.NONE);
  }

  /**
   * As {@link #prune()}, of the containers {@code filter} selects: made before its {@code until},
   * with ({@code label=}) or without ({@code label!=}) the labels it names.
   */
  public PruneReport prune(PruneFilter filter) throws IOException, InterruptedException {
    List<String> removed = new ArrayList<>();
    long bytes = 0;
    for (ContainerState listed : list()) {
      // read again just before: one started since the list was made stays
      Optional<ContainerState> now = containers.store().read(listed.id());
      if (now.isEmpty() || now.get().isActive()
          || !filter.matches(Timestamps.recorded(now.get().created()), now.get().labels())) {
        continue;
      }
      long size = now.get().spec() == null ? 0
          : SnapshotUse.of(now.get().spec().upperDir()).bytes();
      containers.remove(now.get(), false, false);
      removed.add(listed.id());
      bytes += size;
    }
    EventService.pruned(context, dev.hoist.internal.runtime.events.Event.CONTAINER, bytes);
    return new PruneReport(removed, bytes);
  }

  /**
   * {@code hoist wait}: blocks until the container {@code reference} names is no longer running;
   * its exit code (a container that is not running answers at once: its last exit code, 0 when
   * it never ran, as Docker's). A {@code --rm} container removed meanwhile is a
   * {@link NotFoundException}: its exit code went with it.
   */
  public int await(String reference) throws IOException, InterruptedException {
    return await(reference, WaitCondition.NOT_RUNNING);
  }

  /** As {@link #await(String, WaitCondition, Heartbeat)} without a heartbeat. */
  public int await(String reference, WaitCondition condition)
      throws IOException, InterruptedException {
    return await(reference, condition, Heartbeat.NONE);
  }

  /** Told about once a second while a {@code wait} waits. */
  @FunctionalInterface
  public interface Heartbeat {
    Heartbeat NONE = () -> { };

    /** Throwing ends the wait (the Engine API's client went away). */
    void beat() throws IOException;
  }

  /**
   * {@code hoist wait --condition} and the Engine API's {@code POST /containers/{id}/wait}:
   * waits as {@code condition} says, then returns the exit code of the container's last run (0
   * when it never ran). {@link WaitCondition#NOT_RUNNING}: at once for a container that is not
   * running, else until it exits (not while its monitor restarts it); {@link
   * WaitCondition#NEXT_EXIT}: until it exits after now (started later, or restarted by its
   * monitor: that exit counts); {@link WaitCondition#REMOVED}: until it is gone, with its last
   * exit code. The record is read after pauses of 1 ms doubling up to 20 ms ({@link Backoff});
   * {@code heartbeat} is told about once a second.
   *
   * @throws NotFoundException when there is no such container, or (not-running, next-exit) it
   *     was removed before its exit code was read (a {@code --rm} container's went with it)
   */
  public int await(String reference, WaitCondition condition, Heartbeat heartbeat)
      throws IOException, InterruptedException {
    ContainerState container = require(reference);
    if (condition == WaitCondition.NOT_RUNNING && !container.isActive()) {
      return container.exitCode() == null ? 0 : container.exitCode();
    }
    String id = container.id();
    String finishedBefore = ended(container) ? container.finishedAt() : null;
    int lastCode = container.exitCode() == null ? 0 : container.exitCode();
    Backoff backoff = new Backoff(1, 20);
    long beat = System.nanoTime();
    while (true) {
      Optional<ContainerState> now = containers.store().read(id);
      if (now.isEmpty()) {
        if (condition == WaitCondition.REMOVED) {
          return lastCode;
        }
        throw new NotFoundException("No such container: " + reference
            + (condition == WaitCondition.NOT_RUNNING ? " (removed before its exit code was read)"
                : " (removed before it exited)"));
      }
      ContainerState c = now.get();
      if (ended(c) && c.exitCode() != null) {
        lastCode = c.exitCode();
      }
      boolean holds = switch (condition) {
        case NOT_RUNNING -> c.status() == ContainerState.Status.EXITED;
        case NEXT_EXIT -> ended(c) && c.finishedAt() != null
            && !c.finishedAt().equals(finishedBefore);
        case REMOVED -> false;
      };
      if (holds) {
        if (c.status() == ContainerState.Status.EXITED) {
          containers.await(id, Duration.ofSeconds(10)); // its monitor's exit step done
        }
        return lastCode;
      }
      if (System.nanoTime() - beat > 1_000_000_000L) {
        heartbeat.beat();
        beat = System.nanoTime();
      }
      backoff.pause();
    }
  }

  private static boolean ended(ContainerState c) {
    return c.status() == ContainerState.Status.EXITED
        || c.status() == ContainerState.Status.RESTARTING;
  }

  /**
   * {@code hoist restart}: stops the container as {@link #stop} does (a stopped one is left as
   * it is), then starts it detached. Restart policies are the monitor's, not this.
   */
  public ContainerState restart(String reference, Duration timeout)
      throws IOException, InterruptedException {
    return restart(reference, null, timeout);
  }

  /** As {@link #restart(String, Duration)}, stopping with {@code signal} (null: as stop). */
  public ContainerState restart(String reference, String signal, Duration timeout)
      throws IOException, InterruptedException {
    ContainerState c = require(reference);
    ContainerState stopped = containers.stop(c, signal, stopWait(c, timeout));
    if (stopped == null) {
      throw new NotFoundException("No such container: " + reference
          + " (removed when it stopped: it was run with --rm)");
    }
    ContainerState started = containers.startDetached(stopped);
    containers.emit(started, "restart", Map.of());
    return started;
  }

  /** {@code hoist rename}: the container {@code reference} names is called {@code name} now. */
  public ContainerState rename(String reference, String name) throws IOException {
    ContainerState before = require(reference);
    ContainerState renamed = containers.store().rename(before.id(), name);
    containers.emit(renamed, "rename", Map.of("oldName", "/" + before.name()));
    return renamed;
  }

  /** Work on a container's files, given its root as the host reaches it. */
  @FunctionalInterface
  private interface RootWork {
    void apply(Path root) throws IOException;
  }

  /**
   * Runs {@code work} on the root filesystem of the container {@code reference} names: a
   * running container is frozen meanwhile (its processes cannot swap a path for a symlink
   * while it is resolved and read), a stopped one has its overlay mounted meanwhile.
   */
  private void onRoot(String reference, RootWork work) throws IOException, InterruptedException {
    ContainerState container = require(reference);
    boolean freeze = container.status() == ContainerState.Status.RUNNING;
    if (freeze) {
      container = containers.pause(container);
    }
    try (ContainerRoot root = ContainerRoot.open(containers.store().home(), container)) {
      work.apply(root.path());
    } finally {
      if (freeze) {
        containers.store().read(container.id()).filter(c -> c.status()
            == ContainerState.Status.PAUSED).ifPresent(c -> {
              try {
                containers.resume(c);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      }
    }
  }

  /**
   * {@code hoist cp CONTAINER:SRC -}: the tar of {@code source} (a path in the container; its
   * last symlink followed with {@code follow}) on {@code tar}.
   */
  public void copyOut(String reference, String source, boolean follow, OutputStream tar)
      throws IOException, InterruptedException {
    ContainerCopy.Written src = ContainerCopy.Written.of(source);
    onRoot(reference, root -> {
      Path item = existing(ContainerCopy.inRoot(root, src, follow), reference, source);
      ContainerCopy.writeTar(ContainerCopy.entries(root, item, src.contentsOnly() ? "" : src.base()),
          tar);
    });
    emit(reference, "archive-path", Map.of());
  }

  /**
   * {@code hoist cp CONTAINER:SRC DEST}: copies {@code source} (a path in the container) to the
   * host path {@code destination}, by Docker's rules; owners kept with {@code archive}, else the
   * files are this process's user's.
   */
  public void copyToHost(String reference, String source, boolean follow, String destination,
      boolean archive) throws IOException, InterruptedException {
    ContainerCopy.Written src = ContainerCopy.Written.of(source);
    ContainerCopy.Written dest = ContainerCopy.Written.of(destination);
    Path target = Path.of(destination).toAbsolutePath().normalize();
    onRoot(reference, root -> {
      Path item = existing(ContainerCopy.inRoot(root, src, follow), reference, source);
      ContainerCopy.Landing landing = ContainerCopy.landing(target, dest,
          ContainerCopy.isDirectory(root, item), src);
      ContainerCopy.copy(ContainerCopy.entries(root, item, landing.name()), landing.dir(),
          archive);
    });
    emit(reference, "archive-path", Map.of());
  }

  /**
   * {@code hoist cp - CONTAINER:DEST}: extracts the tar {@code tar} into the directory
   * {@code destination} of the container; owners kept with {@code archive}, else root's.
   */
  public void copyIn(InputStream tar, String reference, String destination, boolean archive)
      throws IOException, InterruptedException {
    copyIn(tar, reference, destination, new ExtractOptions(archive, false));
  }

  /**
   * {@code PUT /containers/{id}/archive}: extracts the tar {@code tar} into the directory
   * {@code destination} of the container; owners kept with {@code archive}, else root's; with
   * {@code keepKinds} ({@code noOverwriteDirNonDir}), an entry that would replace a directory by
   * a non-directory or the reverse is refused.
   *
   * @throws NotFoundException when {@code destination} does not exist in the container
   */
  public void copyIn(InputStream tar, String reference, String destination, boolean archive,
      boolean keepKinds) throws IOException, InterruptedException {
    ExtractOptions options = new ExtractOptions(archive, false);
    copyIn(tar, reference, destination, keepKinds ? options.withKindsKept() : options);
  }

  private void copyIn(InputStream tar, String reference, String destination,
      ExtractOptions options) throws IOException, InterruptedException {
    ContainerCopy.Written dest = ContainerCopy.Written.of(destination);
    onRoot(reference, root -> {
      Path dir = existing(ContainerCopy.inRoot(root, dest, true), reference, destination);
      if (!ContainerCopy.isDirectory(root, dir)) {
        throw new IllegalArgumentException("destination \"" + destination
            + "\" must be a directory");
      }
      ContainerCopy.extract(tar, dir, options);
    });
    emit(reference, "extract-to-dir", Map.of());
  }

  /**
   * What {@code stat} tells of a path in a container ({@code X-Docker-Container-Path-Stat}).
   *
   * @param name the path's last component
   * @param mode the Unix mode, file type bits included
   * @param linkTarget for a symlink, where it leads in the container (an absolute path there,
   *     every link on the way followed inside its root); otherwise empty
   */
  public record PathStat(String name, long size, int mode, java.time.Instant mtime,
      String linkTarget) {
    public boolean isDirectory() {
      return (mode & 0170000) == 0040000;
    }

    public boolean isSymlink() {
      return (mode & 0170000) == 0120000;
    }
  }

  /**
   * {@code HEAD /containers/{id}/archive?path=}: what {@code path} in the container is, its last
   * component not followed (unless written with a trailing {@code /} or {@code /.}).
   *
   * @throws NotFoundException when there is nothing at {@code path}
   */
  public PathStat stat(String reference, String path) throws IOException, InterruptedException {
    ContainerCopy.Written written = ContainerCopy.Written.of(path);
    PathStat[] answer = new PathStat[1];
    onRoot(reference, root -> {
      Path item = existing(ContainerCopy.inRoot(root, written, false), reference, path);
      answer[0] = ContainerCopy.stat(root, item, written.base().isEmpty() ? "/"
          : written.base());
    });
    return answer[0];
  }

  /**
   * {@code hoist cp SRC CONTAINER:DEST}: copies the host path {@code source} (its last symlink
   * followed with {@code follow}) to {@code destination} in the container, by Docker's rules;
   * owners kept with {@code archive}, else root's.
   */
  public void copyFromHost(String source, boolean follow, String reference, String destination,
      boolean archive) throws IOException, InterruptedException {
    ContainerCopy.Written src = ContainerCopy.Written.of(source);
    ContainerCopy.Written dest = ContainerCopy.Written.of(destination);
    Path item = Path.of(source).toAbsolutePath();
    if (follow || src.contentsOnly() || src.trailingSlash()) {
      item = item.toRealPath();
    } else if (!Files.exists(item, LinkOption.NOFOLLOW_LINKS)) {
      throw new java.nio.file.NoSuchFileException(source);
    }
    Path host = item;
    onRoot(reference, root -> {
      Path target = ContainerCopy.inRoot(root, dest, true);
      ContainerCopy.Landing landing = ContainerCopy.landing(target, dest,
          Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS), src);
      ContainerCopy.copy(ContainerCopy.entries(host, landing.name()), landing.dir(), archive);
    });
    emit(reference, "extract-to-dir", Map.of());
  }

  private static Path existing(Path item, String reference, String path) {
    if (!Files.exists(item, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotFoundException("Could not find the file " + path + " in container "
          + reference);
    }
    return item;
  }

  /**
   * What {@code docker commit} asks for ({@code POST /commit}).
   *
   * @param reference {@code REPO[:TAG]} to tag the image with; null: untagged
   * @param author {@code -a}; null: none
   * @param message {@code -m}, the history entry's comment; null: none
   * @param changes {@code -c} Dockerfile instructions, in order
   * @param pause {@code --pause}: freeze a running container while its files are read
   */
  public record CommitRequest(String reference, String author, String message,
      List<String> changes, boolean pause) {
    public CommitRequest {
      changes = List.copyOf(changes);
    }
  }

  /**
   * {@code hoist commit}: the container {@code reference} names, its changes as a new layer on
   * its image ({@link ContainerCommit}); the new image's ID ({@code sha256:…}).
   *
   * @throws NotFoundException when there is no such container, or its image is gone
   * @throws IllegalArgumentException for a change Docker does not take or a bad image name
   */
  public String commit(String reference, CommitRequest request) throws IOException {
    ContainerState container = require(reference);
    String id = new ContainerCommit(context, images, this).commit(container, request);
    Map<String, String> attributes = new java.util.HashMap<>();
    attributes.put("comment", request.message() == null ? "" : request.message());
    attributes.put("imageID", id);
    if (request.reference() != null) {
      attributes.put("imageRef", request.reference());
    }
    containers.emit(container, "commit", attributes);
    return id;
  }

  /**
   * Appends the container event {@code action} about the container {@code reference} names
   * (as it is now) to the journal, with Docker's attributes and {@code extra}.
   */
  private void emit(String reference, String action, Map<String, String> extra)
      throws IOException {
    containers.store().find(reference).ifPresent(c -> containers.emit(c, action, extra));
  }

  /**
   * What {@code docker top} shows ({@code GET /containers/{id}/top}): {@code ps}'s column titles
   * and, for each of the container's processes, its cells.
   */
  public record Top(List<String> titles, List<List<String>> processes) {
    public Top {
      titles = List.copyOf(titles);
      processes = processes.stream().map(List::copyOf).toList();
    }
  }

  /**
   * {@code hoist top CONTAINER [ps OPTIONS]}: the processes of the running container
   * {@code reference} names, as the host's {@code ps} shows them ({@link ContainerTop}).
   *
   * @throws IllegalArgumentException when it is not running
   */
  public Top top(String reference, List<String> psArgs) throws IOException {
    ContainerState container = require(reference);
    Top top = ContainerTop.of(runningCgroups(container).pids(), psArgs);
    containers.emit(container, "top", Map.of());
    return top;
  }

  /** The cgroups of a running container; one that is not running is refused, as Docker does. */
  dev.hoist.internal.runtime.ContainerCgroups runningCgroups(ContainerState container)
      throws IOException {
    if (!container.isActive()) {
      throw new ConflictException("container " + container.name() + " is not running");
    }
    return dev.hoist.internal.runtime.ContainerCgroups.of(containers.store().dir(container.id()),
        container);
  }

  /**
   * {@code hoist stats}: one reading of the resource use of the running container
   * {@code reference} names ({@link ContainerStats}); percentages from two readings.
   *
   * @throws IllegalArgumentException when it is not running
   */
  public ContainerStats.Sample stats(String reference) throws IOException {
    return ContainerStats.read(runningCgroups(require(reference)));
  }

  /**
   * What {@code docker update} changes ({@code POST /containers/{id}/update}); a null field
   * stays as it is, a zero limit lifts that limit.
   *
   * @param memoryBytes {@code --memory}
   * @param nanoCpus {@code --cpus}, in billionths of a CPU
   * @param pidsLimit {@code --pids-limit} (0 or -1: unlimited)
   * @param restartPolicy {@code --restart}
   * @param memorySwapBytes {@code --memory-swap}: memory plus swap (-1: unlimited swap; 0: no
   *     swap, the memory limit)
   * @param cpuShares {@code --cpu-shares} (0: Docker's default, 1024)
   * @param cpusetCpus {@code --cpuset-cpus} ({@code 0-1}, {@code 0,2})
   * @param cpusetMems {@code --cpuset-mems}
   * @param cpuPeriodUs {@code --cpu-period} (not with {@code --cpus}, set now or before)
   * @param cpuQuotaUs {@code --cpu-quota} (-1: unlimited; not with {@code --cpus})
   * @param memoryReservationBytes {@code --memory-reservation}
   * @param blkioWeight {@code --blkio-weight} (cgroup v1 with blkio.weight or blkio.bfq.weight)
   */
  public record UpdateRequest(Long memoryBytes, Long nanoCpus, Long pidsLimit,
      RestartPolicy restartPolicy, Long memorySwapBytes, Long cpuShares, String cpusetCpus,
      String cpusetMems, Long cpuPeriodUs, Long cpuQuotaUs, Long memoryReservationBytes,
      Long blkioWeight) {
    /** Only the limits of {@link dev.hoist.internal.runtime.Resources} and the policy. */
    public UpdateRequest(Long memoryBytes, Long nanoCpus, Long pidsLimit,
        RestartPolicy restartPolicy) {
      this(memoryBytes, nanoCpus, pidsLimit, restartPolicy, null, null, null, null);
    }

    /** Without {@code --cpu-period}, {@code --cpu-quota}, {@code --memory-reservation}, … */
    public UpdateRequest(Long memoryBytes, Long nanoCpus, Long pidsLimit,
        RestartPolicy restartPolicy, Long memorySwapBytes, Long cpuShares, String cpusetCpus,
        String cpusetMems) {
      this(memoryBytes, nanoCpus, pidsLimit, restartPolicy, memorySwapBytes, cpuShares,
          cpusetCpus, cpusetMems, null, null, null, null);
    }
  }

  /**
   * {@code hoist update}: the limits of the container {@code reference} names changed in its
   * running cgroups (when it runs) and in its record (inspect's {@code HostConfig}, and every
   * later start and restart), its restart policy in its record (which its monitor reads at the
   * container's next exit). Nothing is recorded when the cgroups refuse a limit.
   *
   * @throws IllegalArgumentException for a restart policy on a {@code --rm} container, a swap
   *     limit below the memory limit or without one (Docker's messages)
   */
  public ContainerState update(String reference, UpdateRequest request) throws IOException {
    ContainerState container = require(reference);
    ContainerSpec spec = requireSpec(container);
    if (request.restartPolicy() != null && !request.restartPolicy().isNo()
        && container.autoRemove()) {
      throw new IllegalArgumentException("Restart policy cannot be updated because AutoRemove "
          + "is enabled for the container");
    }
    dev.hoist.internal.runtime.Resources now = spec.resources();
    dev.hoist.internal.runtime.Resources next = new dev.hoist.internal.runtime.Resources(
        request.memoryBytes() == null ? now.memoryBytes() : request.memoryBytes(),
        request.nanoCpus() == null ? now.nanoCpus() : request.nanoCpus(),
        request.pidsLimit() == null ? now.pidsLimit() : Math.max(0, request.pidsLimit()));
    dev.hoist.internal.runtime.ResourceExtras was = spec.host().extras();
    dev.hoist.internal.runtime.ResourceExtras extras = new dev.hoist.internal.runtime
        .ResourceExtras(
        request.memorySwapBytes() == null ? was.memorySwapBytes() : request.memorySwapBytes(),
        request.cpuShares() == null ? was.cpuShares() : request.cpuShares(),
        request.cpusetCpus() == null ? was.cpusetCpus() : request.cpusetCpus(),
        request.cpusetMems() == null ? was.cpusetMems() : request.cpusetMems(),
        request.cpuPeriodUs() == null ? was.cpuPeriodUs() : request.cpuPeriodUs(),
        request.cpuQuotaUs() == null ? was.cpuQuotaUs() : request.cpuQuotaUs(),
        request.memoryReservationBytes() == null ? was.memoryReservationBytes()
            : request.memoryReservationBytes(),
        was.oomKillDisable(),
        request.blkioWeight() == null ? was.blkioWeight() : request.blkioWeight())
        .checkedWith(next);
    if (container.isActive()) {
      runningCgroups(container).apply(next, extras);
    }
    return containers.store().update(container.id(), c -> {
      ContainerState changed = c.spec() == null ? c
          : c.withSpec(c.spec().withResources(next)
              .withHost(c.spec().host().toBuilder().extras(extras).build()));
      return request.restartPolicy() == null ? changed
          : changed.withRestartPolicy(request.restartPolicy());
    });
  }

  /**
   * {@code hoist attach} without stdin: as {@link #attach(String, InputStream, DetachKeys,
   * Writer, Writer)} with none; the container's exit code.
   */
  public int attach(String reference, Writer out, Writer err)
      throws IOException, InterruptedException {
    return attach(reference, null, DetachKeys.DEFAULT, out, err).orElseThrow();
  }

  /**
   * {@code hoist attach}: follows the output of the running detached container
   * {@code reference} names from now on (its monitor's log, from its current end) to {@code out}
   * and {@code err} until it exits, its standard input read from {@code stdin} when it was made
   * with {@code -i} (null, or a container without {@code -i}: none, as Docker's attach); its
   * exit code, or empty when {@code keys} were read from {@code stdin} (detached: it runs on).
   * The end of {@code stdin} is not the end of the container's (Docker's {@code StdinOnce}
   * false, as for {@code run -d -i}).
   *
   * @throws IllegalArgumentException when it is stopped or paused (Docker's words), or runs in
   *     the foreground of another {@code hoist run} (whose terminal has its output)
   */
  public OptionalInt attach(String reference, InputStream stdin, DetachKeys keys, Writer out,
      Writer err) throws IOException, InterruptedException {
    ContainerState container = require(reference);
    if (container.status() == ContainerState.Status.PAUSED) {
      throw new IllegalArgumentException("You cannot attach to a paused container, unpause it "
          + "first");
    }
    if (!container.isActive()) {
      throw new IllegalArgumentException("You cannot attach to a stopped container, start it "
          + "first");
    }
    if (!container.detached()) {
      throw new IllegalArgumentException("container " + container.name() + " runs in the "
          + "foreground of another hoist run: its output goes to that terminal, not to a log "
          + "to attach to");
    }
    String id = container.id();
    ContainerStore store = containers.store();
    ContainerLog log = new ContainerLog(store.logFile(id));
    long now = log.end(); // before stdin goes in: the container's answers to it come after
    try (StdinAttachment in = stdin == null ? null : attachStdin(container, stdin, false,
        keys, () -> false)) {
      log.copyFrom(now, new ContainerLog.Options(-1, false), out, err, () -> {
        if (in != null && in.detached()) {
          return false;
        }
        try {
          return store.read(id).map(ContainerState::isActive).orElse(false);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (in != null && in.detached()) {
        return OptionalInt.empty();
      }
    }
    return OptionalInt.of(await(id));
  }

  /**
   * Copies {@code stdin} to the standard input of {@code container} (a detached one made with
   * {@code -i}; for others, nothing is copied, as Docker's attach does) until it ends, {@code
   * keys} are read or the attachment is closed; {@code closesStdin}: its end is the container's
   * (Docker's {@code StdinOnce}); {@code mayStillListen}: whether a container that does not run
   * yet is still to start (the Engine API's attach comes before its start). Null when nothing is
   * copied.
   */
  public StdinAttachment attachStdin(ContainerState container, InputStream stdin,
      boolean closesStdin, DetachKeys keys, java.util.function.BooleanSupplier mayStillListen) {
    if (container.config() == null || !container.config().openStdin()) {
      return null;
    }
    return StdinAttachment.start(containers.store().dir(container.id()), stdin, closesStdin,
        keys, mayStillListen);
  }

  /** A change {@code hoist diff} lists: {@code A} added, {@code C} changed, {@code D} deleted. */
  public record Change(char kind, String path) {}

  /**
   * {@code hoist diff}: what the container changed on top of its image, from its upper
   * directory (the layer a commit would make, read as the build reads a RUN step's): a deleted
   * path (an overlay whiteout) is {@code D}, one the image has is {@code C}, others {@code A};
   * in path order, each path absolute.
   */
  public List<Change> diff(String reference) throws IOException {
    ContainerState container = require(reference);
    ContainerSpec spec = requireSpec(container);
    List<Change> changes = new ArrayList<>();
    if (!Files.isDirectory(spec.upperDir())) {
      return changes; // never started: nothing changed
    }
    List<LayerEntry> entries = withoutRuntimeMountPoints(OverlayDiff.entries(spec.upperDir()));
    try (RootView image = RootView.open(ShimBinary.locate(context.home()), spec.lowerDirs(),
        containers.store().dir(container.id()))) {
      for (LayerEntry e : entries) {
        switch (e.type()) {
          case OPAQUE_WHITEOUT -> { } // its directory is listed already
          case WHITEOUT -> changes.add(new Change('D', "/" + e.path()));
          default -> changes.add(new Change(Files.exists(RawNames.resolve(image.root(),
              e.path()), LinkOption.NOFOLLOW_LINKS) ? 'C' : 'A', "/" + e.path()));
        }
      }
    }
    changes.sort(java.util.Comparator.comparing(Change::path));
    return changes;
  }

  /**
   * {@code hoist export}: the container's root filesystem (its image's layers with its own
   * changes on top; not its volumes nor mounts) as a tar on {@code out}.
   */
  public void export(String reference, OutputStream out) throws IOException {
    ContainerState container = require(reference);
    ContainerSpec spec = requireSpec(container);
    List<Path> layers = new ArrayList<>();
    if (Files.isDirectory(spec.upperDir())) {
      layers.add(spec.upperDir());
    }
    layers.addAll(spec.lowerDirs());
    try (RootView root = RootView.open(ShimBinary.locate(context.home()), layers,
        containers.store().dir(container.id()))) {
      ContainerCopy.writeTar(LayerWriter.scan(root.root(), true), out);
    }
    containers.emit(container, "export", Map.of());
  }

  /**
   * The mount points a runtime makes in the upper directory when the image lacks them ({@code
   * /proc}, {@code /sys}, {@code /dev}, {@code /etc/hosts}, {@code /etc/hostname}, {@code
   * /etc/resolv.conf}): Docker keeps them in its init layer, below the container's, so its diff
   * never shows them; nor does hoist's. A directory listed only as their parent goes too.
   */
  static List<LayerEntry> withoutRuntimeMountPoints(List<LayerEntry> entries) {
    java.util.Set<String> made = java.util.Set.of("proc", "sys", "dev", "etc/hosts",
        "etc/hostname", "etc/resolv.conf");
    List<LayerEntry> kept = new ArrayList<>();
    java.util.Set<String> parentsOfMade = new java.util.HashSet<>();
    java.util.Set<String> parentsOfKept = new java.util.HashSet<>();
    for (LayerEntry e : entries) {
      boolean mountPoint = made.contains(e.path()) && e.type() != LayerEntry.Type.WHITEOUT;
      for (String p = parent(e.path()); !p.isEmpty(); p = parent(p)) {
        (mountPoint ? parentsOfMade : parentsOfKept).add(p);
      }
      if (!mountPoint) {
        kept.add(e);
      }
    }
    kept.removeIf(e -> e.type() == LayerEntry.Type.DIRECTORY && parentsOfMade.contains(e.path())
        && !parentsOfKept.contains(e.path()));
    return kept;
  }

  private static String parent(String path) {
    int cut = path.lastIndexOf('/');
    return cut < 0 ? "" : path.substring(0, cut);
  }

  static ContainerSpec requireSpec(ContainerState container) {
    if (container.spec() == null) {
      throw new IllegalArgumentException("container " + container.name()
          + " has no root filesystem on record");
    }
    return container.spec();
  }

  /** {@code platform}'s image of {@code reference} (resolved locally to {@code manifest}). */
  private LocalImage imageFor(String reference, Descriptor manifest, Platform platform,
      PullPolicy pull, RegistryOverrides registry, PullListener listener) throws IOException {
    try {
      dev.hoist.internal.runtime.Emulation.system().require(platform);
    } catch (dev.hoist.internal.runtime.Emulation.EmulationException e) {
      throw new IllegalArgumentException("--platform " + platform + ": " + e.getMessage());
    }
    ImageReader reader = new ImageReader(images.store().blobs());
    LocalImage image = null;
    try {
      image = reader.image(manifest, platform);
    } catch (IOException e) {
      // an index without this platform's image in the store
    }
    if (image != null && matches(image, platform)) {
      return image;
    }
    if (pull == PullPolicy.NEVER) {
      throw new NotFoundException("image " + reference + " has no " + platform.formatted()
          + " image locally (--pull=never)");
    }
    dev.hoist.cache.image.ImageName name = dev.hoist.cache.image.ImageName.parse(reference);
    listener.pulling(reference, name.apiHost());
    dev.hoist.internal.registry.TransferResult pulled = images.pull(name, platform, registry,
        listener.blobs());
    listener.pulled(reference, pulled);
    return reader.image(pulled.image(), platform);
  }

  private static boolean matches(LocalImage image, Platform platform) {
    // an image that names no platform is taken as it is
    return image.config().declaredPlatform().map(actual -> dev.hoist.cache.model.PlatformMatcher
        .rank(platform.normalized(), actual.normalized()) >= 0).orElse(true);
  }
}
