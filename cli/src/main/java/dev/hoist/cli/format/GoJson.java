package dev.hoist.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Compact JSON as Go's encoding/json writes it with HTML escaping off (docker's {@code json}
 * function): floats as Go formats them ({@code 1500000}, {@code 1e-7}), control characters and
 * U+2028/U+2029 escaped. Object members keep their order: hoist's data are Docker's structs,
 * whose fields Go writes in declaration order (Go sorts only a map's keys).
 */
final class GoJson {
  private GoJson() {}

  static String write(JsonNode v) {
    StringBuilder out = new StringBuilder();
    write(v, out);
    return out.toString();
  }

  private static void write(JsonNode v, StringBuilder out) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      out.append("null");
    } else if (v.isTextual()) {
      string(v.textValue(), out);
    } else if (v.isIntegralNumber()) {
      out.append(v.bigIntegerValue());
    } else if (v.isNumber()) {
      out.append(number(v.doubleValue()));
    } else if (v.isBoolean()) {
      out.append(v.booleanValue());
    } else if (v.isArray()) {
      out.append('[');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(v.get(i), out);
      }
      out.append(']');
    } else {
      out.append('{');
      boolean first = true;
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!first) {
          out.append(',');
        }
        first = false;
        string(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    }
  }

  /** encoding/json's float64: 'f' between 1e-6 and 1e21, else 'e' with a short exponent. */
  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new GoFunction.Failure("json: unsupported value: " + GoValues.formatFloat(d));
    }
    double abs = Math.abs(d);
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    if (abs == 0 || abs >= 1e-6 && abs < 1e21) {
      return abs == 0 ? (1 / d < 0 ? "-0" : "0") : exact.toPlainString();
    }
    String digits = exact.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - exact.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
