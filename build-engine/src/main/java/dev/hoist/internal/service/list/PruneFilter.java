package dev.hoist.internal.service.list;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --filter} of Docker's prune commands: {@code until=TIME} (what was made before it:
 * a Go duration back from now such as {@code 24h}, an RFC 3339 date or time, or Unix seconds, as
 * docker's {@code timetypes.GetTimestamp}), {@code label=K[=V]} (only what has the label) and
 * {@code label!=K[=V]} (only what lacks it).
 */
public final class PruneFilter {
  public static final Set<String> KEYS = Set.of("until", "label", "label!");
  public static final PruneFilter NONE = new PruneFilter(Filters.NONE, null);

  private final Filters filters;
  private final Instant until;

  private PruneFilter(Filters filters, Instant until) {
    this.filters = filters;
    this.until = until;
  }

  /**
   * The prune filter {@code filters} give, read at {@code clock}'s now.
   *
   * @throws InvalidFilterException for a key a prune does not take
   * @throws IllegalArgumentException for an {@code until} that is no time
   */
  public static PruneFilter of(Filters filters, Clock clock) {
    filters.validate(KEYS);
    Instant until = null;
    for (String value : filters.get("until")) {
      Instant t = Timestamps.parse(value, clock);
      until = until == null || t.isBefore(until) ? t : until;
    }
    return new PruneFilter(filters, until);
  }

  /** The {@code until} time, or null when none was given. */
  public Instant until() {
    return until;
  }

  /** Whether something made at {@code created} (null: unknown) with {@code labels} is pruned. */
  public boolean matches(Instant created, Map<String, String> labels) {
    if (until != null && (created == null || !created.isBefore(until))) {
      return false;
    }
    return filters.matchLabels("label", labels) && filters.matchNoLabel("label!", labels);
  }
}
