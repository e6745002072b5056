package dev.hoist.cache.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * An image config's {@code rootfs}: {@code type} (always {@code layers}) and the
 * {@code diff_ids}, the digests of the uncompressed layer tars, base layer first.
 *
 * @param type always {@code layers}
 * @param diffIds the digests of the uncompressed layer tars, base layer first
 * @param unknownFields members this model does not know, kept and written back (null: none)
 */
@JsonInclude(Include.NON_NULL)
public record RootFs(
    String type,
    @JsonProperty("diff_ids") List<Digest> diffIds,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> unknownFields) {

  /** The only rootfs type the specs define. */
  public static final String LAYERS = "layers";

  /**
   * Copies the collections; a missing {@code diff_ids} is an empty list.
   *
   * @param type always {@code layers}
   * @param diffIds the digests of the uncompressed layer tars, base layer first
   * @param unknownFields members this model does not know, kept and written back (null: none)
   */
  public RootFs {
    diffIds = Copies.listOrEmpty(diffIds);
    unknownFields = Copies.unknown(unknownFields);
  }

  /**
   * A {@code layers} rootfs with these diff IDs.
   *
   * @param diffIds the diff IDs
   * @return the rootfs
   */
  public static RootFs layers(List<Digest> diffIds) {
    return new RootFs(LAYERS, diffIds, null);
  }

  /**
   * This rootfs with other diff IDs.
   *
   * @param diffIds the diff IDs
   * @return the changed copy
   */
  public RootFs withDiffIds(List<Digest> diffIds) {
    return new RootFs(type, diffIds, unknownFields);
  }
}
