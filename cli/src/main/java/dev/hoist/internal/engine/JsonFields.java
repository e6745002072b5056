package dev.hoist.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading the fields of the API's request bodies as Docker's daemon reads them. */
final class JsonFields {
  private JsonFields() {}

  /** A text field; null when absent or empty. */
  static String text(JsonNode node, String field) {
    String v = node.path(field).asText("");
    return v.isEmpty() ? null : v;
  }

  /** A list of strings; a single string as a list of one, absent or null as none. */
  static List<String> strings(JsonNode node) {
    List<String> list = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> list.add(n.asText()));
    } else if (node.isTextual() && !node.asText().isEmpty()) {
      list.add(node.asText());
    }
    return list;
  }
}
