package dev.hoist.internal.service;

import dev.hoist.internal.runtime.ConflictException;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.VolumeStore;
import dev.hoist.internal.service.docker.TreeSize;
import dev.hoist.internal.service.docker.VolumeInspect;
import java.io.IOException;
import dev.hoist.internal.service.list.Filters;
import dev.hoist.internal.service.list.VolumeSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;

/** Named volumes under {@code $HOIST_HOME/volumes}, and when one may be removed. */
public final class VolumeService {
  private final HoistContext context;

  VolumeService(HoistContext context) {
    this.context = context;
  }

  private VolumeStore volumes() {
    return new VolumeStore(context.home());
  }

  /** A new volume called {@code name}, or with a random name when {@code name} is null. */
  public VolumeStore.Volume create(String name) throws IOException {
    return create(name, Map.of());
  }

  /**
   * As {@link #create(String)}, with {@code labels} ({@code volume create --label}); an existing
   * volume is returned as it is.
   */
  public VolumeStore.Volume create(String name, Map<String, String> labels) throws IOException {
    return name == null ? volumes().createAnonymous(labels) : volumes().create(name, labels);
  }

  public List<VolumeStore.Volume> list() throws IOException {
    return volumes().list();
  }

  /** The filters {@link #list(Filters)} takes, as moby's volume service. */
  static final Set<String> FILTERS = Set.of("name", "label", "dangling", "driver");

  /**
   * {@code docker volume ls}: the volumes the filters select ({@code name}: moby's match,
   * {@code label}, {@code dangling}: used by no container, {@code driver}), by name.
   *
   * @throws dev.hoist.internal.service.list.InvalidFilterException for a filter it does not take
   */
  public List<VolumeSummary> list(Filters filters) throws IOException {
    return list(filters, false);
  }

  /** As {@link #list(Filters)}; with {@code usage}, each volume's size too ({@code df -v}). */
  public List<VolumeSummary> list(Filters filters, boolean usage) throws IOException {
    Filters f = filters.validate(FILTERS);
    Boolean dangling = f.bool("dangling");
    Map<String, Integer> links = new HashMap<>();
    context.containerStore().list().forEach(c -> c.volumes().forEach(
        v -> links.merge(v, 1, Integer::sum)));
    List<VolumeSummary> shown = new ArrayList<>();
    for (VolumeStore.Volume v : volumes().list()) {
      VolumeSummary s = new VolumeSummary(v.name(), "local", v.data().toString(),
          v.created().toInstant(), v.labels(), "local", links.getOrDefault(v.name(), 0),
          usage ? DiskUse.of(v.data()) : null);
      if (f.match("name", s.name()) && f.matchLabels("label", s.labels())
          && f.exactMatch("driver", s.driver()) && (dangling == null || dangling != s.inUse())) {
        shown.add(s);
      }
    }
    return shown;
  }

  /** The volume called {@code name}; a {@link NotFoundException} when there is none. */
  public VolumeStore.Volume require(String name) throws IOException {
    return volumes().get(name).orElseThrow(() -> new NotFoundException("no such volume: " + name));
  }

  /**
   * {@code docker volume inspect}: the volume called {@code name} in Docker's shape; with
   * {@code usage} ({@code -s}), its bytes and how many containers use it.
   *
   * @throws NotFoundException when there is none
   */
  public VolumeInspect dockerInspect(String name, boolean usage) throws IOException {
    VolumeInspect shape = VolumeInspect.of(require(name));
    if (!usage) {
      return shape;
    }
    long users = context.containerStore().list().stream()
        .filter(c -> c.volumes().contains(shape.name())).count();
    return shape.withUsage(new VolumeInspect.UsageData(
        TreeSize.bytes(java.nio.file.Path.of(shape.mountpoint())), users));
  }

  /**
   * Removes the volume; refused (an {@link IllegalArgumentException} naming the containers)
   * while a container uses it. A missing volume is a {@link NotFoundException} unless
   * {@code force}; returns whether it existed.
   */
  public boolean remove(String name, boolean force) throws IOException {
    List<String> users = context.containerStore().list().stream()
        .filter(c -> c.volumes().contains(name)).map(ContainerState::shortId).toList();
    if (!users.isEmpty()) {
      throw new ConflictException("remove " + name + ": volume is in use - " + users);
    }
    boolean removed = volumes().remove(name);
    if (!removed && !force) {
      throw new NotFoundException("no such volume: " + name);
    }
    return removed;
  }

  /** What {@link #prune} removed: the volumes' names and the bytes their data held. */
  public record PruneReport(List<String> removed, long bytes) {}

  /**
   * {@code hoist volume prune}, as Docker's (since 23.0): the anonymous volumes no container
   * uses; with {@code all}, every volume no container uses.
   */
  public PruneReport prune(boolean all) throws IOException {
    return prune(all, dev.hoist.internal.service.list.PruneFilter.NONE);
  }

  /**
   * As {@link #prune(boolean)}, of the volumes {@code filter} selects (its {@code label} and
   * {@code label!}; its {@code until}: made before it).
   */
  public PruneReport prune(boolean all, dev.hoist.internal.service.list.PruneFilter filter)
      throws IOException {
    Set<String> used = new HashSet<>();
    context.containerStore().list().forEach(c -> used.addAll(c.volumes()));
    List<String> removed = new ArrayList<>();
    long bytes = 0;
    for (VolumeStore.Volume v : list()) {
      if (used.contains(v.name()) || !(all || VolumeStore.isAnonymous(v.name()))
          || !filter.matches(v.created() == null ? null : v.created().toInstant(), v.labels())) {
        continue;
      }
      long size = SnapshotUse.of(v.data()).bytes();
      if (volumes().remove(v.name())) {
        removed.add(v.name());
        bytes += size;
      }
    }
    EventService.pruned(context, dev.hoist.internal.runtime.events.Event.VOLUME, bytes);
    return new PruneReport(removed, bytes);
  }
}
