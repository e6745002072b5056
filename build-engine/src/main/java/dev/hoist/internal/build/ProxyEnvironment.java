package dev.hoist.internal.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The predefined proxy build args as BuildKit hands them to RUN steps ({@code ProxyEnv}): a
 * build arg named {@code http_proxy}, {@code https_proxy}, {@code ftp_proxy}, {@code no_proxy}
 * or {@code all_proxy} in any case reaches every RUN without an ARG declaration, set in both
 * cases ({@code HTTP_PROXY} and {@code http_proxy}). They are not part of the step's cache key or
 * of its history; a variable the step already has (an ENV, a declared ARG) is left as it is.
 */
final class ProxyEnvironment {
  private static final List<String> NAMES =
      List.of("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY");

  private final List<String> entries;

  private ProxyEnvironment(List<String> entries) {
    this.entries = List.copyOf(entries);
  }

  /** From a build's build args (names compared ignoring case; the last in sorted order wins). */
  static ProxyEnvironment fromBuildArgs(Map<String, String> buildArgs) {
    Map<String, String> values = new TreeMap<>();
    new TreeMap<>(buildArgs).forEach((name, value) -> {
      String upper = name.toUpperCase(Locale.ROOT);
      if (NAMES.contains(upper)) {
        values.put(upper, value);
      }
    });
    List<String> entries = new ArrayList<>();
    for (String name : NAMES) {
      String value = values.get(name);
      if (value != null && !value.isEmpty()) {
        entries.add(name + "=" + value);
        entries.add(name.toLowerCase(Locale.ROOT) + "=" + value);
      }
    }
    return new ProxyEnvironment(entries);
  }

  /** Adds the proxy variables the environment does not set already. */
  void addTo(List<String> env) {
    for (String entry : entries) {
      String name = entry.substring(0, entry.indexOf('=') + 1);
      if (env.stream().noneMatch(e -> e.startsWith(name))) {
        env.add(entry);
      }
    }
  }
}
