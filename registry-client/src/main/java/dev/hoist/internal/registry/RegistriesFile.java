package dev.hoist.internal.registry;

import dev.hoist.cache.image.ImageName;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * hoist's registry settings file, {@code $XDG_CONFIG_HOME/hoist/registries.json} (default
 * {@code ~/.config/hoist/registries.json}; the {@code hoist.registries} system property or
 * {@code HOIST_REGISTRIES} names another):
 *
 * <pre>{@code
 * {"insecureRegistries": ["registry.lan:5000"], "certsDirs": ["/etc/docker/certs.d"],
 *  "limits": {"read-timeout": "30s", "max-manifest-size": "4MiB"}}
 * }</pre>
 *
 * <p>Every key is optional; a missing file means the defaults. {@code limits} are those of {@link
 * RegistryLimits}; the environment's {@code HOIST_REGISTRY_*} and {@code hoist.registry.*} settings
 * win over the file's.
 */
public final class RegistriesFile {
  private RegistriesFile() {}

  /** Where the file is looked for. */
  public static Path location() {
    String property = System.getProperty("hoist.registries");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    return location(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static Path location(Map<String, String> env, Path home) {
    String explicit = env.get("HOIST_REGISTRIES");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
    return config.resolve("hoist/registries.json");
  }

  /** {@code base} with the file's settings added (insecure registries) or replacing (certs dirs). */
  public static RegistryOptions apply(RegistryOptions base, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return base;
    }
    JsonNode root;
    try {
      root = CanonicalJson.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage());
    }
    RegistryOptions options = base;
    Set<String> insecure = new LinkedHashSet<>(base.insecureRegistries());
    for (JsonNode n : root.path("insecureRegistries")) {
      insecure.add(ImageName.registryHost(n.asText()));
    }
    options = options.withInsecureRegistries(insecure);
    if (root.has("certsDirs")) {
      List<Path> dirs = new ArrayList<>();
      for (JsonNode n : root.path("certsDirs")) {
        dirs.add(Path.of(n.asText()));
      }
      options = options.withCertsDirs(dirs);
    }
    if (root.has("limits")) {
      try {
        options = options.withLimits(options.limits().withJson(root.get("limits"), file.toString())
            .withEnvironment());
      } catch (IllegalArgumentException e) {
        throw new IOException(e.getMessage());
      }
    }
    return options;
  }
}
