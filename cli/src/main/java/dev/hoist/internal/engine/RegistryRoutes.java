package dev.hoist.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.registry.RegistryException;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.RegistryOverrides;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /auth}: the credentials checked against the registry
 * ({@code RegistryService.check}), not stored (the client keeps them, as with Docker's daemon);
 * {@code GET /images/search}: refused, hoist searches no registry.
 */
final class RegistryRoutes {
  private final Hoist hoist;

  RegistryRoutes(Hoist hoist) {
    this.hoist = hoist;
  }

  void addTo(Router router) {
    router.add("POST", "/auth", (req, res, p) -> {
      JsonNode body;
      try {
        body = CanonicalJson.mapper().readTree(req.body());
      } catch (IOException e) {
        throw new ApiException(400, "invalid JSON: " + e.getMessage());
      }
      if (body == null || !body.isObject()) {
        throw new ApiException(400, "the body must be a JSON AuthConfig");
      }
      String server = body.path("serveraddress").asText("");
      String registry = ImageName.registryHost(server.isEmpty() ? "docker.io" : server);
      try {
        hoist.registries().check(registry, body.path("username").asText(""),
            body.path("password").asText(""), RegistryOverrides.NONE);
      } catch (RegistryException e) {
        throw new ApiException(401, "login attempt to " + server + " failed: "
            + e.getMessage());
      }
      res.json(200, Map.of("Status", "Login Succeeded", "IdentityToken", ""));
    });
    router.add("GET", "/images/search", (req, res, p) -> {
      throw new ApiException(501, "searching a registry is not supported by hoist: registries "
          + "other than Docker Hub have no search, and Docker Hub's is a web service of its "
          + "own; list a repository's tags with hoist ls-tags");
    });
  }
}
