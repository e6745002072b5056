package dev.hoist.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.registry.Credentials;
import dev.hoist.internal.service.RegistryOverrides;
import java.io.IOException;
import java.util.Base64;

/**
 * The {@code X-Registry-Auth} header of a pull or push (and {@code X-Registry-Config}, a map
 * of them by registry, of a build): base64 (URL-safe, as the docker CLI
 * writes it, or standard) of Docker's {@code AuthConfig} JSON ({@code username},
 * {@code password}, {@code serveraddress}); the credentials go with the request only.
 */
final class RegistryAuth {
  private RegistryAuth() {}

  /**
   * The overrides of a request to {@code registry} (the image's registry host, used when the
   * header names no {@code serveraddress}): with the header's credentials, or none without it
   * (the context's Docker config then, as before).
   */
  static RegistryOverrides of(HttpRequest req, String registry) {
    JsonNode auth = header(req, "X-Registry-Auth");
    if (auth == null) {
      return RegistryOverrides.NONE;
    }
    String server = auth.path("serveraddress").asText("");
    return with(RegistryOverrides.NONE, server.isEmpty() ? registry : server, auth);
  }

  /**
   * The overrides of a {@code /build}: its {@code X-Registry-Config} header, base64 of a JSON
   * object of {@code AuthConfig}s by registry (the docker CLI sends every login of its config),
   * for the base images' pulls; none without it.
   */
  static RegistryOverrides ofConfig(HttpRequest req) {
    JsonNode all = header(req, "X-Registry-Config");
    RegistryOverrides overrides = RegistryOverrides.NONE;
    if (all == null) {
      return overrides;
    }
    if (!all.isObject()) {
      throw new ApiException(400, "invalid X-Registry-Config header: not a JSON object");
    }
    for (var it = all.fields(); it.hasNext(); ) {
      var entry = it.next();
      try {
        overrides = with(overrides, entry.getKey(), entry.getValue());
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "invalid X-Registry-Config header: " + e.getMessage());
      }
    }
    return overrides;
  }

  /** {@code overrides} with the credentials of {@code auth} for {@code registry}, if any. */
  private static RegistryOverrides with(RegistryOverrides overrides, String registry,
      JsonNode auth) {
    String user = auth.path("username").asText("");
    String password = auth.path("password").asText("");
    String encoded = auth.path("auth").asText("");
    if ((user.isEmpty() || password.isEmpty()) && !encoded.isEmpty()) {
      // "auth": base64 of USER:PASSWORD, as in a Docker config file
      String pair;
      try {
        pair = new String(Base64.getDecoder().decode(encoded.trim()),
            java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "invalid auth for " + registry + ": not base64");
      }
      int colon = pair.indexOf(':');
      if (colon > 0) {
        user = pair.substring(0, colon);
        password = pair.substring(colon + 1);
      }
    }
    if (user.isEmpty() || password.isEmpty()) {
      return overrides; // {} : anonymous, or what the Docker config holds
    }
    return overrides.withCredentials(registry, new Credentials(user, password));
  }

  /** The JSON of a base64 header (URL-safe, as the docker CLI writes it, or standard). */
  private static JsonNode header(HttpRequest req, String name) {
    String header = req.header(name);
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      byte[] json;
      try {
        json = Base64.getUrlDecoder().decode(header.trim());
      } catch (IllegalArgumentException notUrlSafe) {
        json = Base64.getDecoder().decode(header.trim());
      }
      JsonNode node = CanonicalJson.mapper().readTree(json);
      return node == null || node.isMissingNode() ? null : node;
    } catch (IllegalArgumentException | IOException e) {
      throw new ApiException(400, "invalid " + name + " header: " + e.getMessage());
    }
  }
}
