package dev.hoist.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.registry.Credentials;
import dev.hoist.internal.service.RegistryOverrides;
import java.io.IOException;
import java.util.Base64;

/**
 * The {@code X-Registry-Auth} header of a pull or push: base64 (URL-safe, as the docker CLI
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
    String header = req.header("X-Registry-Auth");
    if (header == null || header.isBlank()) {
      return RegistryOverrides.NONE;
    }
    JsonNode auth;
    try {
      byte[] json;
      try {
        json = Base64.getUrlDecoder().decode(header.trim());
      } catch (IllegalArgumentException notUrlSafe) {
        json = Base64.getDecoder().decode(header.trim());
      }
      auth = CanonicalJson.mapper().readTree(json);
    } catch (IllegalArgumentException | IOException e) {
      throw new ApiException(400, "invalid X-Registry-Auth header: " + e.getMessage());
    }
    String user = auth == null ? "" : auth.path("username").asText("");
    String password = auth == null ? "" : auth.path("password").asText("");
    if (user.isEmpty() || password.isEmpty()) {
      return RegistryOverrides.NONE; // {} : anonymous, or what the Docker config holds
    }
    String server = auth.path("serveraddress").asText("");
    return RegistryOverrides.NONE.withCredentials(server.isEmpty() ? registry : server,
        new Credentials(user, password));
  }
}
