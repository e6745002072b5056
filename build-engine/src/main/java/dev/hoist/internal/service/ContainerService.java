package dev.hoist.internal.service;

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
import dev.hoist.internal.runtime.ContainerLog;
import dev.hoist.internal.runtime.ContainerProcess;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.Containers;
import dev.hoist.internal.runtime.EnvironmentMerge;
import dev.hoist.internal.runtime.ExecSpec;
import dev.hoist.internal.runtime.ImageLayers;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.Stdio;
import dev.hoist.internal.runtime.UserResolver;
import dev.hoist.internal.service.docker.ContainerInspect;
import dev.hoist.internal.service.docker.ContainerShape;
import dev.hoist.internal.service.docker.TreeSize;
import dev.hoist.internal.service.list.ContainerListOptions;
import dev.hoist.internal.service.list.ContainerSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    return containers.store().find(reference).orElseThrow(() -> new NotFoundException(
        "No such container: " + reference));
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
   * Creates a container from {@code options.image()}, pulled first as {@code pull} says (by
   * default only when the store lacks it, as {@code docker run} does); nothing runs yet.
   * The store's {@code gc} lock is held until the container has recorded its layers, so that a
   * prune cannot take them meanwhile. Host values of {@code -e NAME} come from the context's
   * environment.
   */
  public ContainerState create(RunOptions options, PullPolicy pull, RegistryOverrides registry,
      PullListener listener) throws IOException {
    Descriptor manifest = images.resolve(options.image(), pull, registry, listener);
    ImageStore store = images.store();
    LocalImage image = new ImageReader(store.blobs()).image(manifest, Platform.host());
    try (StoreLock.Held gc = new StoreLock(store.home(), StoreLock.GC).shared()) {
      List<Path> lowers = ImageLayers.lowerDirs(new SnapshotStore(store.home(), store.blobs()),
          image);
      return containers.create(options, image, lowers, context.environment());
    }
  }

  /**
   * Runs {@code container} from this process: started with {@code stdio}, handed to
   * {@code started} (to relay signals and copy streams), waited for; its exit status.
   */
  public int runAttached(ContainerState container, Stdio stdio,
      Consumer<ContainerProcess> started) throws IOException, InterruptedException {
    return containers.runAttached(container, stdio, started);
  }

  /** Starts {@code container} under the monitor, its output in its log; returns once it runs. */
  public ContainerState startDetached(ContainerState container)
      throws IOException, InterruptedException {
    return containers.startDetached(container);
  }

  /** Gives {@code container} its {@code --restart} policy (kept in its state). */
  public ContainerState setRestartPolicy(ContainerState container, RestartPolicy policy)
      throws IOException {
    return containers.store().update(container.id(), c -> c.withRestartPolicy(policy));
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

  /** Its STOPSIGNAL (or SIGTERM), then SIGKILL after {@code timeout}. */
  public ContainerState stop(String reference, Duration timeout)
      throws IOException, InterruptedException {
    return containers.stop(require(reference), timeout);
  }

  public void kill(String reference, String signal) throws IOException {
    containers.kill(require(reference), signal);
  }

  /**
   * Removes it; a running one only with {@code force}; {@code anonymousVolumes}: also the
   * anonymous volumes no other container uses.
   */
  public void remove(String reference, boolean force, boolean anonymousVolumes)
      throws IOException, InterruptedException {
    containers.remove(require(reference), force, anonymousVolumes);
  }

  public ContainerState pause(String reference) throws IOException {
    return containers.pause(require(reference));
  }

  public ContainerState unpause(String reference) throws IOException {
    return containers.resume(require(reference));
  }

  /**
   * {@code hoist logs}: copies the log of the container {@code reference} names to {@code out}
   * and {@code err} (its two streams), the last {@code options.tail()} records, while it runs
   * with {@code follow}. A container that ran in the foreground kept no log: it is handed to
   * {@code notKept} first (its output went to a terminal).
   */
  public void logs(String reference, ContainerLog.Options options, boolean follow, Writer out,
      Writer err, Consumer<ContainerState> notKept) throws IOException, InterruptedException {
    ContainerStore store = containers.store();
    ContainerState container = require(reference);
    if (!container.detached() && container.status() != ContainerState.Status.CREATED) {
      notKept.accept(container);
    }
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
      boolean tty) {
    public ExecRequest {
      argv = List.copyOf(argv);
      env = List.copyOf(env);
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
        request.tty());
    return containers.exec(container, exec, stdio);
  }
}
