package dev.hoist.internal.engine;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.list.EventFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /events?since=&until=&filters=}: the journal's events ({@link
 * dev.hoist.internal.service.EventService}) as a stream of JSON messages (Docker's
 * {@code EventMessage}, the journal's own shape), the past ones from {@code since}, then live
 * ones until {@code until} (none: until the client goes).
 */
final class EventRoutes {
  private final Hoist hoist;

  EventRoutes(Hoist hoist) {
    this.hoist = hoist;
  }

  void addTo(Router router) {
    router.add("GET", "/events", (req, res, p) -> {
      EventFilter filter = EventFilter.of(bound(req.param("since")), bound(req.param("until")),
          FilterParam.of(req), hoist.context().clock());
      res.closing(); // the client's end of the connection is watched, so it is not reused
      AtomicBoolean done = new AtomicBoolean();
      watch(req, Thread.currentThread(), done);
      try (OutputStream out = res.stream(200, "application/json")) {
        out.flush(); // the status line now: docker events waits for it
        hoist.events().stream(filter, e -> {
          try {
            out.write(CanonicalJson.mapper().writeValueAsBytes(e));
            out.write('\n');
            out.flush();
            return true;
          } catch (IOException gone) {
            return false; // the client went away
          }
        });
      } catch (IOException | InterruptedException gone) {
        // the client went away
      } finally {
        done.set(true);
        Thread.interrupted(); // an interruption from the watcher ends here
      }
    });
  }

  /**
   * Interrupts {@code streaming} when the client closes its end: a stream with no event to
   * send would not notice otherwise, and would hold its thread and keep the service busy.
   */
  private static void watch(HttpRequest req, Thread streaming, AtomicBoolean done)
      throws IOException {
    InputStream in = req.connection();
    Thread watcher = new Thread(() -> {
      try {
        while (in.read() >= 0) {
          // a client sends nothing more on a stream it reads
        }
      } catch (IOException closed) {
        // the same: its end is gone
      }
      if (!done.get()) {
        streaming.interrupt();
      }
    }, "hoist-api-events-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** An empty bound is none (the docker CLI sends {@code since=} without a value). */
  private static String bound(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
