package dev.hoist.internal.build;

import dev.hoist.internal.cache.layer.RawNames;
import dev.hoist.internal.cache.layer.SlashPaths;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.dockerfile.ignore.DockerIgnore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A directory that COPY, ADD and bind mounts read from: the build context (with its
 * {@code .dockerignore}: ignored paths do not exist), or the root filesystem of a stage or an
 * image (nothing ignored). Paths are relative, with {@code /} separators; they never leave the
 * root ({@code ..} stops at it, as in Docker).
 */
final class SourceTree {
  private final Path root;
  private final DockerIgnore ignore;
  private final FileHashes hashes;

  SourceTree(Path root, DockerIgnore ignore, FileHashes hashes) {
    this.root = root;
    this.ignore = ignore;
    this.hashes = hashes;
  }

  static SourceTree of(Path root) {
    return new SourceTree(root, DockerIgnore.parse(""), FileHashes.none());
  }

  /** Saves the content hashes learnt during this build, for the next one. */
  void saveHashes() throws IOException {
    hashes.save();
  }

  Path root() {
    return root;
  }

  Path path(String relative) {
    return RawNames.resolve(root, relative); // names may be bytes that are not UTF-8
  }

  /** A path as written in a Dockerfile, cleaned and relative to the root. */
  static String clean(String written) {
    return SlashPaths.clean(written);
  }

  static boolean hasWildcard(String path) {
    return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
  }

  boolean exists(String relative) {
    return !ignored(relative) && Files.exists(path(relative), LinkOption.NOFOLLOW_LINKS);
  }

  boolean ignored(String relative) {
    return !relative.isEmpty() && ignore.excludes(relative);
  }

  /**
   * The paths a source names: itself, or what its wildcards match (sorted). Symlinks among the
   * parent directories are followed inside the root (an absolute link counts from the root, as
   * in the image or context it belongs to), never onto the host.
   */
  List<String> expand(String source) throws IOException {
    String cleaned = clean(source);
    if (!hasWildcard(cleaned)) {
      String resolved = InRoot.resolveParents(root, cleaned);
      return exists(resolved) ? List.of(resolved) : List.of();
    }
    List<String> current = new ArrayList<>(List.of(""));
    for (String component : cleaned.split("/")) {
      List<String> next = new ArrayList<>();
      PathMatcher matcher = hasWildcard(component) ? glob(component) : null;
      for (String dir : current) {
        if (matcher == null) {
          String candidate = dir.isEmpty() ? component : dir + "/" + component;
          if (exists(candidate)) {
            next.add(candidate);
          }
          continue;
        }
        dir = InRoot.resolve(root, dir);
        Path d = path(dir);
        if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        for (String name : sortedNames(d)) {
          String candidate = dir.isEmpty() ? name : dir + "/" + name;
          if (matcher.matches(RawNames.path(name)) && !ignored(candidate)) {
            next.add(candidate);
          }
        }
      }
      current = next;
    }
    return current;
  }

  /** Go's filepath.Match syntax for one path component, through the JDK's glob matcher. */
  private static PathMatcher glob(String component) {
    StringBuilder g = new StringBuilder();
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (c == '{' || c == '}' || c == ',') {
        g.append('\\').append(c);
      } else if (c == '[' && i + 1 < component.length() && component.charAt(i + 1) == '^') {
        g.append("[!");
        i++;
      } else {
        g.append(c);
      }
    }
    return FileSystems.getDefault().getPathMatcher("glob:" + g);
  }

  static List<String> sortedNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        names.add(RawNames.name(child.getFileName()));
      }
    }
    names.sort(null);
    return names;
  }

  /**
   * Everything under {@code dir} (not the directory itself), relative to {@code dir}, sorted,
   * parents first, minus ignored paths; a directory that is ignored with no exception inside is
   * not entered.
   */
  List<String> walk(String dir) throws IOException {
    List<String> out = new ArrayList<>();
    walk(dir, "", out);
    return out;
  }

  private void walk(String base, String rel, List<String> out) throws IOException {
    String full = join(base, rel);
    for (String name : sortedNames(path(full))) {
      String childRel = rel.isEmpty() ? name : rel + "/" + name;
      String childFull = join(base, childRel);
      Path p = path(childFull);
      boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      if (ignored(childFull)) {
        if (dir && !ignore.canSkipDirectory(childFull)) {
          walk(base, childRel, out); // an exception may keep something inside
        }
        continue;
      }
      if (isWhiteoutDevice(p)) {
        continue;
      }
      out.add(childRel);
      if (dir) {
        walk(base, childRel, out);
      }
    }
  }

  static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
  }

  /** A 0/0 character device: an overlay whiteout left in a snapshot directory. */
  static boolean isWhiteoutDevice(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
    return (((Integer) a.get("mode")) & 0170000) == 0020000 && ((Long) a.get("rdev")) == 0L;
  }

  /**
   * A stable fingerprint of what COPY would take from a path: type, mode, owner, and the
   * content's sha256 for files or the target for symlinks. Directories are fingerprinted by
   * their own metadata; their files have fingerprints of their own.
   */
  String fingerprint(String relative) throws IOException {
    String print = fingerprintOf(relative);
    // a name that is not UTF-8 is in the cache key as its bytes: the key is hashed from UTF-8,
    // which has one '?' for every byte it cannot encode, whatever the byte
    return RawNames.hasEscapes(relative)
        ? print + " name " + HexFormat.of().formatHex(RawNames.encode(relative)) : print;
  }

  private String fingerprintOf(String relative) throws IOException {
    Path p = path(relative);
    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    String mode = Integer.toOctalString(modeOf(a.permissions()));
    if (a.isSymbolicLink()) {
      return "link " + RawNames.name(Files.readSymbolicLink(p));
    }
    if (a.isDirectory()) {
      return "dir " + mode;
    }
    if (!a.isRegularFile()) {
      return "special " + mode;
    }
    return "file " + mode + " " + hashes.hash(relative, p);
  }

  static String sha256(Path p) throws IOException {
    MessageDigest md = Digest.newMessageDigest("sha256");
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        md.update(buffer, 0, n);
      }
    }
    return Digest.of("sha256", md.digest()).hex();
  }

  /** Fingerprints of a source path and, for a directory, of everything in it. */
  Map<String, String> fingerprints(String relative) throws IOException {
    Map<String, String> out = new TreeMap<>();
    out.put(relative.isEmpty() ? "." : relative, fingerprint(relative));
    if (Files.isDirectory(path(relative), LinkOption.NOFOLLOW_LINKS)) {
      for (String child : walk(relative)) {
        String full = join(relative, child);
        out.put(full, fingerprint(full));
      }
    }
    return out;
  }

  static int modeOf(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (PosixFilePermission p : perms) {
      mode |= 1 << (8 - p.ordinal());
    }
    return mode;
  }
}
