package dev.hoist.internal.service;

import dev.hoist.internal.registry.RegistryOptions;
import dev.hoist.cache.image.ImageName;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one request changes in the context's registry settings: more registries allowed plain
 * HTTP and unverified TLS ({@code --insecure-registry}), other certificate directories
 * ({@code --certs-dir}).
 */
public record RegistryOverrides(List<String> insecureRegistries, List<Path> certsDirs) {
  /** Changes nothing. */
  public static final RegistryOverrides NONE = new RegistryOverrides(List.of(), List.of());

  public RegistryOverrides {
    insecureRegistries = List.copyOf(insecureRegistries);
    certsDirs = List.copyOf(certsDirs);
  }

  /**
   * {@code base} with these changes.
   *
   * @throws IllegalArgumentException for a registry that is no host name
   */
  public RegistryOptions applyTo(RegistryOptions base) {
    Set<String> hosts = new LinkedHashSet<>(base.insecureRegistries());
    for (String h : insecureRegistries) {
      hosts.add(ImageName.registryHost(h));
    }
    RegistryOptions options = base.withInsecureRegistries(hosts);
    return certsDirs.isEmpty() ? options : options.withCertsDirs(certsDirs);
  }
}
