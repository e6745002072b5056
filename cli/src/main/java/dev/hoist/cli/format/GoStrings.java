package dev.hoist.cli.format;

import java.nio.charset.StandardCharsets;

/** Go's quoting of strings: the escapes of string and character literals, and strconv.Quote. */
final class GoStrings {
  private GoStrings() {}

  /** The value of a quoted literal's body, or null when an escape is malformed. */
  static String unquote(String body, char quote) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i >= body.length()) {
        return null;
      }
      char e = body.charAt(i);
      switch (e) {
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case '\\' -> out.append('\\');
        case '"', '\'' -> {
          if (e != quote) {
            return null;
          }
          out.append(e);
        }
        case 'x', 'u', 'U' -> {
          int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + n >= body.length()) {
            return null;
          }
          try {
            int v = Integer.parseInt(body.substring(i + 1, i + 1 + n), 16);
            out.appendCodePoint(v);
          } catch (RuntimeException bad) {
            return null;
          }
          i += n;
        }
        default -> {
          if (e >= '0' && e <= '7' && i + 2 < body.length()) {
            out.append((char) Integer.parseInt(body.substring(i, i + 3), 8));
            i += 2;
          } else {
            return null;
          }
        }
      }
    }
    return out.toString();
  }

  /** strconv.Quote: a double-quoted Go string literal, printable characters kept. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\u0007' -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x0b -> out.append("\\v");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            out.append(String.format("\\x%02x", cp));
          } else if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
            out.append(cp < 0x10000 ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
    });
    return out.append('"').toString();
  }

  /** The UTF-8 bytes of {@code s}: Go's strings are bytes, so len and slice count these. */
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
