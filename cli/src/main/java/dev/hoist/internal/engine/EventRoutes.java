package dev.hoist.internal.engine;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.list.EventFilter;
import java.io.IOException;
import java.io.OutputStream;

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
      try (ClientWatch watch = ClientWatch.interruptingThisThread(req);
          OutputStream out = res.stream(200, "application/json")) {
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
      }
    });
  }

  /** An empty bound is none (the docker CLI sends {@code since=} without a value). */
  private static String bound(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
