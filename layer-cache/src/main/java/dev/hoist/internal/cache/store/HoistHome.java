package dev.hoist.internal.cache.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where hoist keeps its state: {@code $HOIST_HOME}, by default {@code ~/.local/share/hoist}
 * (or {@code $XDG_DATA_HOME/hoist}). The directory is itself an OCI image layout
 * ({@code oci-layout}, {@code index.json}, {@code blobs/}), so other OCI tools can read it, with
 * hoist's own state beside: {@code snapshots/}, {@code cache/}, {@code containers/},
 * {@code volumes/}.
 */
public record HoistHome(Path root) {

  /**
   * The home from the environment: the {@code hoist.home} system property (for programs that
   * embed hoist), else {@code HOIST_HOME}, else the XDG data directory.
   */
  public static HoistHome fromEnvironment() {
    String property = System.getProperty("hoist.home");
    if (property != null && !property.isBlank()) {
      return new HoistHome(Path.of(property).toAbsolutePath());
    }
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static HoistHome fromEnvironment(Map<String, String> env, Path userHome) {
    String explicit = env.get("HOIST_HOME");
    if (explicit != null && !explicit.isBlank()) {
      return new HoistHome(Path.of(explicit).toAbsolutePath());
    }
    String xdg = env.get("XDG_DATA_HOME");
    Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".local/share");
    return new HoistHome(data.resolve("hoist").toAbsolutePath());
  }

  public Path blobs() {
    return root.resolve("blobs");
  }

  public Path snapshots() {
    return root.resolve("snapshots");
  }

  /**
   * Recipes of the layers hoist built, kept instead of their compressed blobs: {@code
   * recipes/<algorithm>/<hex>} (outside {@code blobs/}, which stays an OCI layout's).
   */
  public Path recipes() {
    return root.resolve("recipes");
  }

  public Path index() {
    return root.resolve("index.json");
  }

  public Path ociLayout() {
    return root.resolve("oci-layout");
  }

  public Path buildCache() {
    return root.resolve("cache");
  }

  public Path containers() {
    return root.resolve("containers");
  }

  public Path volumes() {
    return root.resolve("volumes");
  }

  /** Lock files that serialise changes to shared state between hoist processes. */
  public Path locks() {
    return root.resolve("locks");
  }
}
