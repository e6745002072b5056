package dev.hoist.internal.service;

import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.internal.cache.layer.ExtractOptions;
import dev.hoist.internal.cache.layer.InRootPath;
import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerExtractor;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.internal.cache.layer.RawNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code hoist cp}'s file work, between a container's root filesystem and the host (or a tar
 * stream), with Docker's rules for what lands where: a source directory goes into an existing
 * destination directory under its own name, or becomes a destination that does not exist yet;
 * {@code SRC/.} copies the directory's content; a file replaces a file or lands in a
 * directory. Everything goes through a tar, as Docker's.
 *
 * <p>Paths inside the container are resolved as the container sees them ({@link InRootPath}:
 * {@code ..} stops at its root, every symlink is followed inside it), so no symlink in the
 * container leads a copy onto the host; what is written into the container is extracted by the
 * {@link LayerExtractor}, which resolves every entry chroot-style below its target.
 */
final class ContainerCopy {
  private ContainerCopy() {}

  /** A path as the user wrote it: its parent, last component and trailing marks. */
  record Written(String parent, String base, boolean trailingSlash, boolean contentsOnly) {
    static Written of(String path) {
      boolean contents = path.equals(".") || path.endsWith("/.");
      String trimmed = contents ? path.substring(0, path.length() - 1) : path;
      boolean slash = trimmed.endsWith("/");
      while (trimmed.length() > 1 && trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      int cut = trimmed.lastIndexOf('/');
      String parent = cut < 0 ? "" : cut == 0 ? "/" : trimmed.substring(0, cut);
      String base = trimmed.substring(cut + 1);
      return new Written(parent, base, slash, contents);
    }

    String full() {
      return parent.isEmpty() ? base : parent.endsWith("/") ? parent + base : parent + "/" + base;
    }
  }

  /**
   * The host path of {@code path} inside the container's {@code root}: its parent resolved as
   * the container would, the last component followed only with {@code follow} (or when it is
   * {@code .}, or written with a trailing {@code /}).
   */
  static Path inRoot(Path root, Written path, boolean follow) throws IOException {
    if (follow || path.contentsOnly() || path.trailingSlash() || path.base().isEmpty()
        || path.base().equals("..") || path.base().equals(".")) {
      return InRootPath.hostPath(root, path.full());
    }
    return RawNames.resolve(InRootPath.hostPath(root, path.parent()), path.base());
  }

  /**
   * The tar entries of {@code source} named {@code name} (a directory's content, unnamed, when
   * {@code name} is empty), its owners kept.
   */
  static List<LayerEntry> entries(Path source, String name) throws IOException {
    return entries(source, name, noFollow(null, source));
  }

  /**
   * The tar entries of {@code item} in the container's {@code root} named {@code name}: the root
   * itself is read through its link when it is one ({@code /proc/PID/root} of a running
   * container), anything below never.
   */
  static List<LayerEntry> entries(Path root, Path item, String name) throws IOException {
    return entries(item, name, noFollow(root, item));
  }

  /** Whether {@code item} in the container's {@code root} is a directory (not a link to one). */
  static boolean isDirectory(Path root, Path item) {
    return Files.isDirectory(item, noFollow(root, item));
  }

  /** Not following {@code item} unless it is {@code root}. */
  private static LinkOption[] noFollow(Path root, Path item) {
    return item.equals(root) ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
  }

  private static List<LayerEntry> entries(Path source, String name, LinkOption[] links)
      throws IOException {
    Map<String, Object> a = Files.readAttributes(source, "unix:*", links);
    int mode = (Integer) a.get("mode");
    List<LayerEntry> out = new ArrayList<>();
    LayerEntry top;
    switch (mode & 0170000) {
      case 0040000 -> {
        if (name.isEmpty()) {
          return LayerWriter.scan(source, true);
        }
        top = LayerEntry.directory(name);
        for (LayerEntry e : LayerWriter.scan(source, true)) {
          out.add(renamed(e, name + "/" + e.path()));
        }
      }
      case 0100000 -> top = LayerEntry.file(name, source);
      case 0120000 -> top = LayerEntry.symlink(name, RawNames.name(Files.readSymbolicLink(source)));
      default -> throw new IllegalArgumentException("cannot copy " + source.getFileName()
          + ": not a regular file, directory or symbolic link");
    }
    out.add(0, top.withMode(mode & 07777)
        .withOwner(Integer.toUnsignedLong((Integer) a.get("uid")),
            Integer.toUnsignedLong((Integer) a.get("gid")))
        .withMtime(Instant.ofEpochSecond(((FileTime) a.get("lastModifiedTime")).toInstant()
            .getEpochSecond())));
    return out;
  }

  private static LayerEntry renamed(LayerEntry e, String path) {
    String link = e.type() == LayerEntry.Type.HARDLINK ? path.substring(0, path.length()
        - e.path().length()) + e.linkTarget() : e.linkTarget();
    return new LayerEntry(path, e.type(), e.mode(), e.uid(), e.gid(), e.mtime(), e.size(),
        e.content(), e.source(), link, e.xattrs(), e.devMajor(), e.devMinor());
  }

  /** Writes {@code entries} as an uncompressed tar to {@code out}. */
  static void writeTar(List<LayerEntry> entries, OutputStream out) throws IOException {
    LayerWriter.builder().compression(Compression.NONE).readXattrs(true).build()
        .write(entries, out);
  }

  /** Where a source lands: the directory it is extracted into, and its name there. */
  record Landing(Path dir, String name) {}

  /**
   * Docker's rules: {@code destination} (the host path of the path {@code dest} names, its last
   * component followed) for a source that is a directory or not.
   */
  static Landing landing(Path destination, Written dest, boolean sourceIsDirectory,
      Written source) {
    if (Files.isDirectory(destination)) {
      return new Landing(destination, source.contentsOnly() ? "" : source.base());
    }
    if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(
        destination)) {
      if (sourceIsDirectory) {
        throw new IllegalArgumentException("cannot copy a directory to a file: " + dest.full());
      }
      if (dest.trailingSlash()) {
        throw new IllegalArgumentException("not a directory: " + dest.full());
      }
      return new Landing(destination.getParent(), destination.getFileName().toString());
    }
    if (dest.trailingSlash() && !sourceIsDirectory) {
      throw new IllegalArgumentException("no such directory: " + dest.full());
    }
    Path parent = destination.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IllegalArgumentException("no such directory: " + (dest.parent().isEmpty()
          ? "." : dest.parent()));
    }
    return new Landing(parent, RawNames.name(destination.getFileName()));
  }

  /** Extracts the tar {@code in} into {@code dir}; owners kept with {@code archive}. */
  static void extract(InputStream in, Path dir, boolean archive) throws IOException {
    extract(in, dir, new ExtractOptions(archive, false));
  }

  /** Extracts the tar {@code in} into {@code dir} as {@code options} allow. */
  static void extract(InputStream in, Path dir, ExtractOptions options) throws IOException {
    new LayerExtractor(options).extract(in, dir);
  }

  /**
   * What {@code stat} says of {@code item} (in the container's {@code root}), named
   * {@code name}: a symlink's target resolved in the container, as an absolute path there.
   */
  static ContainerService.PathStat stat(Path root, Path item, String name) throws IOException {
    Map<String, Object> a = Files.readAttributes(item, "unix:*", noFollow(root, item));
    int mode = (Integer) a.get("mode");
    String link = "";
    if ((mode & 0170000) == 0120000) {
      Path resolved = InRootPath.hostPath(root, "/" + RawNames.name(root.relativize(item)));
      link = "/" + RawNames.name(root.relativize(resolved));
    }
    return new ContainerService.PathStat(name, (Long) a.get("size"), mode,
        ((FileTime) a.get("lastModifiedTime")).toInstant(), link);
  }

  /** Writes {@code entries} as a tar and extracts it into {@code dir} at once, streamed. */
  static void copy(List<LayerEntry> entries, Path dir, boolean archive) throws IOException {
    PipedInputStream in = new PipedInputStream(1 << 16);
    PipedOutputStream out = new PipedOutputStream(in);
    CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
      try (out) {
        writeTar(entries, out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try (in) {
      extract(in, dir, archive);
      in.transferTo(OutputStream.nullOutputStream());
    }
    try {
      writing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IOException(e.getCause());
    }
  }
}
