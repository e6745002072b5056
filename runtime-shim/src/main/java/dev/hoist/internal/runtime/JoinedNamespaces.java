package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The namespaces a container shares ({@link NamespaceModes}), found when it starts: a running
 * container's ({@code /proc/PID/ns/pid} or {@code ipc} of one of its processes) or the host's.
 * Both runtimes take them from here.
 */
final class JoinedNamespaces {
  private JoinedNamespaces() {}

  /**
   * The namespace of {@code kind} ({@code pid}, {@code ipc}) the container joins for
   * {@code mode}: a path for {@code container:ID}; empty for its own or the host's.
   */
  static Optional<Path> path(ContainerSpec spec, String kind, String mode) throws IOException {
    String id = NamespaceModes.joined(mode);
    if (id == null) {
      return Optional.empty();
    }
    Path dir = spec.containerDir().toAbsolutePath().getParent().resolve(id);
    return Optional.of(Networking.processNamespace(dir, kind).orElseThrow(() -> new IOException(
        "cannot join the " + kind + " namespace of container "
            + id.substring(0, Math.min(12, id.length())) + ": it is not running")));
  }

  /**
   * Where the container's {@code /dev/shm} comes from: the host's with {@code --ipc host};
   * empty: a tmpfs of its own. (With {@code --ipc container:ID} too: the other container's
   * tmpfs is a mount of another mount namespace, which cannot be bound; Docker keeps each
   * container's on the host for that.)
   */
  static Optional<Path> shmSource(ContainerSpec spec) {
    return spec.host().namespaces().ipc().equals("host")
        ? Optional.of(Path.of("/dev/shm")) : Optional.empty();
  }
}
