package dev.hoist.internal.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as read off a connection: method, path (percent-decoded), query parameters,
 * headers (names in lower case) and its body, read as it arrives.
 */
final class HttpRequest {
  private final String method;
  private final String path;
  private final Map<String, List<String>> query;
  private final Map<String, String> headers;
  private final InputStream body;
  private final InputStream connection;

  private HttpRequest(String method, String path, Map<String, List<String>> query,
      Map<String, String> headers, InputStream body, InputStream connection) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = headers;
    this.body = body;
    this.connection = connection;
  }

  /** The request for {@code target} (a path with an optional query). */
  static HttpRequest of(String method, String target, Map<String, String> headers,
      InputStream body, InputStream connection) {
    int q = target.indexOf('?');
    return new HttpRequest(method, decode(q < 0 ? target : target.substring(0, q), false),
        parseQuery(q < 0 ? "" : target.substring(q + 1)), headers, body, connection);
  }

  String method() {
    return method;
  }

  String path() {
    return path;
  }

  /** The request with another path (the API version taken off it). */
  HttpRequest withPath(String other) {
    return new HttpRequest(method, other, query, headers, body, connection);
  }

  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The last value of query parameter {@code name}, or null. */
  String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
  }

  /** Every value of query parameter {@code name}. */
  List<String> params(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** Docker's booleans in a query: {@code 1}, {@code true}, {@code True}; absent: {@code dflt}. */
  boolean flag(String name, boolean dflt) {
    String v = param(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    return !(v.equals("0") || v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no"));
  }

  /** A whole-number query parameter; {@code dflt} when absent. */
  long number(String name, long dflt) {
    String v = param(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(400, "invalid value for " + name + ": " + v);
    }
  }

  /** {@code h} and {@code w} of a {@code resize} (Docker's query), as a terminal's size. */
  dev.hoist.internal.runtime.TerminalSize terminalSize() {
    return new dev.hoist.internal.runtime.TerminalSize((int) number("h", 0),
        (int) number("w", 0));
  }

  InputStream body() {
    return body;
  }

  /**
   * The connection's input after the body: what a hijacked client sends (stdin). Read it only
   * once the answer took the connection over ({@link HttpResponse#hijack}).
   */
  InputStream connection() throws java.io.IOException {
    body.transferTo(java.io.OutputStream.nullOutputStream());
    return connection;
  }

  /** Whether the client asks to take the connection over ({@code Upgrade: tcp}). */
  boolean wantsUpgrade() {
    String connection = header("connection");
    return header("upgrade") != null && connection != null
        && connection.toLowerCase(Locale.ROOT).contains("upgrade");
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return values;
  }

  private static String decode(String s, boolean plusIsSpace) {
    try {
      return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "malformed escape in " + s);
    }
  }

  /** Reads a request head (request line and headers); null at the end of the connection. */
  static Head readHead(InputStream in) throws IOException {
    String line = readLine(in);
    while (line != null && line.isEmpty()) {
      line = readLine(in); // tolerated: empty lines between requests
    }
    if (line == null) {
      return null;
    }
    String[] parts = line.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x request line: " + line);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    int count = 0;
    for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
      if (++count > 200) {
        throw new IOException("too many headers");
      }
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            h.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
      }
    }
    return new Head(parts[0], parts[1], parts[2], headers);
  }

  /** A request's first lines. */
  record Head(String method, String target, String version, Map<String, String> headers) {}

  /** A CRLF- (or LF-) ended line in ISO-8859-1, without its end; null at end of stream. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
          line.setLength(n - 1);
        }
        return line.toString();
      }
      if (line.length() > 16384) {
        throw new IOException("header line too long");
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }
}
