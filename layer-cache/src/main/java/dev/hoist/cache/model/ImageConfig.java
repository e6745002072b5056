package dev.hoist.cache.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image config, the blob a manifest's {@code config} points to (OCI
 * {@code application/vnd.oci.image.config.v1+json} and Docker's
 * {@code application/vnd.docker.container.image.v1+json} alike). {@code config} and
 * {@code rootfs} are never null (a missing one reads as empty). Docker's extra fields
 * ({@code container}, {@code container_config}, {@code docker_version}, …) are kept in
 * {@link #unknownFields()}. Start a new one with {@link #of(Platform)} and change it with the
 * {@code with…}/{@code plus…} methods.
 *
 * @param created when the image was made (RFC 3339), as written
 * @param author who made it
 * @param architecture the CPU architecture, such as {@code amd64}
 * @param os the operating system, such as {@code linux}
 * @param osVersion the OS version
 * @param osFeatures the OS features
 * @param variant the CPU variant, such as {@code v8}
 * @param config how to run a container from the image
 * @param rootfs the layers' diff IDs
 * @param history the steps that made the image
 * @param unknownFields members this model does not know, kept and written back (null: none)
 */
@JsonInclude(Include.NON_NULL)
public record ImageConfig(
    String created,
    String author,
    String architecture,
    String os,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("os.features") @JsonInclude(Include.NON_EMPTY) List<String> osFeatures,
    String variant,
    ContainerConfig config,
    RootFs rootfs,
    @JsonInclude(Include.NON_EMPTY) List<History> history,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> unknownFields) {

  /**
   * Fills in an empty config and rootfs when missing and copies the collections.
   *
   * @param created when the image was made (RFC 3339), as written
   * @param author who made it
   * @param architecture the CPU architecture, such as {@code amd64}
   * @param os the operating system, such as {@code linux}
   * @param osVersion the OS version
   * @param osFeatures the OS features
   * @param variant the CPU variant, such as {@code v8}
   * @param config how to run a container from the image
   * @param rootfs the layers' diff IDs
   * @param history the steps that made the image
   * @param unknownFields members this model does not know, kept and written back (null: none)
   */
  public ImageConfig {
    osFeatures = Copies.listOrEmpty(osFeatures);
    config = config == null ? ContainerConfig.EMPTY : config;
    rootfs = rootfs == null ? RootFs.layers(List.of()) : rootfs;
    history = Copies.listOrEmpty(history);
    unknownFields = Copies.unknown(unknownFields);
  }

  /**
   * An empty config (no layers, no history, nothing to run) for a platform.
   *
   * @param platform the platform
   * @return an empty config for that platform
   */
  public static ImageConfig of(Platform platform) {
    return new ImageConfig(null, null, platform.architecture(), platform.os(),
        platform.osVersion(), platform.osFeatures(), platform.variant(), null, null, null, null);
  }

  /**
   * The platform this image is for.
   *
   * @return the platform, from {@code os}, {@code architecture}, {@code variant} and the OS fields
   */
  public Platform platform() {
    return new Platform(architecture, os, osVersion, osFeatures, variant, null, null);
  }

  /**
   * The platform this image declares, if any: empty when the config names no {@code os} or no
   * {@code architecture} (an image made by hand, or by an old tool), which callers take as it
   * is rather than refuse.
   *
   * @return the platform, or empty
   */
  public Optional<Platform> declaredPlatform() {
    if (architecture == null || architecture.isEmpty() || os == null || os.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(platform());
  }

  /**
   * The diff IDs of the layers, base first.
   *
   * @return the layers' diff IDs, base layer first
   */
  public List<Digest> diffIds() {
    return rootfs.diffIds();
  }

  /**
   * This config with another container config.
   *
   * @param config the container config
   * @return the changed copy
   */
  public ImageConfig withConfig(ContainerConfig config) {
    return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant,
        config, rootfs, history, unknownFields);
  }

  /**
   * This config with another history.
   *
   * @param history the history
   * @return the changed copy
   */
  public ImageConfig withHistory(List<History> history) {
    return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant,
        config, rootfs, history, unknownFields);
  }

  /**
   * This config with other diff IDs (the rest of rootfs is kept).
   *
   * @param diffIds the diff IDs
   * @return the changed copy
   */
  public ImageConfig withDiffIds(List<Digest> diffIds) {
    return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant,
        config, rootfs.withDiffIds(diffIds), history, unknownFields);
  }

  /**
   * This config with another creation time (RFC 3339, e.g. {@code 2024-05-01T12:00:00Z}).
   *
   * @param created the timestamp (RFC 3339)
   * @return the changed copy
   */
  public ImageConfig withCreated(String created) {
    return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant,
        config, rootfs, history, unknownFields);
  }

  /**
   * This config with a layer added on top, and the history entry of the step that made it.
   *
   * @param diffId the new layer's diff ID
   * @param entry the step that made it
   * @return the changed copy
   */
  public ImageConfig plusLayer(Digest diffId, History entry) {
    List<Digest> ids = new ArrayList<>(diffIds());
    ids.add(diffId);
    return withDiffIds(ids).plusHistory(entry);
  }

  /**
   * This config with one more history entry (for a layer-less step use {@link History#emptyLayer}).
   *
   * @param entry the step
   * @return the changed copy
   */
  public ImageConfig plusHistory(History entry) {
    List<History> next = new ArrayList<>(history);
    next.add(entry);
    return withHistory(next);
  }
}
