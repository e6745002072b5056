package dev.hoist.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.service.list.Filters;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} query parameter as the Engine API gives it: JSON, each key with a list of
 * values ({@code {"status":["running"]}}) or, as older clients send, a map of values to
 * {@code true} ({@code {"status":{"running":true}}}).
 */
final class FilterParam {
  private FilterParam() {}

  static Filters of(HttpRequest request) {
    String raw = request.param("filters");
    if (raw == null || raw.isBlank()) {
      return Filters.NONE;
    }
    JsonNode tree;
    try {
      tree = CanonicalJson.mapper().readTree(raw);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "invalid filter: " + e.getOriginalMessage());
    }
    if (!tree.isObject()) {
      throw new ApiException(400, "invalid filter: not a JSON object");
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> list = new ArrayList<>();
      JsonNode v = e.getValue();
      if (v.isArray()) {
        v.forEach(x -> list.add(x.asText()));
      } else if (v.isObject()) {
        v.fields().forEachRemaining(x -> {
          if (x.getValue().asBoolean()) {
            list.add(x.getKey());
          }
        });
      } else {
        list.add(v.asText());
      }
      values.put(e.getKey(), list);
    }
    return Filters.of(values);
  }
}
