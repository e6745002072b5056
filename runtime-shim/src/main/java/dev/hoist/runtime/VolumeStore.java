package dev.hoist.runtime;

import dev.hoist.cache.store.AtomicFiles;
import dev.hoist.cache.store.HoistHome;
import dev.hoist.cache.store.Trees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.security.SecureRandom;

/**
 * Named volumes: {@code $HOIST_HOME/volumes/<name>/_data}, a directory bind-mounted into
 * containers, which outlives them. A volume is created on first use (or by
 * {@code hoist volume create}); when it is still empty as a container mounts it, the image's
 * content at the mount's target is copied in first, as Docker does.
 */
public final class VolumeStore {
  private final Path root;

  public VolumeStore(HoistHome home) {
    this.root = home.volumes();
  }

  /** A volume: its name and the directory containers see. */
  public record Volume(String name, Path data, FileTime created) {}

  /** The volume's directory, created if the volume is new. */
  public Volume create(String name) throws IOException {
    MountRequest.checkVolumeName(name);
    Path dir = root.resolve(name);
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(root);
      Path temp = root.resolve(AtomicFiles.TEMP_PREFIX + name + "-" + System.nanoTime());
      Files.createDirectories(temp.resolve("_data"));
      try {
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
        // another process created it meanwhile
      } finally {
        Trees.delete(temp);
      }
    }
    return get(name).orElseThrow(() -> new IOException("cannot create volume " + name));
  }

  /** A new volume with a random 64-hex name (an anonymous volume, {@code -v /data}). */
  public Volume createAnonymous() throws IOException {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return create(HexFormat.of().formatHex(bytes));
  }

  /** Whether a volume name is one hoist made up (64 hex digits), as Docker names them. */
  public static boolean isAnonymous(String name) {
    return name.length() == 64 && name.matches("[0-9a-f]{64}");
  }

  public Optional<Volume> get(String name) throws IOException {
    if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+")) {
      return Optional.empty();
    }
    Path dir = root.resolve(name);
    if (!Files.isDirectory(dir.resolve("_data"))) {
      return Optional.empty();
    }
    return Optional.of(new Volume(name, dir.resolve("_data"), Files.getLastModifiedTime(dir)));
  }

  /** Every volume, by name. */
  public List<Volume> list() throws IOException {
    List<Volume> volumes = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return volumes;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(AtomicFiles.TEMP_PREFIX)) {
          get(name).ifPresent(volumes::add);
        }
      }
    }
    volumes.sort((a, b) -> a.name().compareTo(b.name()));
    return volumes;
  }

  /** Deletes a volume and its content; false when there is none. */
  public boolean remove(String name) throws IOException {
    Optional<Volume> volume = get(name);
    if (volume.isEmpty()) {
      return false;
    }
    Path dir = root.resolve(name);
    Path doomed = root.resolve(AtomicFiles.TEMP_PREFIX + "rm-" + name + "-" + System.nanoTime());
    Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
    Trees.delete(doomed);
    return true;
  }

  /**
   * Copies what the image holds at {@code target} into an empty volume, through the lower
   * directories (top first) bottom up, with their whiteouts applied. Owners, modes and times are
   * kept; device files are not copied.
   */
  public static void populate(Path data, List<Path> lowerDirs, String target) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(data)) {
      if (entries.iterator().hasNext()) {
        return;
      }
    }
    String relative = target.replaceAll("^/+", "");
    if (relative.isEmpty()) {
      return;
    }
    List<Path> bottomUp = new ArrayList<>(lowerDirs);
    java.util.Collections.reverse(bottomUp);
    for (Path lower : bottomUp) {
      Path source = lower.resolve(relative);
      if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
        copyLayer(source, data);
      }
    }
  }

  private static void copyLayer(Path source, Path dest) throws IOException {
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        Path to = dest.resolve(source.relativize(dir).toString());
        if (Files.exists(dir.resolve(Whiteouts.OPAQUE), LinkOption.NOFOLLOW_LINKS)
            && !dir.equals(source)) {
          Trees.delete(to);
        }
        if (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
          Trees.delete(to);
          Files.copy(dir, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String name = file.getFileName().toString();
        Path to = dest.resolve(source.relativize(file).toString());
        if (name.equals(Whiteouts.OPAQUE)) {
          return FileVisitResult.CONTINUE;
        }
        if (name.startsWith(Whiteouts.PREFIX)) {
          Trees.delete(to.resolveSibling(name.substring(Whiteouts.PREFIX.length())));
          return FileVisitResult.CONTINUE;
        }
        if (attrs.isOther()) {
          Trees.delete(to); // an overlay whiteout (0/0 device) or another device: not copied
          return FileVisitResult.CONTINUE;
        }
        Trees.delete(to);
        Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
