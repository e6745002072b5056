package dev.hoist.internal.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * HttpClient's routes by {@link ProxySettings}: each target (the registry, its token service, a
 * blob's redirect) goes direct or through the proxy its scheme's variable names; HTTPS through
 * a {@code CONNECT} tunnel. A proxy URL's user information answers the proxy's Basic challenge.
 */
final class ProxyRoutes extends DefaultRoutePlanner {
  private final ProxySettings settings;
  private final BasicCredentialsProvider credentials = new BasicCredentialsProvider();

  /** Checks at once that the proxies the registry needs are usable (so the error comes first). */
  ProxyRoutes(String registry, RegistryOptions options) throws RegistryException {
    super(null);
    this.settings = options.proxies();
    URI target = URI.create("https://" + registry + "/");
    int port = target.getPort();
    remember(settings.proxyFor("https", target.getHost(), port < 0 ? 443 : port));
    if (options.allowsPlainHttp(registry)) {
      remember(settings.proxyFor("http", target.getHost(), port < 0 ? 80 : port));
    }
  }

  private void remember(Optional<URI> proxy) {
    proxy.filter(p -> p.getRawUserInfo() != null).ifPresent(p -> {
      String[] user = p.getRawUserInfo().split(":", 2);
      String name = URLDecoder.decode(user[0], StandardCharsets.UTF_8);
      char[] password = user.length > 1 ? URLDecoder.decode(user[1], StandardCharsets.UTF_8).toCharArray() : new char[0];
      credentials.setCredentials(new AuthScope(p.getHost(), port(p)), new UsernamePasswordCredentials(name, password));
    });
  }

  private static int port(URI proxy) {
    return proxy.getPort() < 0 ? 80 : proxy.getPort();
  }

  CredentialsProvider credentials() {
    return credentials;
  }

  @Override
  protected HttpHost determineProxy(HttpHost target, HttpContext context) throws HttpException {
    int port = target.getPort() >= 0 ? target.getPort()
        : "https".equalsIgnoreCase(target.getSchemeName()) ? 443 : 80;
    try {
      Optional<URI> proxy = settings.proxyFor(target.getSchemeName(), target.getHostName(), port);
      remember(proxy);
      return proxy.map(p -> new HttpHost("http", p.getHost(), port(p))).orElse(null);
    } catch (RegistryException e) {
      throw new HttpException(e.getMessage(), e);
    }
  }
}
