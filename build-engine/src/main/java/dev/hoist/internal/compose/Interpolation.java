package dev.hoist.internal.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Compose's variable interpolation, over every string value of a file (keys are left as they
 * are): {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}} (unset or empty),
 * {@code ${VAR-default}} (unset), {@code ${VAR:?error}}, {@code ${VAR?error}},
 * {@code ${VAR:+alternative}} (set and not empty), {@code ${VAR+alternative}} (set), and
 * {@code $$} for a literal {@code $}. Defaults and alternatives are themselves interpolated, so
 * {@code ${A:-${B}}} works as in Compose v2. A missing required variable and a malformed
 * expression are a {@link ComposeException} naming the key path.
 */
public final class Interpolation {
  private final Function<String, String> variables;

  /** Over {@code variables}: a name to its value, null when unset. */
  public Interpolation(Function<String, String> variables) {
    this.variables = variables;
  }

  /** Over a map of variables. */
  public static Interpolation of(Map<String, String> variables) {
    return new Interpolation(variables::get);
  }

  /** {@code tree} with every string interpolated; {@code where} names the file in errors. */
  public Object tree(Object tree, String path, String where) {
    return tree(tree, path, (p, m) -> new ComposeException(where + ": " + p + ": " + m));
  }

  /** {@code tree} with every string interpolated; errors made by {@code error(path, message)}. */
  public Object tree(Object tree, String path,
      BiFunction<String, String, ComposeException> where) {
    if (tree instanceof String s) {
      return string(s, path, where);
    }
    if (tree instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k,
          tree(v, path.isEmpty() ? (String) k : path + "." + k, where)));
      return out;
    }
    if (tree instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        out.add(tree(item, path + "[" + out.size() + "]", where));
      }
      return out;
    }
    return tree;
  }

  /** {@code text} interpolated. */
  public String string(String text, String path, String where) {
    return string(text, path, (p, m) -> new ComposeException(where + ": " + p + ": " + m));
  }

  private String string(String text, String path,
      BiFunction<String, String, ComposeException> where) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 >= text.length()) {
        out.append('$');
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '{') {
        int close = closingBrace(text, i + 2);
        if (close < 0) {
          throw invalid(text, path, where);
        }
        out.append(expression(text.substring(i + 2, close), text, path, where));
        i = close + 1;
      } else if (isNameStart(next)) {
        int end = i + 1;
        while (end < text.length() && isNamePart(text.charAt(end))) {
          end++;
        }
        String value = variables.apply(text.substring(i + 1, end));
        out.append(value == null ? "" : value);
        i = end;
      } else {
        throw invalid(text, path, where);
      }
    }
    return out.toString();
  }

  private String expression(String body, String text, String path,
      BiFunction<String, String, ComposeException> where) {
    int end = 0;
    while (end < body.length() && isNamePart(body.charAt(end))) {
      end++;
    }
    if (end == 0 || !isNameStart(body.charAt(0))) {
      throw invalid(text, path, where);
    }
    String name = body.substring(0, end);
    String value = variables.apply(name);
    if (end == body.length()) {
      return value == null ? "" : value;
    }
    String rest = body.substring(end);
    boolean colon = rest.startsWith(":");
    String op = colon ? rest.substring(1) : rest;
    if (op.isEmpty()) {
      throw invalid(text, path, where);
    }
    char kind = op.charAt(0);
    String word = op.substring(1);
    boolean present = colon ? value != null && !value.isEmpty() : value != null;
    switch (kind) {
      case '-':
        return present ? value : string(word, path, where);
      case '+':
        return present ? string(word, path, where) : "";
      case '?':
        if (present) {
          return value;
        }
        String reason = string(word, path, where);
        throw where.apply(path, "required variable " + name + " is missing a value"
            + (reason.isEmpty() ? "" : ": " + reason));
      default:
        throw invalid(text, path, where);
    }
  }

  private static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        depth++;
        i++;
      } else if (c == '}') {
        if (--depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  private static ComposeException invalid(String text, String path,
      BiFunction<String, String, ComposeException> where) {
    return where.apply(path, "invalid interpolation format \"" + text
        + "\" (use $$ for a literal $)");
  }

  private static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
