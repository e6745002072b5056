package dev.hoist.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A stream of JSON messages, one a line, as Docker's pull and build progress: the answer
 * ({@code 200}, chunked) begins with the first message, so that a failure before it is still
 * an error status; one after it is Docker's {@code {"errorDetail":…,"error":…}} message.
 * Safe for several threads (a pull's blobs are told from several).
 */
final class JsonStream implements AutoCloseable {
  private final HttpResponse response;
  private OutputStream out;

  JsonStream(HttpResponse response) {
    this.response = response;
  }

  /** Whether a message was sent (the answer has begun). */
  synchronized boolean started() {
    return out != null;
  }

  synchronized void send(Object message) {
    try {
      if (out == null) {
        out = response.stream(200, "application/json");
      }
      out.write(CanonicalJson.mapper().writeValueAsBytes(message));
      out.write('\n');
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the client went away: the work stops
    }
  }

  /** Work that sends this stream's messages. */
  interface Work {
    void run() throws IOException;
  }

  /**
   * Runs {@code work}: its failure is told as Docker's error message (the answer begins with it
   * when nothing was sent yet); a client that went away (a send failed) ends it quietly.
   */
  void run(Work work) {
    try {
      work.run();
    } catch (UncheckedIOException gone) {
      // the client is gone: the work stops with it
    } catch (IOException | RuntimeException e) {
      error(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** Docker's error message in a stream already begun. */
  void error(String message) {
    send(Map.of("errorDetail", Map.of("message", message), "error", message));
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
