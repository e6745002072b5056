package dev.hoist.internal.service.docker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageConfig;
import java.util.List;

/**
 * {@code docker image inspect}'s object, the Engine API's {@code ImageInspect}: the image's ID
 * (its config's digest), the names pointing to it, its config as Docker's {@link RunConfig},
 * platform, size, layers ({@code RootFS}, diff IDs) and where they are ({@code GraphDriver}).
 * {@code Descriptor} is the manifest's OCI descriptor (the API's 1.48 field).
 *
 * @param created RFC 3339 with nanoseconds ({@link DockerTime}), empty when the image has none
 * @param size the bytes of its config and layers as stored
 */
public record ImageInspect(
    @JsonProperty("Id") String id,
    @JsonProperty("RepoTags") List<String> repoTags,
    @JsonProperty("RepoDigests") List<String> repoDigests,
    @JsonProperty("Parent") String parent,
    @JsonProperty("Comment") String comment,
    @JsonProperty("Created") String created,
    @JsonProperty("DockerVersion") String dockerVersion,
    @JsonProperty("Author") String author,
    @JsonProperty("Config") RunConfig config,
    @JsonProperty("Architecture") String architecture,
    @JsonProperty("Variant") @JsonInclude(Include.NON_EMPTY) String variant,
    @JsonProperty("Os") String os,
    @JsonProperty("OsVersion") @JsonInclude(Include.NON_EMPTY) String osVersion,
    @JsonProperty("Size") long size,
    @JsonProperty("GraphDriver") GraphDriver graphDriver,
    @JsonProperty("RootFS") RootFs rootFs,
    @JsonProperty("Metadata") Metadata metadata,
    @JsonProperty("Descriptor") @JsonInclude(Include.NON_NULL) Descriptor descriptor,
    @JsonProperty("Manifests") @JsonInclude(Include.NON_NULL) List<Manifest> manifests) {

  public ImageInspect {
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
    manifests = manifests == null ? null : List.copyOf(manifests);
  }

  /**
   * One entry of a multi-platform image's index (the API's 1.48 {@code ImageManifestSummary}):
   * its digest, descriptor, whether the store holds it, and its platform.
   */
  public record Manifest(@JsonProperty("ID") String id,
      @JsonProperty("Descriptor") Descriptor descriptor,
      @JsonProperty("Available") boolean available,
      @JsonProperty("Kind") String kind,
      @JsonProperty("ImageData") ImageData imageData) {}

  /** {@code ImageData}: the platform of an index entry that is an image. */
  public record ImageData(@JsonProperty("Platform") @JsonInclude(Include.NON_NULL)
      dev.hoist.cache.model.Platform platform) {}

  /**
   * This inspect of an index's image for this machine: {@code Descriptor} the index's, and
   * {@code Manifests} its entries.
   */
  public ImageInspect ofIndex(Descriptor index, List<Manifest> entries) {
    return new ImageInspect(id, repoTags, repoDigests, parent, comment, created, dockerVersion,
        author, config, architecture, variant, os, osVersion, size, graphDriver, rootFs,
        metadata, index, entries);
  }

  /** {@code RootFS}: {@code layers} and the layers' diff IDs, base first. */
  public record RootFs(@JsonProperty("Type") String type,
      @JsonProperty("Layers") List<String> layers) {
    public RootFs {
      layers = List.copyOf(layers);
    }
  }

  /** {@code Metadata}: what the local store knows beside the image (when it was last tagged). */
  public record Metadata(
      @JsonProperty("LastTagTime") @JsonInclude(Include.NON_NULL) String lastTagTime) {}

  /**
   * The shape of {@code config} for an image of ID {@code id}; {@code repoTags} and
   * {@code repoDigests} as Docker spells them ({@code busybox:latest},
   * {@code busybox@sha256:…}).
   */
  public static ImageInspect of(String id, List<String> repoTags, List<String> repoDigests,
      ImageConfig config, long size, GraphDriver graphDriver, Descriptor manifest) {
    return new ImageInspect(id, repoTags, repoDigests, "", text(config, "comment"),
        DockerTime.of(config.created(), ""), text(config, "docker_version"),
        RunConfig.nullToEmpty(config.author()), RunConfig.ofImage(config.config()),
        RunConfig.nullToEmpty(config.architecture()), config.variant(),
        RunConfig.nullToEmpty(config.os()), config.osVersion(), size, graphDriver,
        new RootFs(config.rootfs().type() == null ? "layers" : config.rootfs().type(),
            config.diffIds().stream().map(Digest::toString).toList()),
        new Metadata(null), manifest, null);
  }

  /** A Docker field of the config that the OCI model keeps among its unknown fields. */
  private static String text(ImageConfig config, String field) {
    JsonNode value = config.unknownFields().get(field);
    return value == null || !value.isTextual() ? "" : value.asText();
  }
}
