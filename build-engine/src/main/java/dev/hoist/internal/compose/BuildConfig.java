package dev.hoist.internal.compose;

import java.util.List;
import java.util.Map;

/**
 * A service's {@code build} section (the string form is its context): what {@code up} and
 * {@code compose build} give hoist's build engine ({@link ServiceImageBuild}). {@code context}
 * is absolute; {@code dockerfile} is the context's; {@code platforms} has at most one entry;
 * {@code secrets} are the top-level definitions they name, resolved; {@code extraHosts}
 * ({@code NAME:IP}), {@code shmSize} (bytes, null: Docker's 64m) and {@code ulimits} (name →
 * {@code SOFT:HARD} or {@code N}) are every RUN step's, as {@code hoist build --add-host},
 * {@code --shm-size}, {@code --ulimit} give them.
 */
public record BuildConfig(String context, String dockerfile, Map<String, String> args,
    String target, String dockerfileInline, Map<String, String> labels, List<String> cacheFrom,
    String network, List<String> platforms, List<BuildSecret> secrets, List<String> extraHosts,
    String shmSize, Map<String, String> ulimits) {
  public BuildConfig {
    secrets = List.copyOf(secrets);
    args = Values.frozen(args);
    labels = Values.frozen(labels);
    cacheFrom = List.copyOf(cacheFrom);
    platforms = List.copyOf(platforms);
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    ulimits = Values.frozen(ulimits == null ? Map.of() : ulimits);
  }

  /** The string form: a context alone. */
  static BuildConfig ofContext(String context) {
    return new BuildConfig(context, null, Map.of(), null, null, Map.of(), List.of(), null,
        List.of(), List.of(), List.of(), null, Map.of());
  }
}
