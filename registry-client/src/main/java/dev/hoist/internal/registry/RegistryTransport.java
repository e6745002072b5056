package dev.hoist.internal.registry;

import dev.hoist.internal.cache.store.BlobRegenerationException;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.net.Socket;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP with one registry over Apache HttpClient 5: a connection pool with keep-alive, TLS
 * trusting the system store and Docker's {@code certs.d}, plain HTTP only where {@link
 * RegistryOptions#allowsPlainHttp} allows it (HTTPS is tried first). Every request is
 * authenticated by the {@link Authenticator}, retried with exponential backoff on 429, 5xx and
 * connection failures (honouring {@code Retry-After}), and redirects of GET and HEAD are followed
 * without credentials when they leave the registry's host. Every request runs under the {@link
 * RegistryLimits} (connect and read timeouts, the response {@link Deadline}; a timeout is a {@link
 * RegistryTimeout} and is not retried) and goes direct or through the proxy of {@link
 * ProxySettings}.
 */
final class RegistryTransport implements Closeable {
  /** A request body that can be produced again for a retry, unless {@link #repeatable()} is false. */
  interface Body {
    HttpEntity entity() throws IOException;

    default boolean repeatable() {
      return true;
    }
  }

  /**
   * One request. {@code target} is a path below the registry ({@code /v2/...}) or an absolute
   * URI (an upload Location); {@code scopes} are the token scopes it needs; {@code what} says in
   * words what it does, for error messages.
   */
  record Request(String method, String target, Map<String, String> headers, Body body,
      List<String> scopes, String what) {
    Request {
      headers = Map.copyOf(headers);
      scopes = List.copyOf(scopes);
    }
  }

  private static final Set<Integer> RETRIED = Set.of(429, 500, 502, 503, 504);
  private static final Duration MAX_DELAY = Duration.ofSeconds(30);

  private final String registry;
  private final RegistryOptions options;
  private final PoolingHttpClientConnectionManager pool;
  private final CloseableHttpClient http;
  private final Authenticator auth;
  private volatile URI base;

  RegistryTransport(String registry, RegistryOptions options) throws IOException {
    this.registry = registry;
    this.options = options;
    RegistryLimits limits = options.limits();
    Timeout read = Timeout.of(limits.readTimeout());
    this.pool = PoolingHttpClientConnectionManagerBuilder.create()
        .setTlsSocketStrategy(new LazyTls())
        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
            .http1Config(Http1Config.custom().setBufferSize(64 * 1024)
                .setMaxLineLength(64 * 1024).setMaxHeaderCount(500).build()).build())
        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(read)
            .setSndBufSize(1 << 20).setRcvBufSize(1 << 20).build())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(limits.connectTimeout())).setSocketTimeout(read).build())
        .setMaxConnPerRoute(16)
        .setMaxConnTotal(32)
        .build();
    ProxyRoutes proxies = new ProxyRoutes(registry, options);
    this.http = HttpClients.custom()
        .setConnectionManager(pool)
        .setRoutePlanner(proxies)
        .setDefaultCredentialsProvider(proxies.credentials())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .setUserAgent("hoist/0.1")
        .build();
    this.auth = new Authenticator(registry, options.credentials());
  }

  /**
   * Builds the TLS setup (reading the system trust store costs a few hundred milliseconds) when
   * the first TLS connection is made, not for registries spoken to over plain HTTP.
   */
  private final class LazyTls implements TlsSocketStrategy {
    private TlsSocketStrategy delegate;

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      TlsSocketStrategy d;
      synchronized (this) {
        if (delegate == null) {
          boolean insecure = options.insecureRegistries().contains(registry);
          SSLContext ssl = TlsTrust.context(registry, options.certsDirs(), insecure);
          delegate = insecure
              ? new DefaultClientTlsStrategy(ssl, HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE)
              : new DefaultClientTlsStrategy(ssl);
        }
        d = delegate;
      }
      return d.upgrade(socket, target, port, attachment, context);
    }
  }

  String registry() {
    return registry;
  }

  /** {@code https://registry/} (or {@code http://} where allowed and HTTPS failed). */
  URI base() throws IOException {
    URI b = base;
    if (b == null) {
      b = ping();
    }
    return b;
  }

  /**
   * GET /v2/ to choose the scheme and learn the auth challenge; returns the base URI. HTTPS is
   * tried first, except for loopback and insecure registries without a certs.d entry, which
   * most likely speak plain HTTP (a TLS server answers 400 to that, and HTTPS is tried next).
   */
  synchronized URI ping() throws IOException {
    if (base != null) {
      return base;
    }
    boolean plainAllowed = options.allowsPlainHttp(registry);
    boolean plainFirst = plainAllowed && !TlsTrust.hasCertsDir(registry, options.certsDirs());
    URI plain = URI.create("http://" + registry + "/");
    URI https = URI.create("https://" + registry + "/");
    IOException plainFailure = null;
    if (plainFirst) {
      plainFailure = tryPing(plain);
      if (plainFailure == null) {
        return base;
      }
      if (plainFailure instanceof RegistryTimeout) {
        throw plainFailure; // silent, not a TLS server (which refuses plain HTTP at once): HTTPS would wait as long
      }
    }
    IOException httpsFailure = tryPing(https);
    if (httpsFailure == null) {
      return base;
    }
    if (plainAllowed && !plainFirst) {
      plainFailure = tryPing(plain);
      if (plainFailure == null) {
        return base;
      }
    }
    boolean plainAnswered = plainFailure instanceof RegistryException r && r.status() != 0 && r.status() != 400;
    if (plainAnswered) {
      throw plainFailure;
    }
    if (httpsFailure instanceof RegistryException r) {
      throw r;
    }
    throw unreachable(httpsFailure, httpsFailure instanceof SSLException
        ? " (for a registry without a trusted certificate, use --insecure-registry " + registry
            + " or put its CA in /etc/docker/certs.d/" + registry + "/ca.crt)" : "");
  }

  /** Pings at {@code root}, which becomes the base on success (null returned), else the failure. */
  private IOException tryPing(URI root) {
    try {
      pingAt(root);
      base = root;
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  private RegistryException unreachable(IOException e, String hint) {
    return new RegistryException(RegistryException.Kind.FAILED, 0,
        "cannot reach registry " + registry + ": " + describe(e) + hint, e);
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private void pingAt(URI root) throws IOException {
    for (int attempt = 1; ; attempt++) {
      HttpUriRequestBase get = new HttpUriRequestBase("GET", root.resolve("/v2/"));
      try (RegistryResponse r = open(get, root.resolve("/v2/"), "answer the first request (GET /v2/)", true)) {
        int status = r.status();
        String retryAfter = r.header(HttpHeaders.RETRY_AFTER);
        String challenge = r.header(HttpHeaders.WWW_AUTHENTICATE);
        r.discard();
        if (RETRIED.contains(status) && attempt < options.attempts()) {
          Duration delay = retryAfter(retryAfter);
          sleep(delay != null ? delay : backoff(attempt));
          continue;
        }
        checkPing(challenge, status);
        return;
      }
    }
  }

  /**
   * Sends {@code request} and returns the answer's head, under the connect and read timeouts and,
   * when {@code deadline}, the response deadline (which goes on while a body is read into memory).
   * A timeout is a {@link RegistryTimeout} naming the registry, the phase and the setting; a
   * connection that failed otherwise stays a plain IOException (which callers may retry).
   */
  private RegistryResponse open(HttpUriRequestBase request, URI uri, String what, boolean deadline)
      throws IOException {
    RegistryLimits limits = options.limits();
    Deadline timer = deadline ? Deadline.arm(request, limits.responseTimeout()) : Deadline.NONE;
    try {
      ClassicHttpResponse response = http.executeOpen(null, request, null);
      RegistryResponse answer = new RegistryResponse(response, request, uri, timer, registry, what, limits);
      if (answer.status() == 407) {
        answer.close();
        throw proxyRefused(uri, what);
      }
      return answer;
    } catch (IOException e) {
      timer.disarm();
      if (e instanceof RegistryException) {
        throw e;
      }
      if (timer.expired()) {
        throw new RegistryTimeout(RegistryTimeout.Phase.RESPONSE, registry + " did not answer within "
            + Durations.text(limits.responseTimeout()) + " when asked to " + what + " (the response deadline: "
            + RegistryLimits.hint(RegistryLimits.RESPONSE_TIMEOUT) + ")", e);
      }
      if (e instanceof org.apache.hc.client5.http.ConnectTimeoutException
          && String.valueOf(e.getMessage()).endsWith("Read timed out")) { // connected; the TLS handshake stalled
        throw new RegistryTimeout(RegistryTimeout.Phase.READ, registry + " accepted the connection but did not"
            + " complete the TLS handshake within " + Durations.text(limits.readTimeout()) + " to " + what
            + " (the read timeout: " + RegistryLimits.hint(RegistryLimits.READ_TIMEOUT) + ")", e);
      }
      if (e instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
        throw new RegistryTimeout(RegistryTimeout.Phase.CONNECT, "cannot connect to " + registry + " within "
            + Durations.text(limits.connectTimeout()) + " to " + what + " (the connect timeout: "
            + RegistryLimits.hint(RegistryLimits.CONNECT_TIMEOUT) + ")", e);
      }
      if (e instanceof java.net.SocketTimeoutException) {
        throw new RegistryTimeout(RegistryTimeout.Phase.READ, registry + " accepted the connection but sent"
            + " nothing for " + Durations.text(limits.readTimeout()) + " when asked to " + what
            + " (the read timeout: " + RegistryLimits.hint(RegistryLimits.READ_TIMEOUT) + ")", e);
      }
      throw e;
    }
  }

  private void checkPing(String challenge, int status) throws IOException {
    if (status == 401) {
      auth.learn(challenge);
    } else if (RETRIED.contains(status)) {
      throw new RegistryException(RegistryException.Kind.FAILED, status,
          "registry " + registry + " is unavailable (GET /v2/ answered " + status + " "
              + options.attempts() + " times)", null);
    } else if (status != 200) {
      throw new RegistryException(RegistryException.Kind.FAILED, status,
          registry + " is not an OCI registry (GET /v2/ answered " + status + ")", null);
    }
  }


  /** Sends a request (authenticated, retried, redirects followed); the caller closes the answer. */
  RegistryResponse send(Request request) throws IOException {
    URI uri = target(request.target());
    int attempt = 0;
    int refusals = 0;
    int redirects = 0;
    boolean sameHost = true;
    while (true) {
      attempt++;
      HttpUriRequestBase req = new HttpUriRequestBase(request.method(), uri);
      request.headers().forEach(req::setHeader);
      if (request.body() != null) {
        req.setEntity(request.body().entity());
      }
      if (sameHost) {
        auth.authorize(req, request.scopes(), this::exchange);
      }
      boolean sentAuth = req.containsHeader(HttpHeaders.AUTHORIZATION);
      RegistryResponse answer;
      try {
        answer = open(req, uri, request.what(), repeatable(request));
      } catch (RegistryException | BlobRegenerationException e) {
        throw e; // a local blob that cannot be made again: no retry reads it otherwise
      } catch (IOException e) {
        if (attempt < options.attempts() && repeatable(request)) {
          sleep(backoff(attempt));
          continue;
        }
        throw new RegistryException(RegistryException.Kind.FAILED, 0,
            "cannot " + request.what() + " at " + registry + ": " + describe(e), e);
      }
      int status = answer.status();
      if (status == 401 && sameHost && refusals < 2) {
        String challenge = answer.header(HttpHeaders.WWW_AUTHENTICATE);
        answer.close();
        if (auth.retryAfterUnauthorized(challenge, request.scopes(), sentAuth, refusals == 0,
            request.what())) {
          refusals++;
          attempt--;
          if (!repeatable(request)) {
            throw new RegistryException(RegistryException.Kind.FAILED,
                "cannot " + request.what() + ": the registry asked for authentication mid-stream");
          }
          continue;
        }
      }
      if (RETRIED.contains(status) && attempt < options.attempts() && repeatable(request)) {
        Duration delay = retryAfter(answer.header(HttpHeaders.RETRY_AFTER));
        answer.discard();
        answer.close();
        sleep(delay != null ? delay : backoff(attempt));
        continue;
      }
      if (isRedirect(status) && (request.method().equals("GET") || request.method().equals("HEAD"))
          && redirects < 5 && answer.header(HttpHeaders.LOCATION) != null) {
        URI next = uri.resolve(answer.header(HttpHeaders.LOCATION));
        answer.discard();
        answer.close();
        sameHost = sameHost && next.getAuthority() != null
            && next.getAuthority().equalsIgnoreCase(uri.getAuthority());
        uri = next;
        redirects++;
        attempt--;
        continue;
      }
      return answer;
    }
  }

  /** A 407 from the proxy in front of {@code uri}: which proxy, and what to do. */
  private RegistryException proxyRefused(URI uri, String what) throws RegistryException {
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    URI proxy = options.proxies().proxyFor(uri.getScheme(), uri.getHost(), port).orElse(null);
    String variable = "https".equals(uri.getScheme()) ? "HTTPS_PROXY" : "HTTP_PROXY";
    String name = proxy == null ? "the proxy" : "proxy " + proxy.getHost() + ":" + (proxy.getPort() < 0 ? 80 : proxy.getPort());
    return new RegistryException(RegistryException.Kind.UNAUTHORIZED, 407, proxy != null && proxy.getRawUserInfo() != null
        ? name + " refused the credentials in " + variable + " (407) when asked to " + what
        : name + " requires authentication (407) to " + what + ": put user:password@ in " + variable, null);
  }

  /** One request of the token service (the realm may be another host), under the same limits. */
  private RegistryResponse exchange(HttpUriRequestBase request, String what) throws IOException {
    try {
      return open(request, request.getUri(), what, true);
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean repeatable(Request request) {
    return request.body() == null || request.body().repeatable();
  }

  private URI target(String target) throws IOException {
    if (target.startsWith("http://") || target.startsWith("https://")) {
      return URI.create(target);
    }
    return base().resolve(target);
  }

  private Duration backoff(int attempt) {
    Duration d = options.backoff().multipliedBy(1L << Math.min(attempt - 1, 10));
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }

  /** Retry-After in seconds or as an HTTP date, capped; null when absent or unreadable. */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Duration d;
    try {
      d = Duration.ofSeconds(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        d = Duration.between(ZonedDateTime.now(when.getZone()), when);
      } catch (RuntimeException notADate) {
        return null;
      }
    }
    if (d.isNegative()) {
      return Duration.ZERO;
    }
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }

  private static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting to retry");
    }
  }

  @Override
  public void close() throws IOException {
    http.close();
    pool.close();
  }
}
