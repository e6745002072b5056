package dev.hoist.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The values a template works on, as Go's text/template sees data decoded from JSON into
 * {@code interface{}}: objects are {@code map[string]interface {}}, arrays
 * {@code []interface {}}, JSON integers {@code int} (as a Go struct's int fields; Go's own
 * decoder would make them float64), other numbers {@code float64}. Java's {@code null} is Go's
 * invalid value ("no value": a missing key); a JSON null is Go's nil.
 */
final class GoValues {
  private GoValues() {}

  /** Go's truth: false, 0, nil, the empty string, array and map are false. */
  static boolean truth(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().signum() != 0;
    }
    if (v.isNumber()) {
      return v.doubleValue() != 0;
    }
    if (v.isTextual()) {
      return !v.textValue().isEmpty();
    }
    return v.size() > 0;
  }

  /** Go's name of the type of {@code v}, as its errors print it. */
  static String typeName(JsonNode v) {
    if (v == null || v.isNull()) {
      return "interface {}";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isBoolean()) {
      return "bool";
    }
    if (v.isIntegralNumber()) {
      return "int";
    }
    if (v.isNumber()) {
      return "float64";
    }
    if (v.isArray()) {
      return "[]interface {}";
    }
    return "map[string]interface {}";
  }

  /** As Go's fmt prints {@code v} with {@code %v} (and text/template prints an action's value). */
  static String print(JsonNode v) {
    StringBuilder out = new StringBuilder();
    print(v, out);
    return out.toString();
  }

  private static void print(JsonNode v, StringBuilder out) {
    if (v == null || v.isNull()) {
      out.append("<nil>");
    } else if (v.isTextual()) {
      out.append(v.textValue());
    } else if (v.isIntegralNumber()) {
      out.append(v.bigIntegerValue());
    } else if (v.isNumber()) {
      out.append(formatFloat(v.doubleValue()));
    } else if (v.isBoolean()) {
      out.append(v.booleanValue());
    } else if (v.isArray()) {
      out.append('[');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          out.append(' ');
        }
        print(v.get(i), out);
      }
      out.append(']');
    } else {
      out.append("map[");
      boolean first = true;
      for (String key : sortedKeys(v)) {
        if (!first) {
          out.append(' ');
        }
        first = false;
        out.append(key).append(':');
        print(v.get(key), out);
      }
      out.append(']');
    }
  }

  /** An object's keys in Go's map order for printing and range: sorted. */
  static List<String> sortedKeys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
      keys.add(it.next());
    }
    keys.sort(null);
    return keys;
  }

  /** {@code %v} of a float64: strconv's 'g' with the shortest digits, exponent outside 1e-4 to 1e6, as Println. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int exponent = digits.length() - 1 - exact.scale();
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
      String mantissa = digits.length() == 1 ? digits
          : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }
    return sign + exact.toPlainString();
  }
}
