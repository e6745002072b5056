package dev.hoist.internal.build;

import dev.hoist.internal.registry.DockerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The proxies of Docker's client configuration ({@code config.json}, key {@code proxies},
 * entry {@code default}) as build args, as the docker CLI passes them to a build: each one set
 * becomes {@code HTTP_PROXY=…} and {@code http_proxy=…} ({@link DockerConfig#proxyVariables}),
 * unless the build already has a build arg of that name. The file is
 * {@code $DOCKER_CONFIG/config.json}, else {@code $HOME/.docker/config.json}; a missing file
 * means no proxies.
 */
final class DockerConfigProxies {
  private DockerConfigProxies() {}

  /** The build args with the configuration's proxies added where not given. */
  static Map<String, String> addTo(Map<String, String> buildArgs,
      Map<String, String> environment) {
    String home = environment.get("HOME");
    if ((home == null || home.isEmpty()) && environment.get("DOCKER_CONFIG") == null) {
      return buildArgs;
    }
    DockerConfig config = DockerConfig.fromEnvironment(environment,
        Path.of(home == null || home.isEmpty() ? "/" : home));
    Map<String, String> proxies;
    try {
      proxies = config.proxyVariables();
    } catch (IOException e) {
      throw new BuildException("cannot read the proxies of " + config.file() + ": "
          + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>(buildArgs);
    proxies.forEach(out::putIfAbsent);
    return out;
  }
}
