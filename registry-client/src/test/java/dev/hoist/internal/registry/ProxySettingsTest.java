package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which requests go through which proxy: Go's {@code httpproxy} rules (its test table's cases). */
class ProxySettingsTest {
  private static final ProxySettings BOTH = ProxySettings.of(Map.of(
      "HTTP_PROXY", "http://plain.proxy:3128", "HTTPS_PROXY", "tls.proxy:3129",
      "NO_PROXY", " foobar.com, .barbaz.net , *.wild.org, 192.168.1.1, 192.168.1.3:5000, 10.0.0.0/8,"
          + " [2001:db8::1], only.port:5000"));

  private static Optional<URI> proxy(ProxySettings s, String scheme, String host, int port) throws Exception {
    return s.proxyFor(scheme, host, port);
  }

  @Test
  void schemeChoosesTheVariableWithoutFallback() throws Exception {
    assertEquals(URI.create("http://plain.proxy:3128"), proxy(BOTH, "http", "r.example", 80).orElseThrow());
    assertEquals(URI.create("http://tls.proxy:3129"), proxy(BOTH, "https", "r.example", 443).orElseThrow(),
        "a value without a scheme is http://");
    ProxySettings httpOnly = ProxySettings.of(Map.of("HTTP_PROXY", "http://p:1"));
    assertTrue(proxy(httpOnly, "https", "r.example", 443).isEmpty(), "HTTPS does not fall back to HTTP_PROXY");
  }

  @Test
  void upperCaseWinsAndLowerCaseIsRead() throws Exception {
    ProxySettings both = ProxySettings.of(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2"));
    assertEquals("upper", proxy(both, "https", "r.example", 443).orElseThrow().getHost());
    ProxySettings lower = ProxySettings.of(Map.of("https_proxy", "http://lower:2", "no_proxy", "r.example"));
    assertEquals("lower", proxy(lower, "https", "s.example", 443).orElseThrow().getHost());
    assertTrue(proxy(lower, "https", "r.example", 443).isEmpty(), "no_proxy is read too");
  }

  @Test
  void loopbackIsNeverProxied() {
    for (String host : new String[] {"localhost", "LOCALHOST", "127.0.0.1", "127.0.0.2", "::1", "[::1]"}) {
      assertFalse(BOTH.useProxy(host, 5000), host);
    }
    assertTrue(BOTH.useProxy("::2", 5000), "::2 is not loopback");
    assertTrue(BOTH.useProxy("localhost.example", 5000), "only the name localhost itself");
  }

  @Test
  void noProxyEntries() {
    assertFalse(BOTH.useProxy("foobar.com", 443), "a host name matches itself");
    assertFalse(BOTH.useProxy("www.foobar.com", 443), "and its subdomains");
    assertTrue(BOTH.useProxy("foofoobar.com", 443), "not a suffix that is no subdomain");
    assertFalse(BOTH.useProxy("www.barbaz.net", 443), "a leading dot: subdomains");
    assertTrue(BOTH.useProxy("barbaz.net", 443), "a leading dot does not match the domain itself");
    assertFalse(BOTH.useProxy("a.wild.org", 443), "*.domain as .domain");
    assertTrue(BOTH.useProxy("wild.org", 443));
    assertFalse(BOTH.useProxy("192.168.1.1", 443), "an IP address");
    assertTrue(BOTH.useProxy("192.168.1.2", 443));
    assertFalse(BOTH.useProxy("192.168.1.3", 5000), "an IP address with its port");
    assertTrue(BOTH.useProxy("192.168.1.3", 443), "another port is proxied");
    assertFalse(BOTH.useProxy("10.1.2.3", 443), "in a CIDR range");
    assertTrue(BOTH.useProxy("11.1.2.3", 443));
    assertTrue(BOTH.useProxy("ten.example", 443), "CIDR ranges never resolve names");
    assertFalse(BOTH.useProxy("2001:db8::1", 443), "an IPv6 address in brackets");
    assertFalse(BOTH.useProxy("only.port", 5000));
    assertTrue(BOTH.useProxy("only.port", 5001), "a name with a port matches that port only");
  }

  @Test
  void starTurnsProxiesOff() {
    ProxySettings none = ProxySettings.of(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "a.example, *"));
    assertFalse(none.useProxy("anything.example", 443));
  }

  @Test
  void credentialsAreHiddenWhenPrinted() {
    ProxySettings s = ProxySettings.of(Map.of("HTTPS_PROXY", "http://user:secret@p:1"));
    assertFalse(s.toString().contains("secret"), s.toString());
  }
}
