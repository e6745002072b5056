package dev.hoist.internal.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/** The bytes of the regular files under a directory, each hard-linked file once (as moby sizes a container's layer or a volume). */
final class DiskUse {
  private DiskUse() {}

  static long of(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    Set<Object> seen = new HashSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      return files.mapToLong(p -> {
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
              java.nio.file.LinkOption.NOFOLLOW_LINKS);
          if (!a.isRegularFile() || a.fileKey() != null && !seen.add(a.fileKey())) {
            return 0;
          }
          return a.size();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
