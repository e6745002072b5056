package dev.hoist.internal.compose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A project as {@code hoist compose} loaded it: its name, its directory, the files it was read
 * from (merged in order), the services the enabled profiles select (in file order), and the
 * top-level networks and volumes ({@code default} added when a service uses it).
 *
 * @param environment the project's environment, as Compose v2's {@code project.Environment}:
 *     {@code .env}'s values (or {@code --env-file}'s) under the process environment's; what a
 *     {@code KEY} given alone takes ({@code environment:} when loaded, {@code run -e KEY})
 */
public record ComposeProject(String name, Path workingDir, List<Path> configFiles,
    Map<String, ServiceConfig> services, Map<String, NetworkConfig> networks,
    Map<String, VolumeConfig> volumes, List<String> disabledServices,
    Map<String, String> environment) {
  public ComposeProject {
    environment = Map.copyOf(environment);
    configFiles = List.copyOf(configFiles);
    services = Values.frozen(services);
    networks = Values.frozen(networks);
    volumes = Values.frozen(volumes);
    disabledServices = List.copyOf(disabledServices);
  }

  /** The service {@code name}, or a clear error naming the ones there are. */
  public ServiceConfig service(String name) {
    ServiceConfig s = services.get(name);
    if (s == null) {
      throw new ComposeException("no such service: " + name + " (services: "
          + String.join(", ", services.keySet()) + ")");
    }
    return s;
  }
}
