package dev.hoist.internal.runtime.net;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The networks a container is connected to, in {@code <containerDir>/networks.json}: written
 * when it is created with {@code --network NAME} and by {@code network connect}/{@code
 * disconnect}; read by the runtime when it starts the container ({@link UserNetworkJoin}). The
 * first endpoint is {@code eth0}, the next {@code eth1}, ... A container without the file has
 * the default bridge alone (or no bridge at all).
 *
 * @param name the container's name (resolved by the other containers)
 * @param endpoints one per network, in the order of the interfaces
 */
public record ContainerNetworks(String name, List<Endpoint> endpoints) {
  static final String FILE = "networks.json";
  private static final ObjectMapper JSON = CanonicalJson.mapper();

  /**
   * @param network the network (a copy of its record: its subnet and bridge never change)
   * @param aliases {@code --network-alias} / {@code --alias}: more names for the container there
   * @param ip {@code --ip}: the address to take, or null for the lowest free one
   */
  public record Endpoint(UserNetwork network, List<String> aliases, String ip) {
    public Endpoint {
      Objects.requireNonNull(network, "network");
      aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
  }

  public ContainerNetworks {
    Objects.requireNonNull(name, "name");
    endpoints = List.copyOf(endpoints);
  }

  public static Optional<ContainerNetworks> read(Path containerDir) throws IOException {
    Path f = containerDir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(f.toFile(), ContainerNetworks.class));
  }

  public void write(Path containerDir) throws IOException {
    AtomicFiles.write(containerDir.resolve(FILE),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
  }

  public Optional<Endpoint> on(String networkId) {
    return endpoints.stream().filter(e -> e.network().id().equals(networkId)).findFirst();
  }

  /** These networks and {@code e} (after the others). */
  public ContainerNetworks with(Endpoint e) {
    List<Endpoint> all = new ArrayList<>(endpoints);
    all.add(e);
    return new ContainerNetworks(name, all);
  }

  /** These networks without the one with ID {@code networkId}. */
  public ContainerNetworks without(String networkId) {
    return new ContainerNetworks(name, endpoints.stream()
        .filter(e -> !e.network().id().equals(networkId)).toList());
  }
}
