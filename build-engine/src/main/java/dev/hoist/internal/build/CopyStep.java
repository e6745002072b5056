package dev.hoist.internal.build;

import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.RawNames;
import dev.hoist.internal.dockerfile.ignore.DockerIgnore;
import dev.hoist.dockerfile.Heredoc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The layer of one COPY or ADD, by Docker's rules: sources relative to the context (or a stage
 * or image root), wildcards matched per path component, a directory's contents copied rather
 * than the directory, a destination ending in {@code /} (or several sources, or an existing
 * directory) taken as a directory, a relative destination under WORKDIR, missing parents created,
 * existing parents kept as they are (symlinks among them followed inside the image). Files keep
 * their mode and mtime; ownership is root's or {@code --chown}'s; {@code --chmod} sets the mode of
 * what is copied; {@code --exclude} leaves paths out; {@code --parents} keeps each source's path.
 */
final class CopyStep {
  /** Numeric owner of copied files. */
  record Owner(long uid, long gid) {
    static final Owner ROOT = new Owner(0, 0);
  }

  /** One source: a path in a tree, and where it lands (a directory when {@code contents}). */
  private record Item(SourceTree tree, String path, String target, boolean contents) {}

  private final String keyword;
  private final SourceTree from;
  private final List<String> sources;
  private final List<Heredoc> heredocs;
  private final String destination;
  private final boolean parents;
  private final DockerIgnore excludes;
  private final Map<String, UrlSource.Download> downloads;
  private final Map<String, GitSource.Checkout> checkouts;

  CopyStep(String keyword, SourceTree from, List<String> sources, List<Heredoc> heredocs,
      String destination, String workdir, boolean parents, List<String> excludes) {
    this(keyword, from, sources, heredocs, destination, workdir, parents, excludes, Map.of(),
        Map.of());
  }

  /**
   * {@code downloads}: the URL sources of an ADD (by the source as written), fetched;
   * {@code checkouts}: its git sources, checked out (their contents are copied).
   */
  CopyStep(String keyword, SourceTree from, List<String> sources, List<Heredoc> heredocs,
      String destination, String workdir, boolean parents, List<String> excludes,
      Map<String, UrlSource.Download> downloads, Map<String, GitSource.Checkout> checkouts) {
    this.downloads = downloads;
    this.checkouts = checkouts;
    this.keyword = keyword;
    this.from = from;
    this.sources = sources;
    this.heredocs = heredocs;
    String dest = destination.startsWith("/") ? destination
        : (workdir == null || workdir.isEmpty() ? "/" : workdir) + "/" + destination;
    this.destination = dest;
    this.parents = parents;
    this.excludes = DockerIgnore.parse(String.join("\n", excludes));
  }

  /**
   * The content hash of each file the step reads, by path (the context or a stage's root;
   * downloaded and checked-out sources are in {@link #urlDigests} and {@link #gitCommits}).
   */
  Map<String, String> fingerprints() throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (String source : sources) {
      if (downloads.containsKey(source) || checkouts.containsKey(source)) {
        continue;
      }
      List<String> matched = from.expand(source);
      if (matched.isEmpty()) {
        throw missing(source);
      }
      for (String path : matched) {
        if (Files.isSymbolicLink(from.path(path))) {
          String real = InRoot.resolve(from.root(), path);
          if (Files.exists(from.path(real), LinkOption.NOFOLLOW_LINKS)) {
            out.putAll(from.fingerprints(real)); // what the link points to is what is copied
          }
        }
        for (Map.Entry<String, String> e : from.fingerprints(path).entrySet()) {
          if (!excluded(path, e.getKey())) {
            out.put(e.getKey(), e.getValue());
          }
        }
      }
    }
    return out;
  }

  /** The content digest of each downloaded URL among the sources, by URL. */
  Map<String, String> urlDigests() {
    Map<String, String> out = new TreeMap<>();
    for (String source : sources) {
      UrlSource.Download download = downloads.get(source);
      if (download != null) {
        out.put(source, download.digest().toString());
      }
    }
    return out;
  }

  /** The commit each git source among the sources resolved to, by source. */
  Map<String, String> gitCommits() {
    Map<String, String> out = new TreeMap<>();
    for (String source : sources) {
      GitSource.Checkout checkout = checkouts.get(source);
      if (checkout != null) {
        out.put(checkout.source(), checkout.commit());
      }
    }
    return out;
  }

  private boolean excluded(String sourceRoot, String path) {
    if (excludes.patterns().isEmpty()) {
      return false;
    }
    String rel = path.equals(sourceRoot) ? path.substring(path.lastIndexOf('/') + 1)
        : path.startsWith(sourceRoot + "/") ? path.substring(sourceRoot.length() + 1) : path;
    return excludes.excludes(rel) || excludes.excludes(path);
  }

  private BuildException missing(String source) {
    return new BuildException(keyword + " failed: " + source + ": no such file or directory in "
        + "the build context (or excluded by .dockerignore)");
  }

  /**
   * The layer's entries. {@code destRoot} is the image's merged root (to find existing
   * directories), {@code time} the mtime of directories the step creates.
   */
  List<LayerEntry> entries(Path destRoot, Owner owner, Integer chmod, Instant time,
      Map<String, Path> archives) throws IOException {
    List<Item> items = plan(destRoot, archives);
    Map<String, LayerEntry> out = new LinkedHashMap<>();
    Set<String> created = new HashSet<>();
    for (Item item : items) {
      if (item.contents()) {
        String dir = InRoot.resolve(destRoot, item.target());
        addParents(out, created, destRoot, dir, owner, time, true);
        for (String child : item.tree().walk(item.path())) {
          String full = SourceTree.join(item.path(), child);
          if (excluded(item.path(), full)) {
            continue;
          }
          add(out, item.tree().path(full), SourceTree.join(dir, child), owner, chmod);
        }
      } else {
        String target = InRoot.resolveParents(destRoot, item.target());
        if (target.isEmpty()) {
          throw new BuildException(keyword + " cannot replace the root directory");
        }
        addParents(out, created, destRoot, target, owner, time, false);
        if (item.tree() == null) {
          continue; // heredocs are added below
        }
        add(out, item.tree().path(item.path()), target, owner, chmod);
        if (Files.isDirectory(item.tree().path(item.path()), LinkOption.NOFOLLOW_LINKS)) {
          for (String child : item.tree().walk(item.path())) {
            String full = SourceTree.join(item.path(), child);
            if (!excluded(item.path(), full)) {
              add(out, item.tree().path(full), SourceTree.join(target, child), owner, chmod);
            }
          }
        }
      }
    }
    String destDir = SourceTree.clean(destination);
    for (Heredoc h : heredocs) {
      String target = InRoot.resolveParents(destRoot, destinationIsDirectory(destRoot,
          items.size() + heredocs.size()) ? SourceTree.join(destDir, h.name()) : destDir);
      addParents(out, created, destRoot, target, owner, time, false);
      byte[] bytes = h.content().getBytes(StandardCharsets.UTF_8);
      out.put(target, LayerEntry.file(target, bytes).withMode(chmod != null ? chmod : 0644)
          .withOwner(owner.uid(), owner.gid()).withMtime(time));
    }
    return new ArrayList<>(out.values());
  }

  private boolean destinationIsDirectory(Path destRoot, int count) throws IOException {
    return destination.endsWith("/") || destination.endsWith("/.") || count > 1
        || InRoot.isDirectory(destRoot, destination);
  }

  private List<Item> plan(Path destRoot, Map<String, Path> archives) throws IOException {
    List<String[]> matched = new ArrayList<>();
    for (String source : sources) {
      if (downloads.containsKey(source) || checkouts.containsKey(source)) {
        matched.add(new String[] {source, null});
        continue;
      }
      List<String> paths = from.expand(source);
      if (paths.isEmpty()) {
        throw missing(source);
      }
      for (String p : paths) {
        matched.add(new String[] {source, p});
      }
    }
    int count = matched.size() + heredocs.size();
    boolean destDir = destinationIsDirectory(destRoot, count);
    if (sources.size() + heredocs.size() > 1 && !destination.endsWith("/")) {
      throw new BuildException("When using " + keyword + " with more than one source file, the "
          + "destination must be a directory and end with a /");
    }
    String dest = SourceTree.clean(destination);
    List<Item> items = new ArrayList<>();
    for (String[] m : matched) {
      String path = m[1];
      UrlSource.Download download = path == null ? downloads.get(m[0]) : null;
      if (download != null) {
        // never extracted, even when it is an archive (Docker's rule)
        if (destDir && download.name() == null) {
          throw new BuildException(keyword + " " + m[0] + ": cannot determine filename from "
              + "URL; give the destination a file name");
        }
        items.add(new Item(SourceTree.of(download.file().getParent()),
            download.file().getFileName().toString(),
            destDir ? SourceTree.join(dest, download.name()) : dest, false));
        continue;
      }
      GitSource.Checkout checkout = path == null ? checkouts.get(m[0]) : null;
      if (checkout != null) {
        items.add(new Item(SourceTree.of(checkout.root()), "", dest, true)); // its contents
        continue;
      }
      Path archive = archives.get(path);
      if (archive != null) {
        items.add(new Item(SourceTree.of(archive), "", dest, true));
        continue;
      }
      String name = path.isEmpty() ? "" : path.substring(path.lastIndexOf('/') + 1);
      // a source that is a symlink is copied as what it points to (inside the root), as Docker
      // does; symlinks inside a copied directory stay symlinks
      String real = Files.isSymbolicLink(from.path(path)) ? InRoot.resolve(from.root(), path)
          : path;
      if (!Files.exists(from.path(real), LinkOption.NOFOLLOW_LINKS)) {
        throw missing(m[0]);
      }
      boolean isDir = Files.isDirectory(from.path(real), LinkOption.NOFOLLOW_LINKS);
      if (parents) {
        items.add(new Item(from, real, SourceTree.join(dest, path), false));
      } else if (isDir) {
        items.add(new Item(from, real, dest, true));
      } else {
        items.add(new Item(from, real, destDir ? SourceTree.join(dest, name) : dest, false));
      }
    }
    return items;
  }

  private static void add(Map<String, LayerEntry> out, Path source, String target, Owner owner,
      Integer chmod) throws IOException {
    Map<String, Object> a = Files.readAttributes(source,
        "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    int full = (Integer) a.get("mode");
    int mode = chmod != null ? chmod : full & 07777;
    Instant mtime = Instant.ofEpochSecond(
        ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.SECONDS));
    LayerEntry e;
    switch (full & 0170000) {
      case 0040000 -> e = LayerEntry.directory(target);
      case 0100000 -> e = LayerEntry.file(target, source);
      case 0120000 -> {
        e = LayerEntry.symlink(target, RawNames.name(Files.readSymbolicLink(source)));
        mode = full & 07777;
      }
      default -> {
        return; // devices, FIFOs and sockets are not copied
      }
    }
    out.put(target, e.withMode(mode).withOwner(owner.uid(), owner.gid()).withMtime(mtime));
  }

  /**
   * Entries for the parents of {@code target} (and {@code target} itself when {@code self}):
   * existing directories as they are in the image, missing ones 0755 owned by {@code owner}.
   */
  private static void addParents(Map<String, LayerEntry> out, Set<String> created,
      Path destRoot, String target, Owner owner, Instant time, boolean self) throws IOException {
    String[] parts = target.isEmpty() ? new String[0] : target.split("/");
    int upTo = self ? parts.length : parts.length - 1;
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < upTo; i++) {
      if (path.length() > 0) {
        path.append('/');
      }
      path.append(parts[i]);
      String p = path.toString();
      if (out.containsKey(p)) {
        continue;
      }
      Path existing = RawNames.resolve(destRoot, p);
      if (Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
        Map<String, Object> a = Files.readAttributes(existing,
            "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        out.put(p, LayerEntry.directory(p).withMode((Integer) a.get("mode") & 07777)
            .withOwner(Integer.toUnsignedLong((Integer) a.get("uid")),
                Integer.toUnsignedLong((Integer) a.get("gid")))
            .withMtime(Instant.ofEpochSecond(
                ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.SECONDS))));
      } else {
        created.add(p);
        out.put(p, LayerEntry.directory(p).withMode(0755).withOwner(owner.uid(), owner.gid())
            .withMtime(time));
      }
    }
  }
}
