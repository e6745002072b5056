package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.net.ContainerNetworks;
import dev.hoist.internal.runtime.net.NetworkAttachment;
import dev.hoist.internal.runtime.net.Owner;
import dev.hoist.internal.runtime.net.UserNetworkJoin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Both runtimes' link to user networks: a container with {@link NetworkMode#BRIDGE} and a
 * {@code networks.json} ({@link ContainerNetworks}) joins the networks it names
 * ({@link UserNetworkJoin}) instead of the default bridge alone. Its {@code --add-host} entries
 * stay in its {@code hosts} file ({@code host-gateway}: its first network's gateway, the host as
 * the container sees it on {@code eth0}).
 */
final class UserNetworks {
  private UserNetworks() {}

  static NetworkAttachment attach(ContainerSpec spec, ContainerNetworks networks, Owner owner,
      Diagnostics diagnostics) throws IOException {
    Path dir = spec.containerDir().toAbsolutePath();
    String hostname = spec.hostname() == null || spec.hostname().isEmpty()
        ? EtcFiles.defaultHostname(dir, spec.network()) : spec.hostname();
    List<String> extraHosts = networks.endpoints().isEmpty() ? List.of()
        : spec.networkOptions().extraHostLines(networks.endpoints().get(0).network().gateway());
    try {
      return UserNetworkJoin.attach(dir.getFileName().toString(), dir, hostname, networks,
          extraHosts, owner, diagnostics);
    } catch (IOException e) {
      throw new IOException("cannot attach the container to its networks: " + e.getMessage(), e);
    }
  }
}
