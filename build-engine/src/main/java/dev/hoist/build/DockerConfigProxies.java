package dev.hoist.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The proxies of Docker's client configuration ({@code config.json}, key {@code proxies},
 * entry {@code default}) as build args, as the docker CLI passes them to a build: each of
 * {@code httpProxy}, {@code httpsProxy}, {@code noProxy}, {@code ftpProxy} and {@code allProxy}
 * that is set becomes {@code HTTP_PROXY=…} and {@code http_proxy=…}, unless the build already
 * has a build arg of that name. The file is {@code $DOCKER_CONFIG/config.json}, else
 * {@code $HOME/.docker/config.json}; a missing file means no proxies.
 */
final class DockerConfigProxies {
  private static final Map<String, String> KEYS = Map.of("httpProxy", "HTTP_PROXY",
      "httpsProxy", "HTTPS_PROXY", "noProxy", "NO_PROXY", "ftpProxy", "FTP_PROXY",
      "allProxy", "ALL_PROXY");

  private DockerConfigProxies() {}

  /** The build args with the configuration's proxies added where not given. */
  static Map<String, String> addTo(Map<String, String> buildArgs,
      Map<String, String> environment) {
    Path file = configFile(environment);
    if (file == null || !Files.isRegularFile(file)) {
      return buildArgs;
    }
    JsonNode proxies;
    try {
      proxies = new ObjectMapper().readTree(file.toFile()).path("proxies").path("default");
    } catch (IOException e) {
      throw new BuildException("cannot read the proxies of " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>(buildArgs);
    KEYS.forEach((key, name) -> {
      String value = proxies.path(key).asText("");
      if (!value.isEmpty()) {
        out.putIfAbsent(name, value);
        out.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
      }
    });
    return out;
  }

  private static Path configFile(Map<String, String> environment) {
    String dir = environment.get("DOCKER_CONFIG");
    if (dir != null && !dir.isEmpty()) {
      return Path.of(dir, "config.json");
    }
    String home = environment.get("HOME");
    return home == null || home.isEmpty() ? null : Path.of(home, ".docker", "config.json");
  }
}
