package dev.hoist.internal.service.list;

import dev.hoist.internal.runtime.events.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker events}' selection, as moby's {@code daemon/events.Filter}: {@code --since} and
 * {@code --until} (Unix seconds, an RFC 3339 date or time, or a Go duration back from now, as
 * docker's {@code timetypes.GetTimestamp}), and the filters {@code type}, {@code event} (the
 * action; {@code health_status}, {@code exec_create} and {@code exec_start} also match their
 * {@code health_status: …} forms), {@code container}, {@code volume}, {@code network} (each the
 * actor's ID or name, or a prefix of either), {@code image} (the image's ID or name, with or
 * without its tag), {@code label} (the actor's attributes) and {@code scope}.
 */
public final class EventFilter {
  public static final Set<String> KEYS = Set.of("container", "event", "image", "label",
      "network", "scope", "type", "volume", "daemon", "plugin", "node", "service", "secret",
      "config");

  private final Filters filters;
  private final Instant since;
  private final Instant until;

  private EventFilter(Filters filters, Instant since, Instant until) {
    this.filters = filters;
    this.since = since;
    this.until = until;
  }

  /**
   * The selection of {@code since} and {@code until} (null: not given) and {@code filters},
   * read at {@code clock}'s now.
   *
   * @throws InvalidFilterException for a key {@code docker events} does not take
   * @throws IllegalArgumentException for a time that is none
   */
  public static EventFilter of(String since, String until, Filters filters, Clock clock) {
    filters.validate(KEYS);
    return new EventFilter(filters, since == null ? null : Timestamps.parse(since, clock),
        until == null ? null : Timestamps.parse(until, clock));
  }

  /** {@code --since}, or null: from now on. */
  public Instant since() {
    return since;
  }

  /** {@code --until}, or null: no end. */
  public Instant until() {
    return until;
  }

  /** Whether {@code e} is selected (its time aside). */
  public boolean matches(Event e) {
    Map<String, String> attributes = e.actor().attributes();
    return matchAction(e.action())
        && filters.exactMatch("type", e.type())
        && filters.exactMatch("scope", e.scope())
        && fuzzyName("container", e)
        && fuzzyName("volume", e)
        && fuzzyName("network", e)
        && matchImage(e)
        && filters.matchLabels("label", attributes)
        && absent("daemon", "plugin", "node", "service", "secret", "config");
  }

  /** Keys hoist has no events for (no daemon, swarm, plugins): given, they select nothing. */
  private boolean absent(String... keys) {
    for (String key : keys) {
      if (filters.contains(key)) {
        return false;
      }
    }
    return true;
  }

  private boolean matchAction(String action) {
    for (String prefixed : Set.of("health_status", "exec_create", "exec_start")) {
      if (filters.get("event").contains(prefixed)) {
        return filters.fuzzyMatch("event", action);
      }
    }
    return filters.exactMatch("event", action);
  }

  private boolean fuzzyName(String key, Event e) {
    String name = e.actor().attributes().get("name");
    return filters.fuzzyMatch(key, e.actor().id())
        || name != null && filters.fuzzyMatch(key, name);
  }

  private boolean matchImage(Event e) {
    String id = e.actor().id();
    String name = e.actor().attributes().getOrDefault(
        e.type().equals(Event.IMAGE) ? "name" : "image", "");
    return filters.exactMatch("image", id) || filters.exactMatch("image", name)
        || filters.exactMatch("image", stripTag(id))
        || filters.exactMatch("image", stripTag(name));
  }

  /** moby's {@code stripTag}: a name without its tag (a digest kept). */
  private static String stripTag(String image) {
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (image.contains("@") || colon <= slash || image.startsWith("sha256:")) {
      return image;
    }
    return image.substring(0, colon);
  }
}
