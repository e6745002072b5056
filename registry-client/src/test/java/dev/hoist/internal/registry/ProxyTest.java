package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.ForwardProxy;
import dev.hoist.fixtures.RegistryProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client goes through the proxies of {@code HTTP_PROXY}/{@code HTTPS_PROXY} as Go's
 * {@code ProxyFromEnvironment} does, in front of the real registry. The registry is addressed as
 * {@code registry.hoist.test:PORT}, a name no resolver knows but the test proxy (which maps it to
 * 127.0.0.1): a pull that succeeds went through the proxy, and the proxy's request log shows how.
 * Loopback names ({@code localhost}, {@code 127.0.0.1}) are never proxied, which is why the test
 * needs such a name at all.
 */
class ProxyTest {
  private static final String NAME = "registry.hoist.test";
  private static final RegistryOptions FAST = RegistryOptions.defaults().withRetries(2, Duration.ofMillis(20))
      .withProxies(ProxySettings.NONE);

  @TempDir Path tmp;

  private static ProxySettings env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return ProxySettings.of(env);
  }

  /** An image pushed straight to {@code registry} as {@code repo:1}. */
  private Descriptor pushed(RegistryProcess registry, String repo, RegistryOptions options) throws Exception {
    ImageStore store = TestImages.store(tmp.resolve("source-" + repo.replace('/', '-')));
    String ref = registry.host() + "/" + repo + ":1";
    Descriptor image = TestImages.image(store, ref, 2, 50_000, 31);
    TestImages.push(store, ref, options);
    return image;
  }

  @Test
  void plainHttpRegistryIsReachedThroughHttpProxy() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start();
         ForwardProxy proxy = ForwardProxy.start().name(NAME, "127.0.0.1")) {
      Descriptor image = pushed(registry, "proxied/app", FAST);
      String named = NAME + ":" + registry.port();
      RegistryOptions options = FAST.withInsecureRegistries(Set.of(named))
          .withProxies(env("HTTP_PROXY", "http://" + proxy.host()));
      ImageStore target = TestImages.store(tmp.resolve("target"));
      assertEquals(image.digest(), TestImages.pull(target, named + "/proxied/app:1", options).image().digest());
      assertTrue(proxy.requests().contains("GET http://" + named + "/v2/"), proxy.requests().toString());
      assertTrue(proxy.requests().contains("GET http://" + named + "/v2/proxied/app/manifests/1"),
          proxy.requests().toString());
    }
  }

  @Test
  void httpsRegistryIsTunnelledThroughHttpsProxyWithLowerCaseVariable() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeOpenssl();
    try (RegistryProcess registry = RegistryProcess.startTls();
         ForwardProxy proxy = ForwardProxy.start().name(NAME, "127.0.0.1")) {
      Descriptor image = pushed(registry, "tunnel/app", FAST.withInsecureRegistries(Set.of(registry.host())));
      String named = NAME + ":" + registry.port();
      RegistryOptions options = FAST.withInsecureRegistries(Set.of(named))
          .withProxies(env("https_proxy", proxy.host(), "http_proxy", proxy.host()));
      ImageStore target = TestImages.store(tmp.resolve("target"));
      assertEquals(image.digest(), TestImages.pull(target, named + "/tunnel/app:1", options).image().digest());
      assertTrue(proxy.requests().contains("CONNECT " + named), proxy.requests().toString());
    }
  }

  @Test
  void loopbackRegistriesAreNeverProxied() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start();
         ForwardProxy proxy = ForwardProxy.start()) {
      Descriptor image = pushed(registry, "loop/app", FAST);
      RegistryOptions options = FAST.withProxies(env("HTTP_PROXY", proxy.host(), "HTTPS_PROXY", proxy.host()));
      for (String host : new String[] {registry.host(), "localhost:" + registry.port()}) {
        ImageStore target = TestImages.store(tmp.resolve("target-" + host.replace(':', '-')));
        assertEquals(image.digest(), TestImages.pull(target, host + "/loop/app:1", options).image().digest());
      }
      assertEquals(0, proxy.requests().size(), proxy.requests().toString());
    }
  }

  @Test
  void noProxyEntryTakesTheRegistryPastTheProxy() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start();
         ForwardProxy proxy = ForwardProxy.start().name(NAME, "127.0.0.1")) {
      pushed(registry, "bypass/app", FAST);
      String named = NAME + ":" + registry.port();
      RegistryOptions options = FAST.withInsecureRegistries(Set.of(named))
          .withProxies(env("HTTP_PROXY", proxy.host(), "NO_PROXY", "example.org,.hoist.test"));
      ImageStore target = TestImages.store(tmp.resolve("target"));
      // direct, the name cannot be resolved: the error shows the client tried it itself
      RegistryException e = assertThrows(RegistryException.class,
          () -> TestImages.pull(target, named + "/bypass/app:1", options));
      assertTrue(e.getMessage().contains("cannot reach registry " + named), e.getMessage());
      assertEquals(0, proxy.requests().size(), proxy.requests().toString());
    }
  }

  @Test
  void proxyCredentialsInTheProxyUrlAnswerItsChallenge() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start();
         ForwardProxy proxy = ForwardProxy.start().name(NAME, "127.0.0.1").requireBasic("squid", "p@ss")) {
      Descriptor image = pushed(registry, "auth/app", FAST);
      String named = NAME + ":" + registry.port();
      ImageStore target = TestImages.store(tmp.resolve("target"));
      RegistryOptions wrong = FAST.withInsecureRegistries(Set.of(named))
          .withProxies(env("HTTP_PROXY", "http://squid:nope@" + proxy.host()));
      RegistryException e = assertThrows(RegistryException.class,
          () -> TestImages.pull(target, named + "/auth/app:1", wrong));
      assertTrue(e.getMessage().contains("proxy " + proxy.host() + " refused"), e.getMessage());
      RegistryOptions right = FAST.withInsecureRegistries(Set.of(named))
          .withProxies(env("HTTP_PROXY", "http://squid:p%40ss@" + proxy.host()));
      assertEquals(image.digest(), TestImages.pull(target, named + "/auth/app:1", right).image().digest());
    }
  }

  @Test
  void unsupportedProxySchemeIsNamed() {
    RegistryOptions options = FAST.withProxies(env("HTTPS_PROXY", "socks5://127.0.0.1:1080"));
    RegistryException e = assertThrows(RegistryException.class,
        () -> RegistryClient.connect("registry.hoist.test:5000", options));
    assertEquals("HTTPS_PROXY names a socks5 proxy at 127.0.0.1; hoist supports http:// proxies only", e.getMessage());
  }
}
