package dev.hoist.internal.service;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.registry.CredentialSource;
import dev.hoist.internal.registry.Credentials;
import dev.hoist.internal.registry.RegistryOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one request changes in the context's registry settings: more registries allowed plain
 * HTTP and unverified TLS ({@code --insecure-registry}), other certificate directories
 * ({@code --certs-dir}), credentials given with the request (the Engine API's
 * {@code X-Registry-Auth}: used before the context's Docker config, never stored), by registry
 * host.
 */
public record RegistryOverrides(List<String> insecureRegistries, List<Path> certsDirs,
    Map<String, Credentials> credentials) {
  /** Changes nothing. */
  public static final RegistryOverrides NONE = new RegistryOverrides(List.of(), List.of());

  public RegistryOverrides {
    insecureRegistries = List.copyOf(insecureRegistries);
    certsDirs = List.copyOf(certsDirs);
    credentials = Map.copyOf(credentials);
  }

  /** Without credentials of its own. */
  public RegistryOverrides(List<String> insecureRegistries, List<Path> certsDirs) {
    this(insecureRegistries, certsDirs, Map.of());
  }

  /**
   * These overrides with {@code credentials} for {@code registry} (a host, or a URL as
   * {@code docker login} records it: {@code https://HOST/v1/}).
   *
   * @throws IllegalArgumentException for a registry that is no host name
   */
  public RegistryOverrides withCredentials(String registry, Credentials given) {
    Map<String, Credentials> all = new LinkedHashMap<>(credentials);
    all.put(ImageName.registryHost(registry), given);
    return new RegistryOverrides(insecureRegistries, certsDirs, all);
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
    if (!credentials.isEmpty()) {
      CredentialSource source = options.credentials();
      for (Map.Entry<String, Credentials> e : credentials.entrySet()) {
        source = source.with(e.getKey(), e.getValue());
      }
      options = options.withCredentials(source);
    }
    return certsDirs.isEmpty() ? options : options.withCertsDirs(certsDirs);
  }
}
