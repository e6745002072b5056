package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A container's root filesystem as the host reaches it, to read or write its files ({@code hoist
 * cp}, {@code export}): a running container's is {@code /proc/PID/root} of a process inside it
 * (volumes and bind mounts included, as the container sees them); a stopped container's is its
 * own overlay (its layers and its upper directory) mounted on its {@code rootfs/} through the
 * shim until {@link #close}. Paths below {@link #path} must be resolved as the container would
 * ({@code dev.hoist.internal.cache.layer.InRootPath}): {@code /proc/PID/root} is the root for
 * the kernel's walk only up to the first absolute symlink, which would lead to the host's root.
 */
public final class ContainerRoot implements AutoCloseable {
  private final Path path;
  private final OverlayRoot mounted;

  private ContainerRoot(Path path, OverlayRoot mounted) {
    this.path = path;
    this.mounted = mounted;
  }

  /** The root of {@code container} (running or not); needs root. */
  public static ContainerRoot open(HoistHome home, ContainerState container) throws IOException {
    if (container.spec() == null) {
      throw new IllegalArgumentException("container " + container.name() + " has no root "
          + "filesystem on record");
    }
    if (container.isActive()) {
      Optional<Path> root = processRoot(container);
      if (root.isPresent()) {
        return new ContainerRoot(root.get(), null);
      }
      throw new IllegalArgumentException("container " + container.name()
          + " is starting or stopping: try again");
    }
    ContainerSpec spec = container.spec();
    OverlayRoot overlay = OverlayRoot.mount(ShimBinary.locate(home), spec.lowerDirs(),
        spec.containerDir());
    return new ContainerRoot(overlay.root(), overlay);
  }

  /**
   * {@code /proc/PID/root} of the first process below the container's runtime process that
   * lives in another mount namespace than this one and under another root (the container's).
   */
  private static Optional<Path> processRoot(ContainerState container) throws IOException {
    if (!container.process().isAlive()) {
      return Optional.empty();
    }
    Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt"));
    Optional<ProcessHandle> runtime = ProcessHandle.of(container.pid());
    if (runtime.isEmpty()) {
      return Optional.empty();
    }
    return java.util.stream.Stream.concat(runtime.stream(), runtime.get().descendants())
        .map(p -> Path.of("/proc", Long.toString(p.pid())))
        .filter(proc -> {
          try {
            // a runtime's own helper may have a mount namespace of its own but still the host's
            // root (before pivot_root): its /proc/PID/root is the host's, never take it
            return !Files.readSymbolicLink(proc.resolve("ns/mnt")).equals(ours)
                && !Files.isSameFile(proc.resolve("root"), Path.of("/"));
          } catch (IOException gone) {
            return false;
          }
        })
        .map(proc -> proc.resolve("root"))
        .findFirst();
  }

  /** The root directory as a host path. */
  public Path path() {
    return path;
  }

  /** Whether it is a running container's (its processes may change it meanwhile). */
  public boolean live() {
    return mounted == null;
  }

  @Override
  public void close() throws IOException {
    if (mounted != null) {
      mounted.close();
    }
  }
}
