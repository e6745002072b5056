package dev.hoist.internal.runtime.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One event, in the shape of Docker's {@code EventMessage} (moby's {@code api/swagger.yaml}) as
 * the journal holds it, one JSON object per line: {@code Type} (container, image, volume,
 * network), {@code Action} as Docker names it ({@code start}, {@code die},
 * {@code health_status: healthy}, …), the {@code Actor} (its ID and attributes: a container's
 * image, name and labels, {@code exitCode}, {@code signal}, …), {@code scope} ({@code local}),
 * {@code time} and {@code timeNano}; for containers and images also Docker's legacy
 * {@code status} (the action), {@code id} (the actor's) and, for containers, {@code from} (the
 * image).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"status", "id", "from", "Type", "Action", "Actor", "scope", "time",
    "timeNano"})
public record Event(
    @JsonProperty("status") String status,
    @JsonProperty("id") String id,
    @JsonProperty("from") String from,
    @JsonProperty("Type") String type,
    @JsonProperty("Action") String action,
    @JsonProperty("Actor") Actor actor,
    @JsonProperty("scope") String scope,
    @JsonProperty("time") long time,
    @JsonProperty("timeNano") long timeNano) {

  public static final String CONTAINER = "container";
  public static final String IMAGE = "image";
  public static final String VOLUME = "volume";
  public static final String NETWORK = "network";

  /** What the event is about: its ID (or name) and its attributes, by key. */
  public record Actor(@JsonProperty("ID") String id,
      @JsonProperty("Attributes") Map<String, String> attributes) {
    public Actor {
      Objects.requireNonNull(id, "id");
      attributes = attributes == null ? Map.of()
          : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
  }

  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    scope = scope == null ? "local" : scope;
  }

  /**
   * The event of {@code type} and {@code action} about {@code actorId} with {@code attributes}
   * at {@code at}, with Docker's legacy fields where Docker has them.
   */
  public static Event of(String type, String action, String actorId,
      Map<String, String> attributes, Instant at) {
    boolean legacy = type.equals(CONTAINER) || type.equals(IMAGE);
    long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
    String from = type.equals(CONTAINER) && attributes != null ? attributes.get("image") : null;
    return new Event(legacy ? action : null, legacy ? actorId : null, from, type, action,
        new Actor(actorId, attributes), "local", at.getEpochSecond(), nanos);
  }

  /** As {@link #of(String, String, String, Map, Instant)}, now. */
  public static Event of(String type, String action, String actorId,
      Map<String, String> attributes) {
    return of(type, action, actorId, attributes, Instant.now());
  }

  /** When it happened. */
  public Instant instant() {
    return Instant.ofEpochSecond(0, timeNano);
  }
}
