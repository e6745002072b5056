package dev.hoist.internal.cache.layer;

import java.util.ArrayList;
import java.util.List;

/**
 * A tar entry name cleaned lexically, as containerd's {@code filepath.Clean} does: empty and
 * {@code .} components dropped, {@code ..} cancelling the component before it. Leading slashes
 * are dropped, so {@code /a/b} means {@code a/b} inside the root (containerd and GNU tar do the
 * same). A {@code ..} with nothing left to cancel would leave the root, and is refused.
 */
final class EntryPath {
  private static final EntryPath ROOT = new EntryPath(List.of());

  private final List<String> parts;

  private EntryPath(List<String> parts) {
    this.parts = parts;
  }

  /**
   * Cleans {@code raw}; {@code entryName} and {@code what} only shape the error message, such as
   * ("x", "hard link target").
   */
  static EntryPath parse(String raw, String entryName, String what) throws LayerException {
    List<String> parts = new ArrayList<>();
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new LayerException(entryName, what + " \"" + raw
              + "\" climbs out of the extraction root with '..'");
        }
        parts.remove(parts.size() - 1);
        continue;
      }
      parts.add(part);
    }
    return parts.isEmpty() ? ROOT : new EntryPath(List.copyOf(parts));
  }

  /** Whether this names the extraction root itself. */
  boolean isRoot() {
    return parts.isEmpty();
  }

  /** The components, none empty, {@code .} or {@code ..}. */
  List<String> parts() {
    return parts;
  }

  /** The last component; only for non-root paths. */
  String base() {
    return parts.get(parts.size() - 1);
  }

  /** The path without its last component; only for non-root paths. */
  EntryPath parent() {
    return parts.size() == 1 ? ROOT : new EntryPath(parts.subList(0, parts.size() - 1));
  }

  @Override
  public String toString() {
    return parts.isEmpty() ? "." : String.join("/", parts);
  }
}
