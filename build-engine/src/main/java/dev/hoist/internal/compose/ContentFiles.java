package dev.hoist.internal.compose;

import dev.hoist.internal.cache.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files a service's secrets and configs made of a value ({@link ServiceConfig#files}) are
 * mounted from: {@code HOME/compose-files/PROJECT/SHA256}, named by their content's digest (the
 * same value one file), written atomically, read-only for everyone (Compose's default mode 0444,
 * so that a container's non-root user reads it) under a directory only root may enter. They
 * hold secret values: {@code down} removes those no container mounts any more
 * ({@link #removeUnused}); keyed per project, a file one project still uses is never another's.
 */
final class ContentFiles {
  private final Path root;
  private final Path dir;

  ContentFiles(Path home, String project) {
    this.root = home.resolve("compose-files");
    this.dir = root.resolve(project);
  }

  /** Each of {@code files}' contents written (once), by container path. */
  Map<String, Path> write(Map<String, String> files) throws IOException {
    Map<String, Path> out = new LinkedHashMap<>();
    if (files.isEmpty()) {
      return out;
    }
    if (!Files.isDirectory(root)) {
      Files.createDirectories(root.getParent());
      try {
        Files.createDirectory(root, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // made meanwhile by another up
      }
    }
    Files.createDirectories(dir);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = dir.resolve(digest(f.getValue()));
      if (!Files.exists(file)) {
        AtomicFiles.write(file, f.getValue().getBytes(StandardCharsets.UTF_8),
            PosixFilePermissions.fromString("r--r--r--"));
      }
      out.put(f.getKey(), file);
    }
    return out;
  }

  /**
   * The project's files that none of {@code mounted} (the host paths every container binds)
   * names, removed; the project's directory too once empty.
   */
  void removeUnused(Set<Path> mounted) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        if (!mounted.contains(file) && !mounted.contains(file.toRealPath())) {
          Files.deleteIfExists(file);
        }
      }
    }
    try {
      Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException inUse) {
      // a container still mounts one of them
    }
  }

  static String digest(String content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
