package dev.hoist.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside an image's root, as a process chrooted there sees them: symlinks are followed
 * inside the root (an absolute target counts from the root, {@code ..} stops at it), never onto
 * the host.
 */
final class InRoot {
  private InRoot() {}

  /**
   * {@code relative} with every symlink among its directories followed inside {@code root}
   * (the last component is kept as it is); a clean relative path.
   */
  static String resolveParents(Path root, String relative) throws IOException {
    String cleaned = SourceTree.clean(relative);
    if (cleaned.isEmpty()) {
      return cleaned;
    }
    int slash = cleaned.lastIndexOf('/');
    String parent = slash < 0 ? "" : cleaned.substring(0, slash);
    String last = cleaned.substring(slash + 1);
    return SourceTree.join(resolve(root, parent), last);
  }

  /** {@code relative} with every symlink followed inside {@code root}. */
  static String resolve(Path root, String relative) throws IOException {
    Deque<String> todo = new ArrayDeque<>(List.of(SourceTree.clean(relative).split("/")));
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
      Path p = root.resolve(String.join("/", done)).resolve(part);
      if (Files.isSymbolicLink(p)) {
        if (++hops > 40) {
          throw new BuildException("too many levels of symbolic links at /"
              + String.join("/", done) + "/" + part);
        }
        String target = Files.readSymbolicLink(p).toString();
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

  static boolean isDirectory(Path root, String relative) throws IOException {
    return Files.isDirectory(root.resolve(resolve(root, relative)), LinkOption.NOFOLLOW_LINKS);
  }
}
