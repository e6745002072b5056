package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A path inside an image's root filesystem resolved as a process chrooted there sees it (as
 * {@code openat2(RESOLVE_IN_ROOT)} does): {@code ..} stops at the root and every symlink is
 * followed inside the root (an absolute target counts from the root), never onto the host. The
 * root's content must not change meanwhile (a snapshot, a mounted view of snapshots).
 */
public final class InRootPath {
  /** As Linux's limit on symlinks followed in one look-up (MAXSYMLINKS). */
  private static final int MAX_SYMLINKS = 40;

  private InRootPath() {}

  /**
   * {@code path} (absolute or relative, counted from {@code root}) with every symlink followed
   * inside {@code root}: a clean relative path, the empty string for the root itself.
   *
   * @throws FileSystemLoopException after more than 40 symlinks
   */
  public static String resolve(Path root, String path) throws IOException {
    Deque<String> todo = new ArrayDeque<>(List.of(SlashPaths.clean(path).split("/")));
    List<String> done = new ArrayList<>();
    int hops = 0;
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      Path p = RawNames.resolve(RawNames.resolve(root, String.join("/", done)), part);
      if (Files.isSymbolicLink(p)) {
        if (++hops > MAX_SYMLINKS) {
          throw new FileSystemLoopException("too many levels of symbolic links at /"
              + String.join("/", done) + "/" + part);
        }
        String target = RawNames.name(Files.readSymbolicLink(p));
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> parts = List.of(target.split("/"));
        for (int i = parts.size() - 1; i >= 0; i--) {
          todo.addFirst(parts.get(i));
        }
        continue;
      }
      done.add(part);
    }
    return String.join("/", done);
  }

  /** {@link #resolve}d, as a host path below {@code root}. */
  public static Path hostPath(Path root, String path) throws IOException {
    String inside = resolve(root, path);
    return RawNames.resolve(root, inside);
  }
}
