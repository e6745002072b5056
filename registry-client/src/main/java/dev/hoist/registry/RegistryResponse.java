package dev.hoist.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cache.model.CanonicalJson;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** An open response from a registry; close it to give the connection back to the pool. */
final class RegistryResponse implements Closeable {
  private static final ObjectMapper JSON = CanonicalJson.mapper();
  private final ClassicHttpResponse response;
  private final URI uri;

  RegistryResponse(ClassicHttpResponse response, URI uri) {
    this.response = response;
    this.uri = uri;
  }

  int status() {
    return response.getCode();
  }

  /** The URI the request went to (after redirects). */
  URI uri() {
    return uri;
  }

  String header(String name) {
    Header h = response.getFirstHeader(name);
    return h == null ? null : h.getValue();
  }

  List<String> headers(String name) {
    List<String> values = new ArrayList<>();
    for (Header h : response.getHeaders(name)) {
      values.add(h.getValue());
    }
    return values;
  }

  /** A header's URI resolved against the request's (Location, Link). */
  URI resolve(String reference) {
    return uri.resolve(reference);
  }

  long contentLength() {
    HttpEntity e = response.getEntity();
    return e == null ? -1 : e.getContentLength();
  }

  InputStream body() throws IOException {
    HttpEntity e = response.getEntity();
    return e == null ? InputStream.nullInputStream() : e.getContent();
  }

  /** The whole body; only for small bodies (manifests, JSON answers), at most {@code limit} bytes. */
  byte[] bytes(int limit) throws IOException {
    try (InputStream in = body()) {
      byte[] data = in.readNBytes(limit + 1);
      if (data.length > limit) {
        throw new RegistryException(RegistryException.Kind.FAILED,
            "the answer from " + uri.getHost() + " is larger than " + limit + " bytes");
      }
      return data;
    }
  }

  /** The message of a registry error body ({@code {"errors":[{"code","message"}]}}), or "". */
  String errorText() {
    try {
      byte[] data = bytes(64 * 1024);
      JsonNode errors = JSON.readTree(data).path("errors");
      List<String> parts = new ArrayList<>();
      for (JsonNode e : errors) {
        String code = e.path("code").asText("");
        String message = e.path("message").asText("");
        parts.add(code.isEmpty() ? message : code + (message.isEmpty() ? "" : ": " + message));
      }
      return parts.isEmpty() ? new String(data, StandardCharsets.UTF_8).strip() : String.join("; ", parts);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** Reads what is left of the body so that the connection can be reused. */
  void discard() {
    EntityUtils.consumeQuietly(response.getEntity());
  }

  /** Closes after a broken transfer, where closing the dead connection may fail too. */
  void closeQuietly() {
    try {
      response.close();
    } catch (IOException ignored) {
      // the connection is gone either way
    }
  }

  /** Closes; a small unread body is read first so the connection goes back to the pool. */
  @Override
  public void close() throws IOException {
    long length = contentLength();
    if (length >= 0 && length <= 64 * 1024) {
      discard();
    }
    response.close();
  }
}
