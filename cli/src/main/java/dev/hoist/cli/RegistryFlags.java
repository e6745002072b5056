package dev.hoist.cli;

import dev.hoist.cache.image.ImageName;
import java.nio.file.Path;
import java.util.ArrayList;
import dev.hoist.internal.service.RegistryOverrides;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every registry command shares, and what they change in the registry settings. */
final class RegistryFlags {
  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "Allow plain HTTP and unverified TLS for this registry (repeatable; also "
          + "insecureRegistries in ~/.config/hoist/registries.json). Loopback registries may always use HTTP.")
  List<String> insecure = new ArrayList<>();

  @Option(names = "--certs-dir", paramLabel = "DIR",
      description = "Where <host:port>/ca.crt files are looked for (repeatable; default "
          + "/etc/docker/certs.d and /etc/containers/certs.d).")
  List<Path> certsDirs = new ArrayList<>();

  /** What these flags change in the run's registry settings. */
  RegistryOverrides overrides() {
    return new RegistryOverrides(insecure, certsDirs);
  }

  static String host(String registry) {
    try {
      return ImageName.registryHost(registry);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  static ImageName reference(String text) {
    try {
      return ImageName.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
