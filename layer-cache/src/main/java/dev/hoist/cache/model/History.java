package dev.hoist.cache.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One entry of an image config's {@code history}: the step that made a layer, or, with
 * {@code empty_layer} true, a step that changed only the config. {@code created} is an RFC 3339
 * timestamp kept as written. {@code empty_layer} is written only when true, as Docker does.
 *
 * @param created when the step ran (RFC 3339), as written
 * @param createdBy the step, such as {@code RUN make}
 * @param author who made it
 * @param comment a comment
 * @param emptyLayer whether the step made no layer
 * @param unknownFields members this model does not know, kept and written back (null: none)
 */
@JsonInclude(Include.NON_NULL)
public record History(
    String created,
    @JsonProperty("created_by") String createdBy,
    String author,
    String comment,
    @JsonProperty("empty_layer") @JsonInclude(Include.NON_DEFAULT) boolean emptyLayer,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> unknownFields) {

  /**
   * Copies the unknown fields.
   *
   * @param created when the step ran (RFC 3339), as written
   * @param createdBy the step, such as {@code RUN make}
   * @param author who made it
   * @param comment a comment
   * @param emptyLayer whether the step made no layer
   * @param unknownFields members this model does not know, kept and written back (null: none)
   */
  public History {
    unknownFields = Copies.unknown(unknownFields);
  }

  /**
   * An entry for a step that made a layer.
   *
   * @param created when the step ran (RFC 3339)
   * @param createdBy the step
   * @return the entry
   */
  public static History layer(String created, String createdBy) {
    return new History(created, createdBy, null, null, false, null);
  }

  /**
   * An entry for a step that changed only the config ({@code empty_layer: true}).
   *
   * @param created when the step ran (RFC 3339)
   * @param createdBy the step
   * @return the entry
   */
  public static History emptyLayer(String created, String createdBy) {
    return new History(created, createdBy, null, null, true, null);
  }
}
