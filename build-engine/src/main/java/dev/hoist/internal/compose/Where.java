package dev.hoist.internal.compose;

import java.util.List;

/**
 * Where a key path came from, for errors: the last of the project's files that has it (a later
 * file overrides an earlier), with its line.
 */
final class Where {
  private final List<YamlDocument> documents;

  Where(List<YamlDocument> documents) {
    this.documents = List.copyOf(documents);
  }

  /** {@code FILE:LINE: PATH: MESSAGE}, as far as they are known. */
  ComposeException error(String path, String message) {
    for (int i = documents.size() - 1; i >= 0; i--) {
      YamlDocument d = documents.get(i);
      String p = path;
      while (!p.isEmpty()) {
        int line = d.line(p);
        if (line > 0) {
          return new ComposeException(d.file() + ":" + line + ": " + path + ": " + message);
        }
        p = parent(p);
      }
    }
    String file = documents.isEmpty() ? "" : documents.get(0).file() + ": ";
    return new ComposeException(file + path + ": " + message);
  }

  private static String parent(String path) {
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf('[');
    int cut = Math.max(dot, bracket);
    return cut < 0 ? "" : path.substring(0, cut);
  }
}
