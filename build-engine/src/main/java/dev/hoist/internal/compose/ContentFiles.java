package dev.hoist.internal.compose;

import dev.hoist.internal.cache.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files a service's secrets and configs made of a value ({@link ServiceConfig#files}) are
 * mounted from: {@code HOME/compose-files/SHA256}, named by their content's digest (the same
 * value one file), written atomically, read-only for everyone (Compose's default mode 0444,
 * so that a container's non-root user reads it) in a directory only root may enter.
 */
final class ContentFiles {
  private final Path dir;

  ContentFiles(Path home) {
    this.dir = home.resolve("compose-files");
  }

  /** Each of {@code files}' contents written (once), by container path. */
  Map<String, Path> write(Map<String, String> files) throws IOException {
    Map<String, Path> out = new LinkedHashMap<>();
    if (files.isEmpty()) {
      return out;
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // made meanwhile by another up
      }
    }
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

  static String digest(String content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
