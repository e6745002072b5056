package dev.hoist.internal.cache.layer;

import java.io.IOException;

/**
 * A layer entry that cannot be applied safely or at all: a path escaping the root, a hard link
 * to something outside it or missing, an entry that would replace the root or a directory, and
 * the like. The message names the entry as written in the archive and says why it was refused.
 * Nothing outside the extraction root is ever touched before this is thrown.
 */
public class LayerException extends IOException {
  private final String entryName;

  /** A refusal of the entry {@code entryName} (as written in the tar) for {@code reason}. */
  public LayerException(String entryName, String reason) {
    super("layer entry \"" + entryName + "\": " + reason);
    this.entryName = entryName;
  }

  /** The entry's name as written in the archive. */
  public String entryName() {
    return entryName;
  }
}
