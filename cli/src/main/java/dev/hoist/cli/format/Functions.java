package dev.hoist.cli.format;

import static dev.hoist.cli.format.GoFunction.Type.ANY;
import static dev.hoist.cli.format.GoFunction.Type.INT;
import static dev.hoist.cli.format.GoFunction.Type.STRING;
import static dev.hoist.cli.format.GoFunction.Type.STRINGS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions of templates: Go's built-ins ({@code and} and {@code or} are evaluated lazily
 * by the executor, so they are only named here) and docker/cli's ({@code templates.go}):
 * {@code json join split title lower upper pad truncate}; and the variants docker uses to
 * render a table's header row, which return their first argument unchanged.
 */
final class Functions {
  private Functions() {}

  /** Go's built-ins and docker's functions, as {@code docker --format} has them. */
  static Map<String, GoFunction> docker() {
    Map<String, GoFunction> f = builtins();
    f.put("json", GoFunction.of(a -> TextNode.valueOf(json(a.get(0))), ANY));
    f.put("split", GoFunction.of(a -> split(a.get(0).textValue(), a.get(1).textValue()),
        STRING, STRING));
    f.put("join", GoFunction.of(a -> {
      List<String> parts = new ArrayList<>();
      a.get(0).forEach(e -> parts.add(e.textValue()));
      return TextNode.valueOf(String.join(a.get(1).textValue(), parts));
    }, STRINGS, STRING));
    f.put("title", GoFunction.of(a -> TextNode.valueOf(title(a.get(0).textValue())), STRING));
    f.put("lower", GoFunction.of(
        a -> TextNode.valueOf(a.get(0).textValue().toLowerCase(java.util.Locale.ROOT)), STRING));
    f.put("upper", GoFunction.of(
        a -> TextNode.valueOf(a.get(0).textValue().toUpperCase(java.util.Locale.ROOT)), STRING));
    f.put("pad", GoFunction.of(a -> {
      String s = a.get(0).textValue();
      return TextNode.valueOf(s.isEmpty() ? s
          : " ".repeat(Math.max(0, a.get(1).intValue())) + s
              + " ".repeat(Math.max(0, a.get(2).intValue())));
    }, STRING, INT, INT));
    f.put("truncate", GoFunction.of(a -> {
      byte[] b = GoStrings.bytes(a.get(0).textValue());
      int n = a.get(1).intValue();
      return b.length < n ? a.get(0)
          : TextNode.valueOf(new String(b, 0, Math.max(0, n), StandardCharsets.UTF_8));
    }, STRING, INT));
    return f;
  }

  /** docker's HeaderFunctions: a table's header row is the template run over header names. */
  static Map<String, GoFunction> dockerHeader() {
    Map<String, GoFunction> f = docker();
    GoFunction.Body first = a -> a.get(0);
    f.put("json", GoFunction.of(first, STRING));
    f.put("split", GoFunction.of(first, STRING, STRING));
    f.put("join", GoFunction.of(first, STRING, STRING));
    for (String name : List.of("title", "lower", "upper")) {
      f.put(name, GoFunction.of(first, STRING));
    }
    f.put("pad", GoFunction.of(first, STRING, INT, INT));
    f.put("truncate", GoFunction.of(first, STRING, INT));
    return f;
  }

  static Map<String, GoFunction> builtins() {
    Map<String, GoFunction> f = new HashMap<>();
    f.put("and", GoFunction.variadic(a -> a.get(a.size() - 1), ANY));
    f.put("or", GoFunction.variadic(a -> a.get(a.size() - 1), ANY));
    f.put("not", GoFunction.of(a -> BooleanNode.valueOf(!GoValues.truth(a.get(0))), ANY));
    f.put("len", GoFunction.of(a -> IntNode.valueOf(length(a.get(0))), ANY));
    f.put("index", GoFunction.variadic(Functions::index, ANY));
    f.put("slice", GoFunction.variadic(Functions::slice, ANY));
    f.put("print", GoFunction.variadic(a -> TextNode.valueOf(sprint(a)), ANY));
    f.put("println", GoFunction.variadic(a -> TextNode.valueOf(sprintln(a)), ANY));
    f.put("printf", GoFunction.variadic(
        a -> TextNode.valueOf(GoPrintf.sprintf(a.get(0).textValue(), a.subList(1, a.size()))),
        STRING, ANY));
    f.put("eq", GoFunction.variadic(Functions::eq, ANY));
    f.put("ne", GoFunction.of(a -> BooleanNode.valueOf(!compare(a.get(0), a.get(1))
        .booleanValue()), ANY, ANY));
    f.put("lt", GoFunction.of(a -> BooleanNode.valueOf(order(a.get(0), a.get(1)) < 0), ANY, ANY));
    f.put("le", GoFunction.of(a -> BooleanNode.valueOf(order(a.get(0), a.get(1)) <= 0), ANY, ANY));
    f.put("gt", GoFunction.of(a -> BooleanNode.valueOf(order(a.get(0), a.get(1)) > 0), ANY, ANY));
    f.put("ge", GoFunction.of(a -> BooleanNode.valueOf(order(a.get(0), a.get(1)) >= 0), ANY, ANY));
    f.put("html", GoFunction.variadic(a -> TextNode.valueOf(html(sprintArgs(a))), ANY));
    f.put("js", GoFunction.variadic(a -> TextNode.valueOf(js(sprintArgs(a))), ANY));
    f.put("urlquery", GoFunction.variadic(a -> TextNode.valueOf(
        java.net.URLEncoder.encode(sprintArgs(a), StandardCharsets.UTF_8)), ANY));
    f.put("call", GoFunction.variadic(a -> {
      throw new GoFunction.Failure("non-function of type " + GoValues.typeName(a.get(0))
          + " (hoist's templates have no functions in their data)");
    }, ANY));
    return f;
  }

  /** docker's {@code json}: Go's encoder without HTML escaping, the newline trimmed. */
  static String json(JsonNode v) {
    return GoJson.write(v);
  }

  private static JsonNode split(String s, String separator) {
    ArrayNode parts = JsonNodeFactory.instance.arrayNode();
    if (separator.isEmpty()) {
      s.codePoints().forEach(cp -> parts.add(new String(Character.toChars(cp))));
      return parts;
    }
    int from = 0;
    for (int at; (at = s.indexOf(separator, from)) >= 0; from = at + separator.length()) {
      parts.add(s.substring(from, at));
    }
    parts.add(s.substring(from));
    return parts;
  }

  /** strings.Title: the first letter of each word in upper case. */
  static String title(String s) {
    StringBuilder out = new StringBuilder();
    int previous = ' ';
    for (int i = 0; i < s.length();) {
      int cp = s.codePointAt(i);
      out.appendCodePoint(separator(previous) ? Character.toTitleCase(cp) : cp);
      previous = cp;
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  private static boolean separator(int cp) {
    if (cp <= 0x7f) {
      return !(Character.isLetterOrDigit(cp) || cp == '_');
    }
    return !Character.isLetterOrDigit(cp) && Character.isWhitespace(cp);
  }

  private static int length(JsonNode v) {
    if (v == null || v.isNull()) {
      throw new GoFunction.Failure("len of nil pointer");
    }
    if (v.isTextual()) {
      return GoStrings.bytes(v.textValue()).length;
    }
    if (v.isContainerNode()) {
      return v.size();
    }
    throw new GoFunction.Failure("len of type " + GoValues.typeName(v));
  }

  private static JsonNode index(List<JsonNode> a) {
    JsonNode item = a.get(0);
    if (item == null || item.isNull()) {
      throw new GoFunction.Failure("index of untyped nil");
    }
    for (JsonNode key : a.subList(1, a.size())) {
      if (item == null || item.isNull()) {
        throw new GoFunction.Failure("index of nil pointer");
      }
      if (item.isObject()) {
        if (!key.isTextual()) {
          throw new GoFunction.Failure("value has type " + GoValues.typeName(key)
              + "; should be string");
        }
        item = item.has(key.textValue()) ? item.get(key.textValue()) : NullNode.getInstance();
      } else if (item.isArray() || item.isTextual()) {
        int i = integer(key, "index");
        int size = item.isArray() ? item.size() : GoStrings.bytes(item.textValue()).length;
        if (i < 0 || i >= size) {
          throw new GoFunction.Failure("index out of range: " + i);
        }
        item = item.isArray() ? item.get(i) : IntNode.valueOf(GoStrings.bytes(item.textValue())[i]
            & 0xff);
      } else {
        throw new GoFunction.Failure("can't index item of type " + GoValues.typeName(item));
      }
    }
    return item;
  }

  private static int integer(JsonNode key, String what) {
    if (key == null || !key.isIntegralNumber()) {
      throw new GoFunction.Failure("cannot " + what + " slice/array with type "
          + GoValues.typeName(key));
    }
    return key.intValue();
  }

  private static JsonNode slice(List<JsonNode> a) {
    JsonNode item = a.get(0);
    if (item == null || item.isNull()) {
      throw new GoFunction.Failure("slice of untyped nil");
    }
    if (a.size() > 4 || a.size() > 3 && item.isTextual()) {
      throw new GoFunction.Failure("too many slice indexes: " + (a.size() - 1));
    }
    int size;
    if (item.isTextual()) {
      size = GoStrings.bytes(item.textValue()).length;
    } else if (item.isArray()) {
      size = item.size();
    } else {
      throw new GoFunction.Failure("can't slice item of type " + GoValues.typeName(item));
    }
    int[] bounds = {0, size};
    for (int i = 1; i < a.size() && i < 3; i++) {
      bounds[i - 1] = integer(a.get(i), "slice");
      if (bounds[i - 1] < 0 || bounds[i - 1] > size) {
        throw new GoFunction.Failure("index out of range: " + bounds[i - 1]);
      }
    }
    if (bounds[0] > bounds[1]) {
      throw new GoFunction.Failure("invalid slice index: " + bounds[0] + " > " + bounds[1]);
    }
    if (item.isTextual()) {
      byte[] b = GoStrings.bytes(item.textValue());
      return TextNode.valueOf(new String(Arrays.copyOfRange(b, bounds[0], bounds[1]),
          StandardCharsets.UTF_8));
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (int i = bounds[0]; i < bounds[1]; i++) {
      out.add(item.get(i));
    }
    return out;
  }

  /** fmt.Sprint: a space between operands when neither is a string. */
  static String sprint(List<JsonNode> args) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      JsonNode a = args.get(i);
      boolean isString = a != null && a.isTextual();
      if (i > 0 && !isString && !(args.get(i - 1) != null && args.get(i - 1).isTextual())) {
        out.append(' ');
      }
      out.append(GoValues.print(a));
    }
    return out.toString();
  }

  static String sprintln(List<JsonNode> args) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(GoValues.print(args.get(i)));
    }
    return out.append('\n').toString();
  }

  /** text/template's evalArgs: one string argument as is, else fmt.Sprint of them all. */
  private static String sprintArgs(List<JsonNode> args) {
    if (args.size() == 1 && args.get(0) != null && args.get(0).isTextual()) {
      return args.get(0).textValue();
    }
    return sprint(args);
  }

  private static JsonNode eq(List<JsonNode> a) {
    if (a.size() < 2) {
      throw new GoFunction.Failure("missing argument for comparison");
    }
    for (JsonNode other : a.subList(1, a.size())) {
      if (compare(a.get(0), other).booleanValue()) {
        return BooleanNode.TRUE;
      }
    }
    return BooleanNode.FALSE;
  }

  private enum Kind { BOOL, INT, FLOAT, STRING, OTHER }

  private static Kind kind(JsonNode v) {
    if (v == null || v.isNull()) {
      return Kind.OTHER;
    }
    if (v.isBoolean()) {
      return Kind.BOOL;
    }
    if (v.isIntegralNumber()) {
      return Kind.INT;
    }
    if (v.isNumber()) {
      return Kind.FLOAT;
    }
    return v.isTextual() ? Kind.STRING : Kind.OTHER;
  }

  /** Go's eq of two values. */
  private static BooleanNode compare(JsonNode a, JsonNode b) {
    boolean nilA = a == null || a.isNull();
    boolean nilB = b == null || b.isNull();
    Kind ka = kind(a);
    Kind kb = kind(b);
    if (ka != kb) {
      if (!nilA && !nilB) {
        throw new GoFunction.Failure("incompatible types for comparison");
      }
      return BooleanNode.FALSE;
    }
    if (ka == Kind.OTHER) {
      if (nilA || nilB) {
        return BooleanNode.valueOf(nilA == nilB);
      }
      throw new GoFunction.Failure("non-comparable type " + GoValues.print(b) + ": "
          + GoValues.typeName(b));
    }
    return BooleanNode.valueOf(switch (ka) {
      case BOOL -> a.booleanValue() == b.booleanValue();
      case INT -> a.bigIntegerValue().equals(b.bigIntegerValue());
      case FLOAT -> a.doubleValue() == b.doubleValue();
      default -> a.textValue().equals(b.textValue());
    });
  }

  /** Go's lt: the order of two basic values of one kind. */
  private static int order(JsonNode a, JsonNode b) {
    Kind ka = kind(a);
    Kind kb = kind(b);
    if (ka == Kind.OTHER || ka == Kind.BOOL || kb == Kind.OTHER || kb == Kind.BOOL) {
      throw new GoFunction.Failure("invalid type for comparison");
    }
    if (ka != kb) {
      throw new GoFunction.Failure("incompatible types for comparison");
    }
    return switch (ka) {
      case INT -> a.bigIntegerValue().compareTo(b.bigIntegerValue());
      case FLOAT -> Double.compare(a.doubleValue(), b.doubleValue());
      default -> compareBytes(a.textValue(), b.textValue());
    };
  }

  private static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(GoStrings.bytes(a), GoStrings.bytes(b));
  }

  /** html/template's HTMLEscapeString, as text/template's html uses it. */
  static String html(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("&#34;");
        case '\'' -> out.append("&#39;");
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case 0 -> out.append('\uFFFD');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** text/template's JSEscapeString. */
  static String js(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '"' -> out.append("\\\"");
        case '<' -> out.append("\\u003C");
        case '>' -> out.append("\\u003E");
        case '&' -> out.append("\\u0026");
        case '=' -> out.append("\\u003D");
        default -> {
          if (c < ' ') {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
