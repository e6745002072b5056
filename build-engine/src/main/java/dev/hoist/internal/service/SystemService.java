package dev.hoist.internal.service;

import dev.hoist.internal.build.BuildCache;
import dev.hoist.internal.cache.images.GarbageCollector;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.TaggedImage;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.runtime.CgroupLayout;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.OciRuntimes;
import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.NetworkLeftovers;
import dev.hoist.internal.service.list.PruneFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The store and the machine as a whole: what a prune removes ({@link #prune}, {@link
 * #pruneBuildCache}), what the store holds and a prune would free ({@link #diskUsage}), what
 * {@code hoist info} shows ({@link #info}), and whether every blob still matches its digest
 * ({@link #check}).
 */
public final class SystemService {
  private final HoistContext context;
  private final ImageService images;
  private final NetworkService networks;
  private final ContainerService containers;
  private final VolumeService volumes;

  SystemService(HoistContext context, ImageService images, NetworkService networks,
      ContainerService containers, VolumeService volumes) {
    this.context = context;
    this.images = images;
    this.networks = networks;
    this.containers = containers;
    this.volumes = volumes;
  }

  /**
   * Tags the image of hoist's replacement for Testcontainers' reaper as {@code name}
   * ({@link ReaperImage}; null: {@value ReaperImage#TESTCONTAINERS_NAME}); its manifest.
   */
  public dev.hoist.cache.model.Descriptor tagReaperImage(String name) throws IOException {
    return new ReaperImage(images).tag(name == null ? ReaperImage.TESTCONTAINERS_NAME : name);
  }

  /**
   * What {@link #prune} removed: the stopped containers (their IDs, and the bytes their upper
   * layers held), the user-defined networks no container is connected to (their names), the
   * anonymous volumes no container uses ({@code volumes} only), the tags ({@code all} only), the
   * dangling images (their IDs), the build-cache entries ({@code all} only), and the garbage
   * collection.
   */
  public record PruneReport(ContainerService.PruneReport containers, List<String> networks,
      VolumeService.PruneReport volumes, List<String> untagged, List<String> deletedImages,
      List<String> buildCache, GarbageCollector.Report garbage) {
    /** The bytes freed: containers' layers, volumes' data and the garbage collected. */
    public long reclaimed() {
      return containers.bytes() + volumes.bytes() + garbage.bytes();
    }
  }

  /**
   * {@code hoist system prune}, in Docker's order: the stopped containers (created or exited),
   * the user-defined networks no container is connected to, with {@code volumes} the anonymous
   * volumes no container uses, the dangling images no container uses (with {@code all}: every
   * image no container uses, and the whole build cache), then the content no image and no
   * build-cache entry references, and files left by interrupted writes (the lock files of
   * build steps a killed build left too).
   */
  public PruneReport prune(boolean all, boolean volumes)
      throws IOException, InterruptedException {
    return prune(all, volumes, PruneFilter.NONE);
  }

  /**
   * As {@link #prune(boolean, boolean)}, of the networks and images {@code filter} selects (made
   * before its {@code until}, with or without its labels) and, with {@code all}, the build-cache
   * entries unused since {@code until}; the stopped containers it selects
   * ({@link ContainerService#prune(PruneFilter)}).
   */
  public PruneReport prune(boolean all, boolean volumes, PruneFilter filter)
      throws IOException, InterruptedException {
    ContainerService.PruneReport containers = this.containers.prune(filter);
    List<String> prunedNetworks = networks.prune(filter);
    VolumeService.PruneReport prunedVolumes = volumes ? this.volumes.prune(false)
        : new VolumeService.PruneReport(List.of(), 0);
    ImageService.ImagePrune pruned = images.pruneUnused(all, filter);
    BuildCache buildCache = new BuildCache(images.store().home());
    List<String> cache = all ? buildCache.prune(true, filter.until(), Set.of()) : List.of();
    if (!all) {
      buildCache.removeUnheldLocks(); // what a killed build left (-a's prune removes them too)
    }
    return new PruneReport(containers, prunedNetworks, prunedVolumes, pruned.untagged(),
        pruned.deleted(), cache, images.collectGarbage());
  }

  /** What {@link #pruneBuildCache} removed: the entries, and the garbage collection. */
  public record BuildCachePruneReport(List<String> removed, GarbageCollector.Report garbage) {}

  /**
   * Removes build-cache entries: the dangling ones (layers no image uses), with {@code all}
   * every one; only those unused since {@code olderThan} when it is not null.
   */
  public BuildCachePruneReport pruneBuildCache(boolean all, Instant olderThan)
      throws IOException {
    ImageStore store = images.store();
    List<String> removed = new BuildCache(store.home()).prune(all, olderThan,
        imageLayers(store));
    return new BuildCachePruneReport(removed, images.collectGarbage());
  }

  /** The layer blobs of every image, tagged or dangling. */
  private static Set<Digest> imageLayers(ImageStore store) throws IOException {
    ImageReader reader = new ImageReader(store.blobs());
    Set<Digest> layers = new HashSet<>();
    for (Descriptor image : store.readIndex().manifests()) {
      layers.addAll(reader.closure(image).blobs());
    }
    return layers;
  }

  private static Usage snapshots(ImageStore store) throws IOException {
    SnapshotUse use = SnapshotUse.of(store.home().snapshots());
    return new Usage(use.count(), 0, use.bytes(), 0);
  }

  /** The containers {@link #info} counts: all, running, paused, stopped (created or exited). */
  public record ContainerCounts(long total, long running, long paused, long stopped) {}

  /**
   * What {@code hoist info} shows, as {@code docker info}: the store (where, its blobs' usage),
   * the images (tagged and dangling, as Docker counts them) and tags, the containers, the OCI
   * runtimes on {@code PATH}, the cgroup layout, the operating system and CPUs, and where the
   * store's running Engine API services listen ({@link EngineServiceRecords}).
   */
  public record Info(Path store, ContentStore.Usage usage, long images, int tags,
      ContainerCounts containers, List<Path> runtimes, String cgroups, String operatingSystem,
      int cpus, List<String> engineApiServices) {}

  /** {@code hoist info}: the machine and the store as hoist sees them. */
  public Info info() throws IOException {
    ImageStore store = images.store();
    ContentStore.Usage usage = store.blobs().usage();
    List<TaggedImage> tags = store.list();
    long imageCount = tags.stream().map(t -> t.manifest().digest()).distinct().count()
        + store.untagged().size();
    List<ContainerState> all = context.containerStore().list();
    ContainerCounts containers = new ContainerCounts(all.size(),
        count(all, ContainerState.Status.RUNNING), count(all, ContainerState.Status.PAUSED),
        count(all, ContainerState.Status.EXITED) + count(all, ContainerState.Status.CREATED));
    return new Info(store.home().root(), usage, imageCount, tags.size(), containers,
        OciRuntimes.onPath(), CgroupLayout.detect().description(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        EngineServiceRecords.running(store.home().root()));
  }

  private static long count(List<ContainerState> all, ContainerState.Status status) {
    return all.stream().filter(c -> c.status() == status).count();
  }

  /**
   * A blob whose content no longer matches its digest: where its file is, or null for a built
   * layer kept as its snapshot (made again when read).
   */
  public record Mismatch(Digest digest, Path file) {}

  /** What {@link #check} verified: how many blobs, their bytes, the store, those that failed. */
  public record CheckReport(int blobs, long bytes, Path store, List<Mismatch> mismatches) {
    public CheckReport {
      mismatches = List.copyOf(mismatches);
    }
  }

  /**
   * {@code hoist system check}: hashes every blob of the store again; each one that no longer
   * matches its digest is told to {@code mismatch} as it is found.
   */
  public CheckReport check(Consumer<Mismatch> mismatch) throws IOException {
    ContentStore blobs = new ContentStore(context.home());
    List<Mismatch> bad = new ArrayList<>();
    long bytes = 0;
    List<Digest> all = blobs.list();
    for (Digest digest : all) {
      bytes += blobs.size(digest).orElse(0L);
      if (!blobs.verify(digest)) {
        Path file = blobs.path(digest);
        Mismatch m = new Mismatch(digest, Files.exists(file) ? file : null);
        bad.add(m);
        mismatch.accept(m);
      }
    }
    return new CheckReport(all.size(), bytes, context.home().root(), bad);
  }

  /**
   * {@code hoist system check}'s network part: what containers whose owning process died left on
   * the default bridge and on user networks' bridges (port rules, namespaces, veths, addresses,
   * memberships), and the bridges and rules of user networks that are gone, removed now rather
   * than by the next attach ({@link NetworkLeftovers#repairAll}). Needs root and iptables.
   */
  public NetworkLeftovers repairNetwork() throws IOException {
    return NetworkLeftovers.repairAll();
  }

  /** A kind of thing the store holds: how many, how many a prune keeps, bytes, bytes freed. */
  public record Usage(long total, long active, long bytes, long reclaimable) {}

  /**
   * What {@code system df} shows: images, blobs, build cache, and the unpacked layer snapshots
   * (how many and their bytes; a prune's part in them is not counted).
   */
  public record DiskUsage(Usage images, Usage blobs, Usage buildCache, Usage snapshots) {}

  /**
   * What {@code system df -v} and the Engine API's {@code GET /system/df} show: the totals, each
   * image with how many containers were made from it ({@link ImageSummary#id()} to count), each
   * container with its own layer's size, each volume with its size and users.
   */
  public record DetailedUsage(DiskUsage totals,
      List<ImageSummary> images, java.util.Map<String, Long> containersByImage,
      List<dev.hoist.internal.service.list.ContainerSummary> containers,
      List<dev.hoist.internal.service.list.VolumeSummary> volumes) {}

  /** {@link #diskUsage()} with every image, container and volume ({@link DetailedUsage}). */
  public DetailedUsage detailedUsage() throws IOException {
    dev.hoist.internal.service.list.Filters none = dev.hoist.internal.service.list.Filters.NONE;
    List<dev.hoist.internal.service.list.ContainerSummary> all = containers.list(
        new dev.hoist.internal.service.list.ContainerListOptions(true, 0, true, none));
    java.util.Map<String, Long> users = all.stream().filter(c -> c.imageId() != null)
        .collect(java.util.stream.Collectors.groupingBy(
            dev.hoist.internal.service.list.ContainerSummary::imageId,
            java.util.stream.Collectors.counting()));
    return new DetailedUsage(diskUsage(), images.list(none), users, all,
        volumes.list(none, true));
  }

  /**
   * What the store holds and what a system prune would free: a prune keeps every image but the
   * dangling ones no container uses, and the build cache's layers (a build-cache prune removes
   * those; what only the cache holds is its reclaimable part).
   */
  public DiskUsage diskUsage() throws IOException {
    ImageStore store = images.store();
    ContentStore blobs = store.blobs();
    ImageReader reader = new ImageReader(blobs);
    Set<Digest> prunable = new HashSet<>();
    images.prunableDangling().forEach(d -> prunable.add(d.digest()));
    Set<Digest> live = new HashSet<>();
    Set<Digest> inImages = new HashSet<>();
    for (Descriptor entry : store.readIndex().manifests()) {
      List<Digest> closure = reader.closure(entry).blobs();
      inImages.addAll(closure);
      if (!prunable.contains(entry.digest())) {
        live.addAll(closure);
      }
    }
    Set<Digest> cache = new BuildCache(store.home()).roots().blobs();
    live.addAll(cache);
    long total = 0;
    long reclaimable = 0;
    List<Digest> all = blobs.list();
    for (Digest digest : all) {
      long size = blobs.storedBytes(digest); // a built layer kept as its snapshot: its recipe
      total += size;
      if (!live.contains(digest)) {
        reclaimable += size;
      }
    }
    long tagged = store.list().stream().map(t -> t.manifest().digest()).distinct().count();
    long imageCount = tagged + store.untagged().size();
    long cacheBytes = 0;
    long cacheOnly = 0;
    for (Digest layer : cache) {
      long size = blobs.storedBytes(layer);
      cacheBytes += size;
      if (!inImages.contains(layer)) {
        cacheOnly += size;
      }
    }
    return new DiskUsage(
        new Usage(imageCount, imageCount - prunable.size(), total, reclaimable),
        new Usage(all.size(), live.size(), total, reclaimable),
        new Usage(cache.size(), 0, cacheBytes, cacheOnly),
        snapshots(store));
  }

  /**
   * Registers the QEMU handlers of Debian's {@code qemu-user-static} with binfmt_misc (the F
   * flag), all of them or those of {@code platforms}: {@code hoist system emulation install}.
   */
  public List<dev.hoist.internal.runtime.Emulation.Registration> installEmulation(
      List<dev.hoist.cache.model.Platform> platforms) throws IOException, InterruptedException {
    return dev.hoist.internal.runtime.Emulation.system().install(platforms);
  }
}
