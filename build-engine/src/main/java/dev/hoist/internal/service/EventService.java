package dev.hoist.internal.service;

import dev.hoist.internal.runtime.events.EventJournal;
import dev.hoist.internal.service.list.EventFilter;
import java.io.IOException;

/**
 * {@code docker events} (and the Engine API's {@code GET /events}): the events of the home's
 * journal ({@link EventJournal}) that an {@link EventFilter} selects, in order; live ones as
 * they are appended, until the filter's {@code until} (none: until the caller stops).
 */
public final class EventService {
  private final HoistContext context;

  EventService(HoistContext context) {
    this.context = context;
  }

  /** The journal every service and the runtime library append to. */
  public EventJournal journal() {
    return EventJournal.of(context.home().root(), context.diagnostics());
  }

  /**
   * Appends Docker's {@code prune} event of {@code type} ({@code container}, {@code image},
   * {@code volume}, {@code network}) to the context's journal: no actor ID, the bytes freed as
   * its {@code reclaimed} attribute (null: none, as Docker's network prune).
   */
  static void pruned(HoistContext context, String type, Long reclaimed) {
    EventJournal.of(context.home().root(), context.diagnostics()).append(
        dev.hoist.internal.runtime.events.Event.of(type, "prune", "", reclaimed == null
            ? java.util.Map.of() : java.util.Map.of("reclaimed", Long.toString(reclaimed))));
  }

  /**
   * Hands {@code sink} the events {@code filter} selects: those on record since its
   * {@code since} (none without it), then those that arrive, until its {@code until} has passed
   * (without one: until the sink returns false or the thread is interrupted).
   */
  public void stream(EventFilter filter, EventJournal.Sink sink)
      throws IOException, InterruptedException {
    journal().read(filter.since(), filter.until(), true,
        e -> !filter.matches(e) || sink.accept(e));
  }
}
