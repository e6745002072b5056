package dev.hoist.cache.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Test resources and tree helpers for the model tests. */
public final class TestJson {
  private TestJson() {}

  public static byte[] resource(String name) {
    try (InputStream in = TestJson.class.getResourceAsStream("/model/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource /model/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  public static String string(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }

  public static JsonNode tree(byte[] json) {
    return CanonicalJson.read(json, JsonNode.class);
  }

  /**
   * The tree without null-valued members of objects that the model knows (the model writes an
   * absent known field, not null), recursively. Unknown nulls are kept by the model, so tests
   * compare both sides stripped the same way only where a known field was null.
   */
  public static JsonNode withoutNullMembers(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      List<String> nulls = new ArrayList<>();
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (o.get(name).isNull()) {
          nulls.add(name);
        } else {
          strip(o.get(name));
        }
      }
      o.remove(nulls);
    } else if (node instanceof ArrayNode a) {
      a.forEach(TestJson::strip);
    }
  }
}
