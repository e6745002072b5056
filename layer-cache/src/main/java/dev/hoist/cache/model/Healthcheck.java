package dev.hoist.cache.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A container config's {@code Healthcheck}. {@code Test} is {@code ["NONE"]}, {@code ["CMD",
 * args…]} or {@code ["CMD-SHELL", command]}; the durations are nanoseconds, as Go's
 * {@code time.Duration} writes them (null or 0: inherit the default).
 *
 * @param test {@code Test}: {@code ["NONE"]}, {@code ["CMD", args…]} or {@code ["CMD-SHELL", command]}
 * @param interval {@code Interval} in nanoseconds
 * @param timeout {@code Timeout} in nanoseconds
 * @param startPeriod {@code StartPeriod} in nanoseconds
 * @param startInterval {@code StartInterval} in nanoseconds
 * @param retries {@code Retries}: failures in a row that make a container unhealthy
 * @param unknownFields members this model does not know, kept and written back (null: none)
 */
@JsonInclude(Include.NON_NULL)
public record Healthcheck(
    @JsonProperty("Test") List<String> test,
    @JsonProperty("Interval") Long interval,
    @JsonProperty("Timeout") Long timeout,
    @JsonProperty("StartPeriod") Long startPeriod,
    @JsonProperty("StartInterval") Long startInterval,
    @JsonProperty("Retries") Integer retries,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> unknownFields) {

  /**
   * Copies the collections.
   *
   * @param test {@code Test}: {@code ["NONE"]}, {@code ["CMD", args…]} or {@code ["CMD-SHELL", command]}
   * @param interval {@code Interval} in nanoseconds
   * @param timeout {@code Timeout} in nanoseconds
   * @param startPeriod {@code StartPeriod} in nanoseconds
   * @param startInterval {@code StartInterval} in nanoseconds
   * @param retries {@code Retries}: failures in a row that make a container unhealthy
   * @param unknownFields members this model does not know, kept and written back (null: none)
   */
  public Healthcheck {
    test = Copies.list(test);
    unknownFields = Copies.unknown(unknownFields);
  }

  /**
   * Nanoseconds for a duration, as the duration fields hold them; null for null.
   *
   * @param duration the duration, or null
   * @return its nanoseconds, or null
   */
  public static Long nanos(Duration duration) {
    return duration == null ? null : duration.toNanos();
  }
}
