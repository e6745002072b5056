package dev.hoist.internal.cache.layer;

/**
 * OCI whiteout names: {@code .wh.NAME} hides {@code NAME} of the lower layers, and
 * {@code .wh..wh..opq} hides everything lower layers put in its directory. Other names with the
 * {@code .wh..wh.} prefix are AUFS bookkeeping (hard-link directories and the like) and, as in
 * containerd, are skipped.
 */
final class Whiteout {
  static final String PREFIX = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";
  private static final String AUFS_META = ".wh..wh.";

  /** What a whiteout entry asks for. */
  enum Kind { NONE, HIDE, OPAQUE, AUFS_METADATA }

  private Whiteout() {}

  /** How the entry named {@code path} acts as a whiteout, if at all. */
  static Kind kindOf(EntryPath path) {
    if (path.isRoot() || !path.base().startsWith(PREFIX)) {
      return Kind.NONE;
    }
    if (path.base().equals(OPAQUE)) {
      return Kind.OPAQUE;
    }
    return path.base().startsWith(AUFS_META) ? Kind.AUFS_METADATA : Kind.HIDE;
  }

  /**
   * The sibling a {@link Kind#HIDE} whiteout hides; names that are not one plain component
   * ({@code .wh.}, {@code .wh..}, {@code .wh...}) are refused.
   */
  static String hiddenName(EntryPath path, String entryName) throws LayerException {
    String hidden = path.base().substring(PREFIX.length());
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw new LayerException(entryName, "whiteout names \"" + hidden
          + "\", which is not a file name; a whiteout can only hide a sibling");
    }
    return hidden;
  }
}
