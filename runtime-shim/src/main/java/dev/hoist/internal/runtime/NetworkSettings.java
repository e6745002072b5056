package dev.hoist.internal.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.net.PortBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * A running container's place on the network, as {@code docker inspect}'s
 * {@code NetworkSettings} shows it: written to {@code <containerDir>/network.json} when its
 * network is set up, deleted when it goes (a stopped container has none, as in Docker).
 *
 * @param bridge the host bridge ({@code hoist0})
 * @param ipAddress the container's address
 * @param prefixLength the subnet's prefix length
 * @param gateway the bridge's address
 * @param macAddress {@code eth0}'s hardware address
 * @param sandboxKey the network namespace's path ({@code /run/netns/hoist0-ID})
 * @param ports published ports with the host ports they got
 */
public record NetworkSettings(String bridge, String ipAddress, int prefixLength, String gateway,
    String macAddress, String sandboxKey, List<PortBinding> ports) {
  static final String FILE = "network.json";
  private static final ObjectMapper JSON = CanonicalJson.mapper();

  public NetworkSettings {
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  /** What {@code containerDir} records (nothing: its network is not set up). */
  public static Optional<NetworkSettings> read(Path containerDir) {
    Path file = containerDir.resolve(FILE);
    try {
      return Optional.of(JSON.readValue(file.toFile(), NetworkSettings.class));
    } catch (IOException e) {
      return Optional.empty(); // none, or half written by a crash: none
    }
  }

  /** A running container's settings (none when it is stopped or has no network of its own). */
  public static Optional<NetworkSettings> of(ContainerStore store, ContainerState container) {
    return container.isActive() ? read(store.dir(container.id())) : Optional.empty();
  }

  void write(Path containerDir) throws IOException {
    Files.createDirectories(containerDir);
    Path tmp = Files.createTempFile(containerDir, FILE, ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, containerDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void delete(Path containerDir) throws IOException {
    Files.deleteIfExists(containerDir.resolve(FILE));
  }
}
