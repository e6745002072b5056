package dev.hoist.api;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.Platform;
import java.util.List;
import java.util.Map;

/**
 * A local image as {@code hoist inspect} shows it: for this machine's platform, its manifest,
 * config and layers. The accessors below read the common fields of {@link #config()}.
 *
 * @param reference the name or ID it was asked by
 * @param manifest the manifest (of this machine's platform, when the name is an index)
 * @param imageId the image ID, as {@code hoist images} shows it (the config's digest)
 * @param config the image's config
 * @param layers its layers' descriptors, base first (compressed digests and sizes)
 */
public record InspectedImage(String reference, Descriptor manifest, Digest imageId,
    ImageConfig config, List<Descriptor> layers) {
  /**
   * Checks and copies the values.
   *
   * @param reference the name or ID it was asked by
   * @param manifest the manifest
   * @param imageId the image ID
   * @param config the config
   * @param layers the layers, base first
   * @throws NullPointerException when a required value, a list or a map is null
   */
  public InspectedImage {
    layers = List.copyOf(layers);
  }

  /**
   * The platform the image is for, as its config declares it.
   *
   * @return its OS, architecture and variant; null when the config names no OS or no
   *     architecture (an image made by hand or by an old tool)
   */
  public Platform platform() {
    return config.declaredPlatform().orElse(null);
  }

  /**
   * The environment of its containers.
   *
   * @return {@code NAME=VALUE} entries, in order
   */
  public List<String> env() {
    return orEmpty(container().env());
  }

  /**
   * The entrypoint.
   *
   * @return its words; empty when the image has none
   */
  public List<String> entrypoint() {
    return orEmpty(container().entrypoint());
  }

  /**
   * The command.
   *
   * @return its words; empty when the image has none
   */
  public List<String> cmd() {
    return orEmpty(container().cmd());
  }

  /**
   * The working directory of its containers.
   *
   * @return the directory, or empty for {@code /}
   */
  public String workingDir() {
    String dir = container().workingDir();
    return dir == null ? "" : dir;
  }

  /**
   * Its labels.
   *
   * @return the labels; empty when it has none
   */
  public Map<String, String> labels() {
    Map<String, String> labels = container().labels();
    return labels == null ? Map.of() : labels;
  }

  private ContainerConfig container() {
    return config.config();
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
