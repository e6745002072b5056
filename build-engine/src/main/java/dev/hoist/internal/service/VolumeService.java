package dev.hoist.internal.service;

import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.VolumeStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
    return name == null ? volumes().createAnonymous() : volumes().create(name);
  }

  public List<VolumeStore.Volume> list() throws IOException {
    return volumes().list();
  }

  /** The volume called {@code name}; a {@link NotFoundException} when there is none. */
  public VolumeStore.Volume require(String name) throws IOException {
    return volumes().get(name).orElseThrow(() -> new NotFoundException("no such volume: " + name));
  }

  /**
   * Removes the volume; refused (an {@link IllegalArgumentException} naming the containers)
   * while a container uses it. A missing volume is a {@link NotFoundException} unless
   * {@code force}; returns whether it existed.
   */
  public boolean remove(String name, boolean force) throws IOException {
    List<String> users = new ContainerStore(context.home()).list().stream()
        .filter(c -> c.volumes().contains(name)).map(ContainerState::shortId).toList();
    if (!users.isEmpty()) {
      throw new IllegalArgumentException("remove " + name + ": volume is in use - " + users);
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
    Set<String> used = new HashSet<>();
    new ContainerStore(context.home()).list().forEach(c -> used.addAll(c.volumes()));
    List<String> removed = new ArrayList<>();
    long bytes = 0;
    for (VolumeStore.Volume v : list()) {
      if (used.contains(v.name()) || !(all || VolumeStore.isAnonymous(v.name()))) {
        continue;
      }
      long size = SnapshotUse.of(v.data()).bytes();
      if (volumes().remove(v.name())) {
        removed.add(v.name());
        bytes += size;
      }
    }
    return new PruneReport(removed, bytes);
  }
}
