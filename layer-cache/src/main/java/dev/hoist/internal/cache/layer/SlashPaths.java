package dev.hoist.internal.cache.layer;

import java.util.ArrayList;
import java.util.List;

/**
 * Slash-separated paths inside a root (a context, an image, an archive), cleaned lexically: empty
 * and {@code .} components dropped, {@code ..} cancelling the component before it and staying at
 * the root when there is none (as {@code /..} is {@code /}). The result has no leading or
 * trailing slash; the root itself is the empty string. Unlike {@link EntryPath}, which refuses a
 * tar entry that would climb out of the root, this clamps, as a Dockerfile's paths do.
 */
public final class SlashPaths {
  private SlashPaths() {}

  public static String clean(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(part);
    }
    return String.join("/", parts);
  }
}
