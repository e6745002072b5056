package dev.hoist.cache.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An image index: manifests for several platforms (or other artifacts). The same type serves
 * the OCI image index and Docker's manifest list; the media type tells them apart.
 *
 * @param schemaVersion always 2
 * @param mediaType the index's media type (OCI index or Docker manifest list)
 * @param artifactType the artifact type, or null
 * @param manifests the manifests (or indexes) it lists
 * @param subject the manifest this one refers to, or null
 * @param annotations the annotations
 * @param unknownFields members this model does not know, kept and written back (null: none)
 */
@JsonInclude(Include.NON_NULL)
public record ImageIndex(
    int schemaVersion,
    String mediaType,
    String artifactType,
    List<Descriptor> manifests,
    Descriptor subject,
    @JsonInclude(Include.NON_EMPTY) Map<String, String> annotations,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> unknownFields) {

  /**
   * Checks schemaVersion 2 and copies the collections.
   *
   * @param schemaVersion always 2
   * @param mediaType the index's media type (OCI index or Docker manifest list)
   * @param artifactType the artifact type, or null
   * @param manifests the manifests (or indexes) it lists
   * @param subject the manifest this one refers to, or null
   * @param annotations the annotations
   * @param unknownFields members this model does not know, kept and written back (null: none)
   */
  public ImageIndex {
    Versions.requireSchema2(schemaVersion, "image index");
    manifests = Copies.listOrEmpty(manifests);
    annotations = Copies.mapOrEmpty(annotations);
    unknownFields = Copies.unknown(unknownFields);
  }

  /**
   * An index of the given media type ({@link MediaTypes#OCI_INDEX} or the Docker list).
   *
   * @param mediaType the media type
   * @param manifests the entries
   * @return the index
   */
  public static ImageIndex of(String mediaType, List<Descriptor> manifests) {
    return new ImageIndex(2, mediaType, null, manifests, null, null, null);
  }

  /**
   * The entry to use on {@code wanted}: an exact (normalized) platform match if there is one,
   * else the best fallback {@link PlatformMatcher} allows (e.g. arm/v6 for arm/v7), the first
   * in index order among equals. Entries without a platform, and attestations
   * ({@code unknown/unknown}), are never chosen. The entry may itself be an index.
   *
   * @param wanted the platform wanted
   * @return the best entry for it, if any
   */
  public Optional<Descriptor> manifestFor(Platform wanted) {
    Objects.requireNonNull(wanted, "wanted");
    Descriptor best = null;
    int bestRank = Integer.MAX_VALUE;
    for (Descriptor d : manifests) {
      if (d.platform() == null) {
        continue;
      }
      int rank = PlatformMatcher.rank(wanted, d.platform());
      if (rank >= 0 && rank < bestRank) {
        best = d;
        bestRank = rank;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The platforms of the entries that have one, in index order (for error messages).
   *
   * @return the platforms of the entries, in order
   */
  public List<Platform> platforms() {
    return manifests.stream().map(Descriptor::platform).filter(Objects::nonNull).toList();
  }
}
