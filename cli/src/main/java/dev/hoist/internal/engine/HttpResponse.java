package dev.hoist.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to one request, written once: a whole body (JSON, text, nothing), a chunked stream
 * (pull progress, logs), or the connection taken over ({@code 101}, then raw bytes: attach).
 */
final class HttpResponse {
  private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
      Map.entry(201, "Created"), Map.entry(204, "No Content"), Map.entry(304, "Not Modified"),
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
      Map.entry(404, "Not Found"), Map.entry(409, "Conflict"),
      Map.entry(500, "Internal Server Error"), Map.entry(101, "UPGRADED"),
      Map.entry(501, "Not Implemented"));

  private final OutputStream out;
  private final boolean head;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private boolean committed;
  private boolean keepAlive = true;

  HttpResponse(OutputStream out, boolean head, Map<String, String> defaults) {
    this.out = out;
    this.head = head;
    this.headers.putAll(defaults);
  }

  boolean committed() {
    return committed;
  }

  /** Whether the connection can take another request after this answer. */
  boolean keepAlive() {
    return keepAlive;
  }

  /** The connection ends with this answer ({@code Connection: close}). */
  HttpResponse closing() {
    keepAlive = false;
    headers.put("Connection", "close");
    return this;
  }

  HttpResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** A JSON body, as hoist's inspect prints it (field for field of the records). */
  void json(int status, Object value) throws IOException {
    byte[] body;
    try {
      body = CanonicalJson.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IOException("cannot write the answer: " + e.getMessage(), e);
    }
    body(status, "application/json", append(body, (byte) '\n'));
  }

  /** Docker's error body. */
  void error(int status, String message) throws IOException {
    json(status, Map.of("message", message == null ? "" : message));
  }

  /** A status with no body ({@code 204}, or a {@code 200}/{@code 201} with nothing to say). */
  void empty(int status) throws IOException {
    if (status == 204 || status == 304) {
      head(status, -1);
      out.flush();
    } else {
      body(status, "text/plain; charset=utf-8", new byte[0]);
    }
  }

  void text(int status, String text) throws IOException {
    body(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  void body(int status, String contentType, byte[] body) throws IOException {
    headers.put("Content-Type", contentType);
    head(status, body.length);
    if (!head) {
      out.write(body);
    }
    out.flush();
  }

  /** A body written as it comes, each flush a chunk; closing the stream ends the answer. */
  OutputStream stream(int status, String contentType) throws IOException {
    headers.put("Content-Type", contentType);
    headers.put("Transfer-Encoding", "chunked");
    head(status, -1);
    out.flush();
    return BodyStreams.chunkedOut(out);
  }

  /**
   * Takes the connection over as Docker's attach does: {@code 101 UPGRADED} when the client
   * asked to upgrade (else {@code 200} with no length), then raw bytes until either side closes.
   */
  OutputStream hijack(boolean upgrade, String contentType) throws IOException {
    keepAlive = false;
    headers.put("Content-Type", contentType);
    if (upgrade) {
      headers.put("Connection", "Upgrade");
      headers.put("Upgrade", "tcp");
    }
    head(upgrade ? 101 : 200, -1);
    out.flush();
    return out;
  }

  private void head(int status, long length) throws IOException {
    if (committed) {
      throw new IllegalStateException("answered already");
    }
    committed = true;
    StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
        .append(REASONS.getOrDefault(status, "Status")).append("\r\n");
    if (length >= 0) {
      headers.put("Content-Length", Long.toString(length));
    }
    headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
    h.append("\r\n");
    out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] append(byte[] body, byte last) {
    byte[] all = java.util.Arrays.copyOf(body, body.length + 1);
    all[body.length] = last;
    return all;
  }
}
