package dev.hoist.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

/**
 * An open response from a registry; close it to give the connection back to the pool. Its body
 * is read under limits: at most the bytes the caller expects (one more, to tell that there are
 * more), the request's {@link Deadline} while the answer is read into memory, the minimum transfer
 * rate while it is streamed. Closing before the end of the body closes the connection instead
 * of reading the rest (a body may never end).
 */
final class RegistryResponse implements Closeable {
  private static final ObjectMapper JSON = CanonicalJson.mapper();
  /** An unread body up to this size is read on close, so that the connection can be reused. */
  private static final int REUSE_LIMIT = 64 * 1024;

  private final ClassicHttpResponse response;
  private final Cancellable request;
  private final URI uri;
  private final Deadline deadline;
  private final String registry;
  private final String what;
  private final RegistryLimits limits;
  private LimitedBody body;
  private boolean aborted;

  RegistryResponse(ClassicHttpResponse response, Cancellable request, URI uri, Deadline deadline,
      String registry, String what, RegistryLimits limits) {
    this.response = response;
    this.request = request;
    this.uri = uri;
    this.deadline = deadline;
    this.registry = registry;
    this.what = what;
    this.limits = limits;
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

  /**
   * Whether the body's end is announced (a Content-Length or chunked encoding): an end of stream
   * then means the registry sent all it meant to, not that the connection broke.
   */
  boolean framed() {
    HttpEntity e = response.getEntity();
    return e != null && (e.getContentLength() >= 0 || e.isChunked());
  }

  long contentLength() {
    HttpEntity e = response.getEntity();
    return e == null ? -1 : e.getContentLength();
  }

  /**
   * The body, streamed: the response deadline no longer applies, the minimum transfer rate does;
   * more than {@code maxBytes} bytes end in a {@link RegistryException.Kind#CORRUPT} error saying
   * {@code tooLarge}.
   */
  InputStream stream(long maxBytes, String tooLarge) throws IOException {
    deadline.disarm();
    return open(maxBytes, tooLarge, true);
  }

  private LimitedBody open(long maxBytes, String tooLarge, boolean streaming) throws IOException {
    if (body != null) {
      throw new IllegalStateException("the body of a response is read once");
    }
    HttpEntity e = response.getEntity();
    body = new LimitedBody(e == null ? InputStream.nullInputStream() : e.getContent(), maxBytes, tooLarge,
        streaming);
    return body;
  }

  /** The whole body; only for small bodies (manifests, JSON answers), at most {@code limit} bytes. */
  byte[] bytes(long limit) throws IOException {
    return bytes(limit, null);
  }

  /** {@link #bytes(long)}, naming the {@link RegistryLimits} setting of the limit in the error. */
  byte[] bytes(long limit, String setting) throws IOException {
    String tooLarge = "the answer of " + registry + " to " + what + " is larger than " + limit + " bytes"
        + (setting == null ? "" : " (the limit " + setting + ": " + RegistryLimits.hint(setting) + ")");
    try (InputStream in = open(limit, tooLarge, false)) {
      return in.readAllBytes();
    } finally {
      deadline.disarm();
    }
  }

  /** The message of a registry error body ({@code {"errors":[{"code","message"}]}}), or "". */
  String errorText() {
    try {
      byte[] data = bytes(REUSE_LIMIT);
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

  /**
   * Reads what is left of a small body (under the response deadline) so that the connection can
   * be reused; a larger or endless one closes the connection instead.
   */
  void discard() {
    if (response.getEntity() == null) {
      return; // HEAD, 204, 304: nothing follows the head
    }
    if (body == null) {
      long length = contentLength();
      if (length >= 0 && length <= REUSE_LIMIT) {
        try (InputStream in = open(REUSE_LIMIT, "an unread answer", false)) {
          in.transferTo(OutputStreamNull.INSTANCE);
        } catch (IOException | RuntimeException e) {
          abort();
        }
      }
    }
    if (body != null && !body.atEnd && body.count >= contentLength() && contentLength() >= 0) {
      try {
        body.read(); // all announced bytes were read: this only sees the end, so the connection is reused
      } catch (IOException | RuntimeException e) {
        abort();
      }
    }
    if (body == null || !body.atEnd) {
      abort();
    }
  }

  /** Closes the connection under the response (an unfinished body is not read on). */
  void abort() {
    if (!aborted) {
      aborted = true;
      request.cancel();
    }
  }

  /** Closes after a broken transfer, where closing the dead connection may fail too. */
  void closeQuietly() {
    try {
      close();
    } catch (IOException ignored) {
      // the connection is gone either way
    }
  }

  /** Closes; a small unread body is read first so the connection goes back to the pool. */
  @Override
  public void close() throws IOException {
    try {
      if (!aborted && (body == null || !body.atEnd)) {
        discard();
      }
    } finally {
      deadline.disarm();
      try {
        response.close();
      } catch (IOException e) {
        if (!aborted) {
          throw e;
        }
      }
    }
  }

  /** An OutputStream that drops everything (Java 17 has none built in). */
  private static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  /**
   * The body under its limits. Failures are reported as what they are: the deadline, the read
   * timeout, a rate too low, too many bytes; a broken connection stays a plain IOException (which
   * a download resumes from).
   */
  private final class LimitedBody extends InputStream {
    private final InputStream in;
    private final long max;
    private final String tooLarge;
    private final boolean streaming;
    private long count;
    private long windowStart = System.nanoTime();
    private long windowBytes;
    boolean atEnd;

    LimitedBody(InputStream in, long max, String tooLarge, boolean streaming) {
      this.in = in;
      this.max = max;
      this.tooLarge = tooLarge;
      this.streaming = streaming;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (atEnd) {
        return -1;
      }
      int want = (int) Math.min(len, max - count + 1); // one past the limit tells there is more
      int n;
      try {
        n = in.read(b, off, want);
      } catch (IOException e) {
        throw translate(e);
      }
      if (n < 0) {
        atEnd = true;
        return -1;
      }
      count += n;
      if (count > max) {
        abort();
        throw new RegistryException(RegistryException.Kind.CORRUPT, tooLarge);
      }
      if (streaming) {
        checkRate(n);
      }
      return n;
    }

    private void checkRate(int n) throws RegistryTimeout {
      long rate = limits.minTransferRate();
      if (rate <= 0) {
        return;
      }
      windowBytes += n;
      long window = limits.readTimeout().toNanos();
      long elapsed = System.nanoTime() - windowStart;
      if (elapsed < window) {
        return;
      }
      double seconds = elapsed / 1e9;
      if (windowBytes < rate * seconds) {
        abort();
        throw new RegistryTimeout(RegistryTimeout.Phase.RATE, registry + " sent only " + windowBytes
            + " bytes in " + Math.round(seconds) + " s when asked to " + what + ", less than the minimum of "
            + rate + " bytes/s (" + RegistryLimits.hint(RegistryLimits.MIN_TRANSFER_RATE) + ")", null);
      }
      windowStart = System.nanoTime();
      windowBytes = 0;
    }

    private IOException translate(IOException e) {
      if (e instanceof RegistryException) {
        return e;
      }
      if (deadline.expired()) {
        return new RegistryTimeout(RegistryTimeout.Phase.RESPONSE, registry + " did not finish answering"
            + " within " + Durations.text(deadline.duration()) + " when asked to " + what
            + " (the response deadline: " + RegistryLimits.hint(RegistryLimits.RESPONSE_TIMEOUT) + ")", e);
      }
      if (e instanceof SocketTimeoutException) {
        abort();
        return new RegistryTimeout(RegistryTimeout.Phase.READ, registry + " sent nothing for "
            + Durations.text(limits.readTimeout()) + " when asked to " + what + " (after " + count
            + " bytes; the read timeout: " + RegistryLimits.hint(RegistryLimits.READ_TIMEOUT) + ")", e);
      }
      return e;
    }

    @Override
    public void close() {
      // the response closes the stream (reading on, or closing the connection)
    }
  }
}
