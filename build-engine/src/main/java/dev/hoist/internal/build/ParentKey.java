package dev.hoist.internal.build;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageConfig;
import java.nio.charset.StandardCharsets;

/**
 * The key of what a step reads below it: the image its parent produced, by content, not by the
 * steps that made it. That is the platform, each layer's diff ID (the filesystem) and the
 * container config (environment, user, working directory, shell…); not the history or the
 * times. A step that runs again and yields the same layer as before therefore leaves every later
 * step's key as it was: they stay cached (early cutoff). {@code settings} are what shapes every
 * layer of the build (the timestamp clamp, the compression).
 */
final class ParentKey {
  private ParentKey() {}

  static String of(ImageConfig image, String settings) {
    StringBuilder text = new StringBuilder("hoist-parent-v1\n");
    text.append("settings ").append(settings.length()).append(':').append(settings).append('\n');
    String platform = image.platform() == null ? ""
        : new String(CanonicalJson.write(image.platform()), StandardCharsets.UTF_8);
    text.append("platform ").append(platform.length()).append(':').append(platform).append('\n');
    text.append("diff-ids ").append(image.diffIds().size()).append('\n');
    for (Digest d : image.diffIds()) {
      text.append(d).append('\n');
    }
    String config = image.config() == null ? ""
        : new String(CanonicalJson.write(image.config()), StandardCharsets.UTF_8);
    text.append("config ").append(config.length()).append(':').append(config).append('\n');
    return Digest.sha256(text.toString().getBytes(StandardCharsets.UTF_8)).hex();
  }
}
