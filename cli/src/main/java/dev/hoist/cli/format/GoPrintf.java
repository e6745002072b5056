package dev.hoist.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * Go's fmt.Sprintf over template values: the verbs {@code %v %s %d %q %t %x %X %o %b %c %e %E
 * %f %F %g %G %%}, the flags {@code - + # 0 space}, width and precision; wrong or missing
 * arguments print as Go's do ({@code %!d(string=x)}, {@code %!s(MISSING)},
 * {@code %!(EXTRA int=1)}).
 */
final class GoPrintf {
  private final StringBuilder out = new StringBuilder();
  private boolean minus;
  private boolean plus;
  private boolean sharp;
  private boolean zero;
  private boolean space;
  private int width;
  private int precision;

  private GoPrintf() {}

  static String sprintf(String format, List<JsonNode> args) {
    return new GoPrintf().format(format, args);
  }

  private String format(String f, List<JsonNode> args) {
    int next = 0;
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      minus = plus = sharp = zero = space = false;
      width = -1;
      precision = -1;
      i++;
      for (; i < f.length(); i++) {
        char flag = f.charAt(i);
        if (flag == '-') {
          minus = true;
        } else if (flag == '+') {
          plus = true;
        } else if (flag == '#') {
          sharp = true;
        } else if (flag == '0') {
          zero = true;
        } else if (flag == ' ') {
          space = true;
        } else {
          break;
        }
      }
      int start = i;
      while (i < f.length() && Character.isDigit(f.charAt(i))) {
        i++;
      }
      if (i > start) {
        width = Integer.parseInt(f.substring(start, i));
      }
      if (i < f.length() && f.charAt(i) == '.') {
        start = ++i;
        while (i < f.length() && Character.isDigit(f.charAt(i))) {
          i++;
        }
        precision = i > start ? Integer.parseInt(f.substring(start, i)) : 0;
      }
      if (i >= f.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = f.charAt(i);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (verb == 'T' && next < args.size()) {
        JsonNode a = args.get(next++);
        pad(a == null || a.isNull() ? "<nil>" : GoValues.typeName(a));
        continue;
      }
      if (next >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      verb(verb, args.get(next++));
    }
    if (next < args.size()) {
      out.append("%!(EXTRA ");
      for (int i = next; i < args.size(); i++) {
        if (i > next) {
          out.append(", ");
        }
        JsonNode a = args.get(i);
        out.append(a == null || a.isNull() ? "<nil>" : GoValues.typeName(a) + "=" + GoValues.print(a));
      }
      out.append(')');
    }
    return out.toString();
  }

  private void verb(char verb, JsonNode v) {
    if (v != null && (v.isArray() || v.isObject()) && verb != 'v') {
      // Go applies the verb to each element
      boolean array = v.isArray();
      out.append(array ? "[" : "map[");
      int n = 0;
      for (String key : array ? List.<String>of() : GoValues.sortedKeys(v)) {
        if (n++ > 0) {
          out.append(' ');
        }
        element(verb, com.fasterxml.jackson.databind.node.TextNode.valueOf(key));
        out.append(':');
        element(verb, v.get(key));
      }
      if (array) {
        for (int i = 0; i < v.size(); i++) {
          if (i > 0) {
            out.append(' ');
          }
          element(verb, v.get(i));
        }
      }
      out.append(']');
      return;
    }
    if (v == null || v.isNull()) {
      if (verb == 'v' || verb == 's') {
        pad(verb == 'v' ? "<nil>" : "%!s(<nil>)");
      } else {
        out.append("%!").append(verb).append("(<nil>)");
      }
      return;
    }
    switch (verb) {
      case 'v' -> {
        if (v.isIntegralNumber() || v.isNumber()) {
          number(v.isIntegralNumber() ? 'd' : 'g', v);
        } else if (v.isArray() || v.isObject()) {
          pad(GoValues.print(v));
        } else {
          string(GoValues.print(v));
        }
      }
      case 's' -> {
        if (v.isTextual()) {
          string(v.textValue());
        } else {
          bad(verb, v);
        }
      }
      case 'q' -> {
        if (v.isTextual()) {
          pad(sharp && !v.textValue().contains("`") ? "`" + v.textValue() + "`"
              : GoStrings.quote(v.textValue()));
        } else if (v.isIntegralNumber()) {
          int cp = v.intValue();
          String q = GoStrings.quote(new String(Character.toChars(cp)));
          pad("'" + q.substring(1, q.length() - 1).replace("\\\"", "\"") + "'");
        } else {
          bad(verb, v);
        }
      }
      case 't' -> {
        if (v.isBoolean()) {
          pad(String.valueOf(v.booleanValue()));
        } else {
          bad(verb, v);
        }
      }
      case 'x', 'X' -> {
        if (v.isTextual()) {
          StringBuilder hex = new StringBuilder();
          for (byte b : GoStrings.bytes(v.textValue())) {
            hex.append(String.format(verb == 'x' ? "%02x" : "%02X", b & 0xff));
          }
          pad(hex.toString());
        } else if (v.isIntegralNumber()) {
          number(verb, v);
        } else {
          bad(verb, v);
        }
      }
      case 'd', 'o', 'b', 'c' -> {
        if (v.isIntegralNumber()) {
          number(verb, v);
        } else {
          bad(verb, v);
        }
      }
      case 'e', 'E', 'f', 'F', 'g', 'G' -> {
        if (v.isNumber() && !v.isIntegralNumber()) {
          number(verb, v);
        } else {
          bad(verb, v);
        }
      }
      default -> bad(verb, v);
    }
  }

  /** An element of a slice or map: the verb applies to it, a nil prints as {@code <nil>}. */
  private void element(char verb, JsonNode e) {
    if (e == null || e.isNull()) {
      out.append("<nil>");
    } else {
      verb(verb, e);
    }
  }

  private void bad(char verb, JsonNode v) {
    // Go prints the value with %v under the verb's own flags and width
    out.append("%!").append(verb).append('(').append(GoValues.typeName(v)).append('=');
    verb('v', v);
    out.append(')');
  }

  private void string(String s) {
    if (precision >= 0 && s.codePointCount(0, s.length()) > precision) {
      s = s.substring(0, s.offsetByCodePoints(0, precision));
    }
    pad(s);
  }

  private void number(char verb, JsonNode v) {
    String body;
    boolean negative;
    if (v.isIntegralNumber()) {
      BigInteger i = v.bigIntegerValue();
      negative = i.signum() < 0;
      BigInteger abs = i.abs();
      body = switch (verb) {
        case 'x' -> (sharp ? "0x" : "") + abs.toString(16);
        case 'X' -> (sharp ? "0X" : "") + abs.toString(16).toUpperCase(Locale.ROOT);
        case 'o' -> (sharp ? "0" : "") + abs.toString(8);
        case 'b' -> abs.toString(2);
        case 'c' -> {
          negative = false;
          yield new String(Character.toChars(i.intValue()));
        }
        default -> abs.toString();
      };
      if (precision >= 0 && verb != 'c') {
        while (body.length() < precision) {
          body = "0" + body;
        }
      }
    } else {
      double d = v.doubleValue();
      negative = d < 0 || (d == 0 && 1 / d < 0);
      double abs = Math.abs(d);
      body = switch (verb) {
        case 'f', 'F' -> fixed(abs, precision < 0 ? 6 : precision);
        case 'e', 'E' -> exponent(abs, precision < 0 ? 6 : precision, verb == 'E');
        default -> precision < 0 ? GoValues.formatFloat(abs) : general(abs, precision);
      };
      if (verb == 'G' || verb == 'E') {
        body = body.toUpperCase(Locale.ROOT);
      }
    }
    String sign = negative ? "-" : plus ? "+" : space ? " " : "";
    // Go pads integers with zeros only without a precision
    if (zero && !minus && width > 0 && !(v.isIntegralNumber() && precision >= 0)) {
      StringBuilder zeros = new StringBuilder(body);
      while (zeros.length() + sign.length() < width) {
        zeros.insert(0, '0');
      }
      body = zeros.toString();
    }
    pad(sign + body);
  }

  private static String fixed(double d, int places) {
    return new BigDecimal(d).setScale(places, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String exponent(double d, int places, boolean upper) {
    String s = String.format(Locale.ROOT, "%." + places + "e", d);
    return upper ? s.toUpperCase(Locale.ROOT) : s;
  }

  private static String general(double d, int digits) {
    if (digits == 0) {
      digits = 1;
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(d).round(new java.math.MathContext(digits)).stripTrailingZeros();
    int exp = rounded.precision() - rounded.scale() - 1;
    if (exp < -4 || exp >= digits) {
      String u = rounded.unscaledValue().toString();
      String m = u.length() == 1 ? u : u.charAt(0) + "." + u.substring(1);
      return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    return rounded.toPlainString();
  }

  private void pad(String s) {
    int length = s.codePointCount(0, s.length());
    if (width <= length) {
      out.append(s);
    } else if (minus) {
      out.append(s).append(" ".repeat(width - length));
    } else {
      out.append(" ".repeat(width - length)).append(s);
    }
  }
}
