package dev.hoist.internal.service.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON object against Docker's shape of it, as the test resource
 * {@code docker-api/inspect-shapes.json} records the Engine API's definitions (field names, JSON
 * types, which may be null, which Go omits when empty): every field Docker always prints is
 * there, each has Docker's type, and no field is one Docker does not have.
 */
public final class DockerShapeFacts {
  private final JsonNode shapes;

  private DockerShapeFacts(JsonNode shapes) {
    this.shapes = shapes;
  }

  /** The facts of the test resource. */
  public static DockerShapeFacts load() {
    try (InputStream in = DockerShapeFacts.class.getResourceAsStream(
        "/docker-api/inspect-shapes.json")) {
      if (in == null) {
        throw new IllegalStateException("test resource docker-api/inspect-shapes.json missing");
      }
      return new DockerShapeFacts(CanonicalJson.mapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every way {@code value} differs from the shape {@code shape}; empty when it matches. */
  public List<String> problems(String shape, JsonNode value) {
    List<String> problems = new ArrayList<>();
    checkShape(shape, value, shape, problems);
    return problems;
  }

  /** The names of the fields {@code shape} has, for tests that count them. */
  public List<String> fields(String shape) {
    List<String> names = new ArrayList<>();
    shapes.get(shape).fieldNames().forEachRemaining(names::add);
    return names;
  }

  private void checkShape(String shape, JsonNode value, String path, List<String> problems) {
    JsonNode fields = shapes.get(shape);
    if (fields == null) {
      throw new IllegalArgumentException("no shape " + shape + " in the facts");
    }
    if (!value.isObject()) {
      problems.add(path + ": " + shape + " must be an object, is " + value.getNodeType());
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String type = field.getValue().asText();
      boolean omittable = type.startsWith("~");
      JsonNode v = value.get(field.getKey());
      if (v == null) {
        if (!omittable) {
          problems.add(path + "." + field.getKey() + ": missing (Docker always prints it)");
        }
        continue;
      }
      checkType(omittable ? type.substring(1) : type, v, path + "." + field.getKey(), problems);
    }
    for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!fields.has(name)) {
        problems.add(path + "." + name + ": not a field of Docker's " + shape);
      }
    }
  }

  private void checkType(String type, JsonNode v, String path, List<String> problems) {
    boolean nullable = type.endsWith("?");
    String t = nullable ? type.substring(0, type.length() - 1) : type;
    if (v.isNull()) {
      if (!nullable) {
        problems.add(path + ": null, Docker's is never null (" + t + ")");
      }
      return;
    }
    if (t.startsWith("[") && t.endsWith("]")) {
      if (!v.isArray()) {
        problems.add(path + ": must be an array, is " + v.getNodeType());
        return;
      }
      for (int i = 0; i < v.size(); i++) {
        checkType(t.substring(1, t.length() - 1), v.get(i), path + "[" + i + "]", problems);
      }
      return;
    }
    if (t.startsWith("{") && t.endsWith("}")) {
      if (!v.isObject()) {
        problems.add(path + ": must be an object, is " + v.getNodeType());
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        checkType(t.substring(1, t.length() - 1), e.getValue(), path + "[" + e.getKey() + "]",
            problems);
      }
      return;
    }
    switch (t) {
      case "string" -> expect(v.isTextual(), path, t, v, problems);
      case "integer" -> expect(v.isIntegralNumber(), path, t, v, problems);
      case "boolean" -> expect(v.isBoolean(), path, t, v, problems);
      case "object" -> expect(v.isObject(), path, t, v, problems);
      default -> checkShape(t, v, path, problems);
    }
  }

  private static void expect(boolean ok, String path, String type, JsonNode v,
      List<String> problems) {
    if (!ok) {
      problems.add(path + ": must be " + type + ", is " + v.getNodeType() + " " + v);
    }
  }
}
