package dev.hoist.dockerfile.stages;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ARGs BuildKit defines before the first line of a Dockerfile (its {@code defaultArgs}): the
 * build and target platforms and their parts, the OS versions (empty for Linux), and
 * {@code TARGETSTAGE}, the stage being built. A build arg of the same name replaces the value.
 */
final class PredefinedArgs {
  private PredefinedArgs() {}

  static Map<String, String> of(ResolveOptions options, String targetStage) {
    Map<String, String> args = new LinkedHashMap<>();
    platform(args, "BUILD", options.buildPlatform());
    platform(args, "TARGET", options.targetPlatform());
    args.put("TARGETSTAGE", targetStage == null ? "" : targetStage);
    args.replaceAll((name, value) -> options.buildArgs().getOrDefault(name, value));
    return args;
  }

  /** {@code os/architecture[/variant]} split into its ARGs; nothing when unknown (null). */
  private static void platform(Map<String, String> args, String prefix, String platform) {
    if (platform == null) {
      return;
    }
    String[] parts = platform.split("/", 3);
    args.put(prefix + "PLATFORM", platform);
    args.put(prefix + "OS", parts[0]);
    args.put(prefix + "OSVERSION", ""); // OCI's os.version: Windows only
    args.put(prefix + "ARCH", parts.length > 1 ? parts[1] : "");
    args.put(prefix + "VARIANT", parts.length > 2 ? parts[2] : "");
  }
}
