package dev.hoist.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Authentication with one registry: learns the scheme from the {@code WWW-Authenticate}
 * challenge, then sends Basic credentials or Bearer tokens with every request. Tokens are
 * fetched from the challenge's realm for the scopes a request needs (pull and push together when
 * pushing, plus pull on a mount's source), cached per scope set until shortly before they expire,
 * and dropped when the registry answers 401 with them.
 */
final class Authenticator {
  private static final ObjectMapper JSON = CanonicalJson.mapper();

  private record Token(String value, Instant expires) {}

  /** Sends one request (to the token service) and returns its answer, under the transport's limits. */
  @FunctionalInterface
  interface Exchange {
    RegistryResponse open(HttpUriRequestBase request, String what) throws IOException;
  }

  /** The largest token answer read (tokens are JWTs of a few KiB). */
  private static final int TOKEN_LIMIT = 1 << 20;

  private final String registry;
  private final CredentialSource source;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private volatile Challenge challenge;
  private volatile Optional<Credentials> credentials;

  Authenticator(String registry, CredentialSource source) {
    this.registry = registry;
    this.source = source;
  }

  /** Records the challenge of a 401 (from the ping or any request). */
  void learn(String wwwAuthenticate) {
    Challenge.parse(wwwAuthenticate).ifPresent(c -> {
      if (c.isBasic() || c.isBearer()) {
        challenge = c;
      }
    });
  }

  boolean knowsScheme() {
    return challenge != null;
  }

  /** Sets the Authorization header a request for {@code scopes} needs, fetching a token if need be. */
  void authorize(HttpUriRequestBase request, List<String> scopes, Exchange http)
      throws IOException {
    Challenge c = challenge;
    if (c == null) {
      return;
    }
    if (c.isBasic()) {
      Optional<Credentials> creds = credentials();
      if (creds.isPresent()) {
        request.setHeader(HttpHeaders.AUTHORIZATION, creds.get().basicHeader());
      }
      return;
    }
    String key = String.join(" ", scopes);
    Token token = tokens.get(key);
    if (token == null || Instant.now().isAfter(token.expires())) {
      synchronized (this) { // parallel transfers share one token request
        token = tokens.get(key);
        if (token == null || Instant.now().isAfter(token.expires())) {
          token = fetchToken(c, scopes, http);
          tokens.put(key, token);
        }
      }
    }
    request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token.value());
  }

  /**
   * After a 401: true when the request should be sent again (the scheme was new, or a cached token
   * may have expired); otherwise throws the error that explains the refusal.
   */
  boolean retryAfterUnauthorized(String header, List<String> scopes, boolean sentAuth,
      boolean firstRefusal, String what) throws IOException {
    Challenge c = Challenge.parse(header).orElse(null);
    tokens.remove(String.join(" ", scopes));
    if (!sentAuth && c != null) {
      learn(header);
      if (c.isBasic() && credentials().isEmpty()) {
        throw notLoggedIn(what);
      }
      return true;
    }
    boolean scopeError = c != null && "insufficient_scope".equals(c.parameter("error"));
    if (firstRefusal && c != null && c.isBearer() && !scopeError) {
      learn(header); // an expired or revoked token: fetch a fresh one once
      return true;
    }
    if (scopeError) {
      throw new RegistryException(RegistryException.Kind.DENIED, 401,
          "access denied: " + (credentials().isPresent() ? "user " + credentials().get().username()
              : "anonymous access") + " may not " + what + " (" + scopeText(scopes) + ")"
              + (credentials().isPresent() ? "" : "; the repository may not exist, or may need hoist login "
                  + registry), null);
    }
    if (credentials().isEmpty()) {
      throw notLoggedIn(what);
    }
    throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, 401,
        registry + " refused the credentials of user " + credentials().get().username()
            + " (to " + what + ")", null);
  }

  private RegistryException notLoggedIn(String what) {
    return new RegistryException(RegistryException.Kind.UNAUTHORIZED, 401,
        registry + " requires authentication to " + what + ": run hoist login " + registry, null);
  }

  private static String scopeText(List<String> scopes) {
    return scopes.isEmpty() ? "no scope" : String.join(" ", scopes);
  }

  private Optional<Credentials> credentials() throws IOException {
    Optional<Credentials> c = credentials;
    if (c == null) {
      c = source.lookup(registry);
      credentials = c;
    }
    return c;
  }

  private Token fetchToken(Challenge c, List<String> scopes, Exchange http)
      throws IOException {
    String realm = c.parameter("realm");
    if (realm == null || realm.isBlank()) {
      throw new RegistryException(RegistryException.Kind.FAILED,
          registry + " asked for a Bearer token without naming a realm");
    }
    String service = c.parameter("service");
    Optional<Credentials> creds = credentials();
    HttpUriRequestBase request;
    if (creds.isPresent() && creds.get().isIdentityToken()) {
      StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=hoist&refresh_token=")
          .append(enc(creds.get().secret()));
      if (service != null) {
        form.append("&service=").append(enc(service));
      }
      for (String s : scopes) {
        form.append("&scope=").append(enc(s));
      }
      request = new HttpPost(URI.create(realm));
      request.setEntity(new StringEntity(form.toString(), ContentType.APPLICATION_FORM_URLENCODED));
    } else {
      StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
      url.append("client_id=hoist");
      if (service != null) {
        url.append("&service=").append(enc(service));
      }
      for (String s : scopes) {
        url.append("&scope=").append(enc(s));
      }
      request = new HttpGet(URI.create(url.toString()));
      creds.ifPresent(value -> request.setHeader(HttpHeaders.AUTHORIZATION, value.basicHeader()));
    }
    try (RegistryResponse response = http.open(request, "issue a token for " + scopeText(scopes))) {
      int status = response.status();
      if (status == 401 || status == 403) {
        if (creds.isEmpty()) {
          throw notLoggedIn("access " + scopeText(scopes));
        }
        throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, status,
            registry + ": wrong user name or password for " + creds.get().username(), null);
      }
      if (status != 200) {
        throw new RegistryException(RegistryException.Kind.FAILED, status,
            "the token service of " + registry + " answered " + status, null);
      }
      JsonNode body = JSON.readTree(response.bytes(TOKEN_LIMIT));
      String value = body.hasNonNull("token") ? body.get("token").asText()
          : body.hasNonNull("access_token") ? body.get("access_token").asText() : null;
      if (value == null || value.isEmpty()) {
        throw new RegistryException(RegistryException.Kind.FAILED,
            "the token service of " + registry + " answered without a token");
      }
      long seconds = Math.max(60, body.path("expires_in").asLong(60));
      return new Token(value, Instant.now().plusSeconds(seconds - 10));
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
