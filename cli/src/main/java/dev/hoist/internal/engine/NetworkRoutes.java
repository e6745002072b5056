package dev.hoist.internal.engine;

import static dev.hoist.internal.engine.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.net.NetworkStore;
import dev.hoist.internal.runtime.net.UserNetwork;
import dev.hoist.internal.service.Hoist;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /networks}: list, inspect, create, remove, connect and disconnect a container. */
final class NetworkRoutes {
  private final Hoist hoist;

  NetworkRoutes(Hoist hoist) {
    this.hoist = hoist;
  }

  void addTo(Router router) {
    router.add("GET", "/networks", (req, res, p) -> res.json(200,
        hoist.networks().list(FilterParam.of(req)).stream().map(DockerShapes::network)
            .toList()));
    router.add("POST", "/networks/create", (req, res, p) -> {
      JsonNode body = CanonicalJson.mapper().readTree(req.body());
      if (body == null || body.path("Name").asText("").isEmpty()) {
        throw new ApiException(400, "network name is required");
      }
      JsonNode ipam = body.path("IPAM").path("Config").path(0);
      Map<String, String> labels = new LinkedHashMap<>();
      body.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(),
          e.getValue().asText()));
      String driver = body.path("Driver").asText("");
      UserNetwork made = hoist.networks().create(new NetworkStore.Request(
          body.path("Name").asText(), text(ipam, "Subnet"), text(ipam, "Gateway"),
          body.path("Internal").asBoolean(false), labels,
          driver.isEmpty() ? "bridge" : driver));
      res.json(201, Map.of("Id", made.id(), "Warning", ""));
    });
    router.add("POST", "/networks/([^/]+)/connect", (req, res, p) -> {
      JsonNode body = containerBody(req);
      JsonNode endpoint = body.path("EndpointConfig");
      java.util.List<String> aliases = new java.util.ArrayList<>();
      endpoint.path("Aliases").forEach(a -> aliases.add(a.asText()));
      String ip = text(endpoint.path("IPAMConfig"), "IPv4Address");
      hoist.networks().connect(p.get(0), body.path("Container").asText(), aliases,
          ip == null || ip.isEmpty() ? null : ip);
      res.empty(200);
    });
    router.add("POST", "/networks/([^/]+)/disconnect", (req, res, p) -> {
      hoist.networks().disconnect(p.get(0), containerBody(req).path("Container").asText());
      res.empty(200);
    });
    router.add("GET", "/networks/([^/]+)", (req, res, p) ->
        res.json(200, hoist.networks().dockerInspect(p.get(0))));
    router.add("DELETE", "/networks/([^/]+)", (req, res, p) -> {
      hoist.networks().remove(p.get(0));
      res.empty(204);
    });
  }

  /** The body of a connect or disconnect: its {@code Container} is required. */
  private static JsonNode containerBody(HttpRequest req) {
    JsonNode body;
    try {
      body = CanonicalJson.mapper().readTree(req.body());
    } catch (java.io.IOException e) {
      throw new ApiException(400, "invalid JSON: " + e.getMessage());
    }
    if (body == null || body.path("Container").asText("").isEmpty()) {
      throw new ApiException(400, "a container is required: {\"Container\": NAME}");
    }
    return body;
  }
}
