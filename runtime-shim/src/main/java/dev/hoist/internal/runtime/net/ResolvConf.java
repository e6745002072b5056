package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /etc/resolv.conf} of a container on a bridge, as Docker makes it for its default
 * bridge: the host's file, where the host's resolver is systemd-resolved's stub
 * ({@code 127.0.0.53}) the upstream servers systemd-resolved lists in
 * {@code /run/systemd/resolve/resolv.conf}; then every loopback name server (127.0.0.0/8,
 * {@code ::1}: the container's own loopback, where nothing answers) and every IPv6 one (the
 * bridge has no IPv6) removed; when no server is left, Google's public resolvers
 * {@code 8.8.8.8} and {@code 8.8.4.4}, Docker's defaults. {@code search} and {@code options}
 * lines stay.
 */
public final class ResolvConf {
  /** Docker's fallback name servers. */
  public static final List<String> FALLBACK = List.of("8.8.8.8", "8.8.4.4");
  static final Path HOST = Path.of("/etc/resolv.conf");
  static final Path SYSTEMD_UPSTREAM = Path.of("/run/systemd/resolve/resolv.conf");

  private ResolvConf() {}

  /** For this host. */
  public static String forBridge() throws IOException {
    String host = Files.exists(HOST) ? Files.readString(HOST) : "";
    String upstream = Files.isReadable(SYSTEMD_UPSTREAM) ? Files.readString(SYSTEMD_UPSTREAM)
        : null;
    return rewrite(host, upstream);
  }

  /**
   * @param host the host's resolv.conf
   * @param systemdUpstream systemd-resolved's list of upstream servers (null: none)
   */
  static String rewrite(String host, String systemdUpstream) {
    String source = host;
    if (systemdUpstream != null && nameservers(host).equals(List.of("127.0.0.53"))) {
      source = systemdUpstream;
    }
    StringBuilder out = new StringBuilder();
    boolean kept = false;
    for (String line : source.split("\n", -1)) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2 && f[0].equals("nameserver")) {
        if (unusable(f[1])) {
          continue;
        }
        kept = true;
      }
      if (!line.isBlank()) {
        out.append(line.strip()).append('\n');
      }
    }
    if (!kept) {
      FALLBACK.forEach(s -> out.append("nameserver ").append(s).append('\n'));
    }
    return out.toString();
  }

  /**
   * {@code conf} with {@code --dns}, {@code --dns-search} and {@code --dns-option}: each one
   * given replaces the lines of its kind ({@code nameserver}, {@code search}, {@code options}),
   * the others stay; written in Docker's order (name servers, search, options).
   */
  public static String withOptions(String conf, List<String> dns, List<String> search,
      List<String> options) {
    List<String> servers = dns.isEmpty() ? nameservers(conf) : dns;
    List<String> other = new ArrayList<>();
    String searchLine = search.isEmpty() ? null : "search " + String.join(" ", search);
    String optionsLine = options.isEmpty() ? null : "options " + String.join(" ", options);
    for (String line : conf.split("\n")) {
      String t = line.trim();
      String key = t.split("\\s+")[0];
      if (key.equals("nameserver") || t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      if ((key.equals("search") || key.equals("domain")) && searchLine == null) {
        searchLine = t;
      } else if (key.equals("options") && optionsLine == null) {
        optionsLine = t;
      } else if (!key.equals("search") && !key.equals("domain") && !key.equals("options")) {
        other.add(t);
      }
    }
    StringBuilder out = new StringBuilder();
    servers.forEach(s -> out.append("nameserver ").append(s).append('\n'));
    if (searchLine != null) {
      out.append(searchLine).append('\n');
    }
    if (optionsLine != null) {
      out.append(optionsLine).append('\n');
    }
    other.forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }

  private static List<String> nameservers(String conf) {
    List<String> servers = new ArrayList<>();
    for (String line : conf.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2 && f[0].equals("nameserver")) {
        servers.add(f[1]);
      }
    }
    return servers;
  }

  private static boolean unusable(String server) {
    return server.startsWith("127.") || server.contains(":");
  }
}
