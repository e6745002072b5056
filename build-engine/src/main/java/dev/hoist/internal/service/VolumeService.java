package dev.hoist.internal.service;

import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.VolumeStore;
import java.io.IOException;
import java.util.List;

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
}
