package dev.hoist.internal.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge: the scheme ({@code basic} or {@code bearer}, lower
 * case) and its parameters ({@code realm}, {@code service}, {@code scope}, {@code error}).
 */
public record Challenge(String scheme, Map<String, String> parameters) {
  public Challenge {
    parameters = Map.copyOf(parameters);
  }

  /** Parses {@code Bearer realm="https://auth",service="reg",scope="a b"}; empty when blank. */
  public static Optional<Challenge> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String text = header.strip();
    int space = text.indexOf(' ');
    String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
    Map<String, String> params = new LinkedHashMap<>();
    int i = space < 0 ? text.length() : space + 1;
    while (i < text.length()) {
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
        i++;
      }
      int eq = text.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String name = text.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < text.length() && text.charAt(i) == '"') {
        i++;
        while (i < text.length() && text.charAt(i) != '"') {
          char c = text.charAt(i++);
          if (c == '\\' && i < text.length()) {
            c = text.charAt(i++);
          }
          value.append(c);
        }
        i++; // closing quote
      } else {
        while (i < text.length() && text.charAt(i) != ',') {
          value.append(text.charAt(i++));
        }
      }
      params.put(name, value.toString().strip());
    }
    return Optional.of(new Challenge(scheme, params));
  }

  public String parameter(String name) {
    return parameters.get(name);
  }

  public boolean isBearer() {
    return scheme.equals("bearer");
  }

  public boolean isBasic() {
    return scheme.equals("basic");
  }
}
