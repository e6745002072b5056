package dev.hoist.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.service.Hoist;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /volumes}: list, create, inspect, remove. */
final class VolumeRoutes {
  private final Hoist hoist;

  VolumeRoutes(Hoist hoist) {
    this.hoist = hoist;
  }

  void addTo(Router router) {
    router.add("GET", "/volumes", (req, res, p) -> {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("Volumes", hoist.volumes().list(FilterParam.of(req)).stream()
          .map(DockerShapes::volume).toList());
      answer.put("Warnings", List.of());
      res.json(200, answer);
    });
    router.add("POST", "/volumes/create", (req, res, p) -> {
      JsonNode body = CanonicalJson.mapper().readTree(req.body());
      String name = body == null ? "" : body.path("Name").asText("");
      String driver = body == null ? "" : body.path("Driver").asText("");
      if (!driver.isEmpty() && !driver.equals("local")) {
        throw new ApiException(400, "volume driver " + driver + " is not supported: local only");
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (body != null) {
        body.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(),
            e.getValue().asText()));
      }
      String made = hoist.volumes().create(name.isEmpty() ? null : name, labels).name();
      res.json(201, hoist.volumes().dockerInspect(made, false));
    });
    router.add("GET", "/volumes/([^/]+)", (req, res, p) ->
        res.json(200, hoist.volumes().dockerInspect(p.get(0), false)));
    router.add("DELETE", "/volumes/([^/]+)", (req, res, p) -> {
      hoist.volumes().remove(p.get(0), req.flag("force", false));
      res.empty(204);
    });
  }
}
