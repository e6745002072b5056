package dev.hoist.internal.compose;

import java.util.List;
import java.util.Map;

/**
 * A service's {@code build} section (the string form is its context): what {@code up} and
 * {@code compose build} give hoist's build engine ({@link ServiceImageBuild}). {@code context}
 * is absolute; {@code dockerfile} is the context's; {@code platforms} has at most one entry;
 * {@code secrets} are the top-level definitions they name, resolved.
 */
public record BuildConfig(String context, String dockerfile, Map<String, String> args,
    String target, String dockerfileInline, Map<String, String> labels, List<String> cacheFrom,
    String network, List<String> platforms, List<BuildSecret> secrets) {
  public BuildConfig {
    secrets = List.copyOf(secrets);
    args = Values.frozen(args);
    labels = Values.frozen(labels);
    cacheFrom = List.copyOf(cacheFrom);
    platforms = List.copyOf(platforms);
  }

  /** The string form: a context alone. */
  static BuildConfig ofContext(String context) {
    return new BuildConfig(context, null, Map.of(), null, null, Map.of(), List.of(), null,
        List.of(), List.of());
  }
}
