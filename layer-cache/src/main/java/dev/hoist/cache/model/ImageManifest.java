package dev.hoist.cache.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * An image manifest: a config blob and layers. The same type serves the OCI image manifest and
 * Docker's image manifest schema 2 — the two differ only in media types, which {@link
 * #mediaType()} and the descriptors carry ({@link MediaTypes#isDocker} tells them apart).
 * Schema 1 manifests are not supported.
 *
 * @param schemaVersion always 2
 * @param mediaType the manifest's media type (OCI or Docker schema 2)
 * @param artifactType the artifact type, or null
 * @param config the config blob
 * @param layers the layer blobs, base layer first
 * @param subject the manifest this one refers to, or null
 * @param annotations the annotations
 * @param unknownFields members this model does not know, kept and written back (null: none)
 */
@JsonInclude(Include.NON_NULL)
public record ImageManifest(
    int schemaVersion,
    String mediaType,
    String artifactType,
    Descriptor config,
    List<Descriptor> layers,
    Descriptor subject,
    @JsonInclude(Include.NON_EMPTY) Map<String, String> annotations,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> unknownFields) {

  /**
   * Checks schemaVersion 2 and the config, and copies the collections.
   *
   * @param schemaVersion always 2
   * @param mediaType the manifest's media type (OCI or Docker schema 2)
   * @param artifactType the artifact type, or null
   * @param config the config blob
   * @param layers the layer blobs, base layer first
   * @param subject the manifest this one refers to, or null
   * @param annotations the annotations
   * @param unknownFields members this model does not know, kept and written back (null: none)
   */
  public ImageManifest {
    Versions.requireSchema2(schemaVersion, "image manifest");
    if (config == null) {
      throw new IllegalArgumentException("image manifest without config");
    }
    layers = Copies.listOrEmpty(layers);
    annotations = Copies.mapOrEmpty(annotations);
    unknownFields = Copies.unknown(unknownFields);
  }

  /**
   * A manifest of the given media type ({@link MediaTypes#OCI_MANIFEST} or {@link
   * MediaTypes#DOCKER_MANIFEST}) for a config and layers.
   *
   * @param mediaType the media type
   * @param config the config blob
   * @param layers the layer blobs
   * @return the manifest
   */
  public static ImageManifest of(String mediaType, Descriptor config, List<Descriptor> layers) {
    return new ImageManifest(2, mediaType, null, config, layers, null, null, null);
  }

  /**
   * This manifest with other layers.
   *
   * @param layers the layer blobs
   * @return the changed copy
   */
  public ImageManifest withLayers(List<Descriptor> layers) {
    return new ImageManifest(schemaVersion, mediaType, artifactType, config, layers, subject,
        annotations, unknownFields);
  }

  /**
   * This manifest with other annotations.
   *
   * @param annotations the annotations, or null
   * @return the changed copy
   */
  public ImageManifest withAnnotations(Map<String, String> annotations) {
    return new ImageManifest(schemaVersion, mediaType, artifactType, config, layers, subject,
        annotations, unknownFields);
  }
}
