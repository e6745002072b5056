package dev.hoist.internal.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxies of the environment, read and matched as Go's {@code http.ProxyFromEnvironment}
 * (which Docker, containerd, BuildKit and skopeo use) does it:
 *
 * <ul>
 *   <li>{@code HTTPS_PROXY} (or {@code https_proxy}) for {@code https://} registries, {@code
 *       HTTP_PROXY} (or {@code http_proxy}) for {@code http://} ones; the upper-case name wins; no
 *       fallback from one to the other. A value without a scheme is {@code http://}; user
 *       information in it ({@code http://user:pass@proxy:3128}) answers the proxy's Basic challenge.
 *   <li>{@code NO_PROXY} (or {@code no_proxy}), comma-separated: {@code *} (no proxy at all), a host
 *       name (itself and its subdomains: {@code example.com} covers {@code a.example.com}), a
 *       leading-dot or {@code *.} domain (subdomains only), an IP address, a CIDR range (matched
 *       against IP-address hosts, no DNS lookup); each optionally with {@code :port}.
 *   <li>{@code localhost} and loopback addresses ({@code 127.0.0.0/8}, {@code ::1}) are never
 *       proxied, whatever {@code NO_PROXY} says.
 * </ul>
 *
 * <p>Only {@code http://} proxies are supported (HTTPS registries go through them in a {@code
 * CONNECT} tunnel); another scheme is reported when a request would use it.
 */
public final class ProxySettings {
  /** No proxy for anything. */
  public static final ProxySettings NONE = new ProxySettings("", "", "");

  private final String httpProxy;
  private final String httpsProxy;
  private final String noProxy;
  private final List<Matcher> bypass = new ArrayList<>();
  private final boolean bypassAll;

  private ProxySettings(String httpProxy, String httpsProxy, String noProxy) {
    this.httpProxy = httpProxy.strip();
    this.httpsProxy = httpsProxy.strip();
    this.noProxy = noProxy.strip();
    boolean all = false;
    for (String entry : this.noProxy.split(",")) {
      String e = entry.strip().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      if (e.equals("*")) {
        all = true;
        break;
      }
      bypass.add(Matcher.parse(e));
    }
    this.bypassAll = all;
  }

  /** The settings of this process's environment. */
  public static ProxySettings fromEnvironment() {
    return of(System.getenv());
  }

  /** The settings of {@code env}, a map of environment variables. */
  public static ProxySettings of(Map<String, String> env) {
    return new ProxySettings(either(env, "HTTP_PROXY"), either(env, "HTTPS_PROXY"), either(env, "NO_PROXY"));
  }

  private static String either(Map<String, String> env, String name) {
    String upper = env.get(name);
    if (upper != null && !upper.isEmpty()) {
      return upper;
    }
    String lower = env.get(name.toLowerCase(Locale.ROOT));
    return lower == null ? "" : lower;
  }

  /**
   * The proxy ({@code http://host:port}, maybe with user information) for a request to {@code
   * scheme://host:port}, or empty for a direct connection.
   */
  public Optional<URI> proxyFor(String scheme, String host, int port) throws RegistryException {
    String configured = scheme.equalsIgnoreCase("https") ? httpsProxy : httpProxy;
    if (configured.isEmpty() || !useProxy(host, port)) {
      return Optional.empty();
    }
    String variable = scheme.equalsIgnoreCase("https") ? "HTTPS_PROXY" : "HTTP_PROXY";
    URI uri;
    try {
      uri = new URI(configured.contains("://") ? configured : "http://" + configured);
    } catch (URISyntaxException e) {
      throw new RegistryException(RegistryException.Kind.FAILED, variable + " is not a URL: " + e.getMessage());
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED, variable + " names a "
          + uri.getScheme() + " proxy at " + (uri.getHost() == null ? configured : uri.getHost())
          + "; hoist supports http:// proxies only");
    }
    return Optional.of(uri);
  }

  /** Whether a request to {@code host} (a name or address, IPv6 without brackets) goes through a proxy. */
  boolean useProxy(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost")) {
      return false;
    }
    InetAddress ip = literal(h);
    if (ip != null && ip.isLoopbackAddress()) {
      return false;
    }
    if (bypassAll) {
      return false;
    }
    for (Matcher m : bypass) {
      if (m.matches(h, ip, port)) {
        return false;
      }
    }
    return true;
  }

  /** The address {@code host} writes literally, or null for a name (never a DNS lookup). */
  static InetAddress literal(String host) {
    if (!host.matches("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*")) {
      return null;
    }
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** One {@code NO_PROXY} entry. */
  private record Matcher(String domain, boolean matchesItself, InetAddress ip, InetAddress network,
      int prefix, int port) {
    static Matcher parse(String entry) {
      if (entry.contains("/")) {
        String[] parts = entry.split("/", 2);
        InetAddress net = literal(parts[0]);
        if (net != null && parts[1].matches("\\d{1,3}")) {
          return new Matcher(null, false, null, net, Integer.parseInt(parts[1]), -1);
        }
        return new Matcher("\u0000", false, null, null, 0, -1); // unusable: matches nothing
      }
      String host = entry;
      int port = -1;
      int colon = entry.lastIndexOf(':');
      if (entry.startsWith("[") && entry.contains("]")) {
        host = entry.substring(1, entry.indexOf(']'));
        String rest = entry.substring(entry.indexOf(']') + 1);
        port = rest.startsWith(":") ? parsePort(rest.substring(1)) : -1;
      } else if (colon > 0 && entry.indexOf(':') == colon) {
        host = entry.substring(0, colon);
        port = parsePort(entry.substring(colon + 1));
      }
      InetAddress ip = literal(host);
      if (ip != null) {
        return new Matcher(null, false, ip, null, 0, port);
      }
      if (host.startsWith("*.")) {
        host = host.substring(1);
      }
      boolean itself = !host.startsWith(".");
      return new Matcher(itself ? "." + host : host, itself, null, null, 0, port);
    }

    private static int parsePort(String text) {
      return text.matches("\\d{1,5}") ? Integer.parseInt(text) : -1;
    }

    boolean matches(String host, InetAddress hostIp, int requestPort) {
      if (port >= 0 && port != requestPort) {
        return false;
      }
      if (network != null) {
        return hostIp != null && inNetwork(hostIp);
      }
      if (ip != null) {
        return ip.equals(hostIp);
      }
      return host.endsWith(domain) || (matchesItself && host.equals(domain.substring(1)));
    }

    private boolean inNetwork(InetAddress address) {
      byte[] a = address.getAddress();
      byte[] n = network.getAddress();
      if (a.length != n.length || prefix > a.length * 8) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  @Override
  public String toString() {
    return "ProxySettings[http=" + redact(httpProxy) + ", https=" + redact(httpsProxy) + ", noProxy=" + noProxy + "]";
  }

  private static String redact(String proxy) {
    return proxy.replaceAll("//[^@/]*@", "//***@");
  }
}
