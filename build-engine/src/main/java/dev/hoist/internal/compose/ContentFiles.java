package dev.hoist.internal.compose;

import dev.hoist.internal.cache.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** The host paths every container binds (read only when there are files to check). */
  @FunctionalInterface
  interface MountedPaths {
    Set<Path> get() throws IOException;
  }

  /**
   * The project's files that none of the {@code mounted} paths names, removed, the project's
   * directory too once empty; and the files of any project written by versions that kept them
   * all in one directory ({@code compose-files/SHA256}), unmounted ones removed as well.
   */
  void removeUnused(MountedPaths mounted) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> in = Files.list(dir)) {
        files.addAll(in.toList());
      }
    }
    if (Files.isDirectory(root)) {
      try (Stream<Path> flat = Files.list(root)) {
        files.addAll(flat.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList());
      }
    }
    if (files.isEmpty()) {
      return;
    }
    Set<Path> inUse = mounted.get();
    for (Path file : files) {
      if (!inUse.contains(file) && !inUse.contains(file.toRealPath())) {
        Files.deleteIfExists(file);
      }
    }
    try {
      Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException stillMounted) {
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
