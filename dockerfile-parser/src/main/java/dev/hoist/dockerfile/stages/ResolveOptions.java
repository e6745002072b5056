package dev.hoist.dockerfile.stages;

import java.util.Map;
import java.util.function.Function;

/**
 * What a build adds to a Dockerfile: build-arg values ({@code --build-arg}), the target and
 * build platforms (for the predefined platform ARGs), and the environment of base images
 * (empty unless the caller knows it, such as a build engine that has pulled them).
 *
 * <p>A platform is text here, {@code os/architecture[/variant]} as {@code TARGETPLATFORM}
 * spells it ({@code linux/arm64}, {@code linux/arm/v7}): the parser only splits it into the
 * predefined ARGs. What a platform means (parsing user input, normalising, matching images) is
 * the image model's ({@code dev.hoist.cache.model.Platform} in layer-cache), which the build
 * engine maps to this text once. Null means unknown: the platform ARGs are then not defined.
 *
 * @param buildArgs the build args' values
 * @param targetPlatform the platform built for, or null
 * @param buildPlatform the platform the build runs on, or null
 * @param baseImageEnv the environment of a base image, by name
 * @param target the stage being built, or null for the last
 */
public record ResolveOptions(Map<String, String> buildArgs, String targetPlatform,
    String buildPlatform, Function<String, Map<String, String>> baseImageEnv, String target) {

  /**
   * Creates the record; lists and maps are copied.
   *
   * @param buildArgs the build args' values
   * @param targetPlatform the platform built for, or null
   * @param buildPlatform the platform the build runs on, or null
   * @param baseImageEnv the environment of a base image, by name
   * @param target the stage being built, or null for the last
   */
  public ResolveOptions {
    buildArgs = Map.copyOf(buildArgs);
  }

  /**
   * Options for the last stage as the target.
   *
   * @param buildArgs the build args' values
   * @param targetPlatform the platform built for, or null
   * @param buildPlatform the platform the build runs on, or null
   * @param baseImageEnv the environment of a base image, by name
   */
  public ResolveOptions(Map<String, String> buildArgs, String targetPlatform,
      String buildPlatform, Function<String, Map<String, String>> baseImageEnv) {
    this(buildArgs, targetPlatform, buildPlatform, baseImageEnv, null);
  }

  /**
   * No build args, no platform known, base images with no environment.
   *
   * @return the options
   */
  public static ResolveOptions defaults() {
    return new ResolveOptions(Map.of(), null, null, image -> Map.of());
  }

  /**
   * These options with other build args.
   *
   * @param args the build args' values
   * @return the changed copy
   */
  public ResolveOptions withBuildArgs(Map<String, String> args) {
    return new ResolveOptions(args, targetPlatform, buildPlatform, baseImageEnv, target);
  }

  /**
   * The platform built for, {@code os/architecture[/variant]}.
   *
   * @param platform the platform
   * @return the changed copy
   */
  public ResolveOptions withTargetPlatform(String platform) {
    return new ResolveOptions(buildArgs, platform, buildPlatform, baseImageEnv, target);
  }

  /**
   * The platform the build runs on, {@code os/architecture[/variant]}.
   *
   * @param platform the platform
   * @return the changed copy
   */
  public ResolveOptions withBuildPlatform(String platform) {
    return new ResolveOptions(buildArgs, targetPlatform, platform, baseImageEnv, target);
  }

  /**
   * These options with another source of base images' environments.
   *
   * @param env the environment of a base image, by name
   * @return the changed copy
   */
  public ResolveOptions withBaseImageEnv(Function<String, Map<String, String>> env) {
    return new ResolveOptions(buildArgs, targetPlatform, buildPlatform, env, target);
  }

  /**
   * The stage being built (null: the last one), the value of {@code TARGETSTAGE}.
   *
   * @param stage the stage's name or index
   * @return the changed copy
   */
  public ResolveOptions withTarget(String stage) {
    return new ResolveOptions(buildArgs, targetPlatform, buildPlatform, baseImageEnv, stage);
  }
}
