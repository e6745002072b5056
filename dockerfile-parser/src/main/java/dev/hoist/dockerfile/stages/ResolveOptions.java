package dev.hoist.dockerfile.stages;

import java.util.Map;
import java.util.function.Function;

/**
 * What a build adds to a Dockerfile: build-arg values ({@code --build-arg}), the target and
 * build platforms (for the predefined platform ARGs), and the environment of base images
 * (empty unless the caller knows it, such as a build engine that has pulled them).
 */
public record ResolveOptions(Map<String, String> buildArgs, Platform targetPlatform,
    Platform buildPlatform, Function<String, Map<String, String>> baseImageEnv, String target) {

  public ResolveOptions {
    buildArgs = Map.copyOf(buildArgs);
  }

  /** Options for the last stage as the target. */
  public ResolveOptions(Map<String, String> buildArgs, Platform targetPlatform,
      Platform buildPlatform, Function<String, Map<String, String>> baseImageEnv) {
    this(buildArgs, targetPlatform, buildPlatform, baseImageEnv, null);
  }

  /** No build args, this machine's platform, base images with no environment. */
  public static ResolveOptions defaults() {
    return new ResolveOptions(Map.of(), Platform.host(), Platform.host(), image -> Map.of());
  }

  public ResolveOptions withBuildArgs(Map<String, String> args) {
    return new ResolveOptions(args, targetPlatform, buildPlatform, baseImageEnv, target);
  }

  public ResolveOptions withTargetPlatform(Platform platform) {
    return new ResolveOptions(buildArgs, platform, buildPlatform, baseImageEnv, target);
  }

  public ResolveOptions withBaseImageEnv(Function<String, Map<String, String>> env) {
    return new ResolveOptions(buildArgs, targetPlatform, buildPlatform, env, target);
  }

  /** The stage being built (null: the last one), the value of {@code TARGETSTAGE}. */
  public ResolveOptions withTarget(String stage) {
    return new ResolveOptions(buildArgs, targetPlatform, buildPlatform, baseImageEnv, stage);
  }
}
