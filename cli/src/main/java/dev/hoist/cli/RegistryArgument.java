package dev.hoist.cli;

import dev.hoist.cache.image.ImageName;
import picocli.CommandLine.Parameters;

/** The optional REGISTRY argument of login and logout: Docker Hub when absent. */
final class RegistryArgument {
  @Parameters(arity = "0..1", paramLabel = "REGISTRY", description = "Default: Docker Hub.")
  String registry;

  /** The registry's API host. */
  String host() {
    return RegistryFlags.host(registry == null ? "docker.io" : registry);
  }

  /** The registry as users write it ({@code docker.io} for Docker Hub). */
  static String display(String host) {
    return host.equals(ImageName.DOCKER_HUB_API) ? "docker.io" : host;
  }
}
