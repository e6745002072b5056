package dev.hoist.internal.registry;

import dev.hoist.cache.model.Platform;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How hoist talks to registries. {@link #defaults()} are Docker's: 3 parallel transfers, TLS
 * verified against the system trust plus {@code /etc/docker/certs.d}, plain HTTP only for
 * loopback and registries in {@code insecureRegistries}; the limits of {@link RegistryLimits}
 * (with the environment's overrides) and the proxies of {@code HTTPS_PROXY}, {@code HTTP_PROXY} and
 * {@code NO_PROXY}.
 *
 * @param credentials where credentials come from
 * @param insecureRegistries {@code host[:port]} allowed over plain HTTP or unverified TLS
 * @param certsDirs directories holding {@code <host:port>/ca.crt}
 * @param parallelism blobs transferred at once
 * @param monolithicLimit blobs up to this size are uploaded in one PUT, larger ones in PATCH chunks
 * @param chunkSize the size of one PATCH chunk
 * @param attempts tries per request on 429, 5xx and connection failures
 * @param backoff the first retry's delay, doubled each time (Retry-After wins when given)
 * @param platform the platform chosen from an index
 * @param limits timeouts and the largest answers read ({@link RegistryLimits})
 * @param proxies the HTTP(S) proxies and the hosts reached without them ({@link ProxySettings})
 */
public record RegistryOptions(
    CredentialSource credentials,
    Set<String> insecureRegistries,
    List<Path> certsDirs,
    int parallelism,
    long monolithicLimit,
    long chunkSize,
    int attempts,
    Duration backoff,
    Platform platform,
    RegistryLimits limits,
    ProxySettings proxies) {

  public RegistryOptions {
    Objects.requireNonNull(credentials, "credentials");
    insecureRegistries = Set.copyOf(insecureRegistries);
    certsDirs = List.copyOf(certsDirs);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(proxies, "proxies");
    if (parallelism < 1 || attempts < 1 || chunkSize < 1) {
      throw new IllegalArgumentException("parallelism, attempts and chunk size must be positive");
    }
  }

  public static RegistryOptions defaults() {
    return new RegistryOptions(CredentialSource.ANONYMOUS, Set.of(),
        List.of(Path.of("/etc/docker/certs.d"), Path.of("/etc/containers/certs.d")),
        3, 16L << 20, 64L << 20, 5, Duration.ofMillis(200), Platform.host(),
        RegistryLimits.defaults().withEnvironment(), ProxySettings.fromEnvironment());
  }

  public RegistryOptions withCredentials(CredentialSource source) {
    return new RegistryOptions(source, insecureRegistries, certsDirs, parallelism, monolithicLimit,
        chunkSize, attempts, backoff, platform, limits, proxies);
  }

  public RegistryOptions withInsecureRegistries(Set<String> registries) {
    return new RegistryOptions(credentials, registries, certsDirs, parallelism, monolithicLimit,
        chunkSize, attempts, backoff, platform, limits, proxies);
  }

  public RegistryOptions withCertsDirs(List<Path> dirs) {
    return new RegistryOptions(credentials, insecureRegistries, dirs, parallelism, monolithicLimit,
        chunkSize, attempts, backoff, platform, limits, proxies);
  }

  public RegistryOptions withParallelism(int n) {
    return new RegistryOptions(credentials, insecureRegistries, certsDirs, n, monolithicLimit,
        chunkSize, attempts, backoff, platform, limits, proxies);
  }

  public RegistryOptions withUploadSizes(long monolithic, long chunk) {
    return new RegistryOptions(credentials, insecureRegistries, certsDirs, parallelism, monolithic,
        chunk, attempts, backoff, platform, limits, proxies);
  }

  public RegistryOptions withRetries(int tries, Duration firstDelay) {
    return new RegistryOptions(credentials, insecureRegistries, certsDirs, parallelism,
        monolithicLimit, chunkSize, tries, firstDelay, platform, limits, proxies);
  }

  public RegistryOptions withPlatform(Platform p) {
    return new RegistryOptions(credentials, insecureRegistries, certsDirs, parallelism,
        monolithicLimit, chunkSize, attempts, backoff, p, limits, proxies);
  }

  public RegistryOptions withLimits(RegistryLimits l) {
    return new RegistryOptions(credentials, insecureRegistries, certsDirs, parallelism,
        monolithicLimit, chunkSize, attempts, backoff, platform, l, proxies);
  }

  public RegistryOptions withProxies(ProxySettings p) {
    return new RegistryOptions(credentials, insecureRegistries, certsDirs, parallelism,
        monolithicLimit, chunkSize, attempts, backoff, platform, limits, p);
  }

  /** Whether plain HTTP may be tried: the registry is marked insecure or is on loopback. */
  public boolean allowsPlainHttp(String registry) {
    return insecureRegistries.contains(registry) || isLoopback(registry);
  }

  static boolean isLoopback(String registry) {
    String host = registry;
    if (host.startsWith("[")) {
      host = host.substring(1, host.indexOf(']'));
    } else if (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) {
      host = host.substring(0, host.indexOf(':'));
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|[0-9a-f:]+")) {
      return false; // no DNS lookups for names
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
