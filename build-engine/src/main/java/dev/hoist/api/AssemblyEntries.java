package dev.hoist.api;

import dev.hoist.internal.cache.layer.LayerEntry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link LayerSpec} made into layer entries: directories walked (sorted, symlinks kept), the
 * spec's modes, owners and times applied (never the host's), missing parents added. A later
 * entry for a path replaces an earlier one (a file added on its own after the directory that
 * holds it sets that file's mode or owner). Each entry also has a line of the layer's cache
 * selector: what decides its bytes (its path, type, mode, owner, time, size and link target)
 * and what tells whether its source changed (the source's path, modification time and size),
 * as Jib's {@code LayerEntriesSelector} has it.
 */
final class AssemblyEntries {
  /** One entry of the layer and its selector line. */
  record Expanded(LayerEntry entry, String selectorLine) {}

  private final LayerSpec spec;
  private final Map<String, Expanded> byPath = new TreeMap<>();

  private AssemblyEntries(LayerSpec spec) {
    this.spec = spec;
  }

  /** The entries of {@code spec}, sorted by path. */
  static List<Expanded> of(LayerSpec spec) throws AssemblyException {
    AssemblyEntries entries = new AssemblyEntries(spec);
    for (FileEntry e : spec.entries()) {
      entries.add(e);
    }
    entries.addParents();
    return new ArrayList<>(entries.byPath.values());
  }

  private void add(FileEntry e) throws AssemblyException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(e.source(), BasicFileAttributes.class);
    } catch (NoSuchFileException missing) {
      throw new AssemblyException("layer \"" + spec.name() + "\": the source " + e.source()
          + " (for " + e.pathInImage() + ") does not exist");
    } catch (IOException failure) {
      throw new AssemblyException("layer \"" + spec.name() + "\": cannot read " + e.source()
          + ": " + failure.getMessage(), failure);
    }
    String path = relative(e.pathInImage());
    try {
      addTree(e, e.source(), path, attributes);
    } catch (AssemblyException failure) {
      throw failure;
    } catch (IOException failure) {
      throw new AssemblyException("layer \"" + spec.name() + "\": cannot read under "
          + e.source() + ": " + failure.getMessage(), failure);
    }
  }

  private void addTree(FileEntry e, Path source, String path, BasicFileAttributes a)
      throws IOException {
    long uid = e.uid() != null ? e.uid() : spec.uid();
    long gid = e.gid() != null ? e.gid() : spec.gid();
    Instant time = e.modificationTime() != null ? e.modificationTime() : spec.modificationTime();
    if (a.isDirectory()) {
      if (!path.isEmpty()) {
        put(new LayerEntry(path, LayerEntry.Type.DIRECTORY, spec.directoryMode(), uid, gid, time,
            0, null, null, null, null, 0, 0), source, a);
      }
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> list = Files.newDirectoryStream(source)) {
        list.forEach(children::add);
      }
      children.sort(null);
      for (Path child : children) {
        BasicFileAttributes ca = Files.readAttributes(child, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        String name = child.getFileName().toString();
        addTree(e, child, path.isEmpty() ? name : path + "/" + name, ca);
      }
    } else if (a.isRegularFile()) {
      int mode = e.mode() != null ? e.mode() : spec.fileMode();
      put(new LayerEntry(path, LayerEntry.Type.FILE, mode, uid, gid, time, a.size(), null,
          source, null, null, 0, 0), source, a);
    } else if (a.isSymbolicLink()) {
      put(new LayerEntry(path, LayerEntry.Type.SYMLINK, 0777, uid, gid, time, 0, null, null,
          Files.readSymbolicLink(source).toString(), null, 0, 0), source, a);
    } else {
      throw new AssemblyException("layer \"" + spec.name() + "\": " + source
          + " is neither a file, a directory nor a symlink");
    }
  }

  private void put(LayerEntry entry, Path source, BasicFileAttributes a) {
    String line = entry.path() + '\0' + entry.type() + '\0' + Integer.toOctalString(entry.mode())
        + '\0' + entry.uid() + ':' + entry.gid() + '\0' + entry.mtime().getEpochSecond() + '\0'
        + entry.size() + '\0' + (entry.linkTarget() == null ? "" : entry.linkTarget()) + '\0'
        + source.toAbsolutePath() + '\0' + a.lastModifiedTime().toInstant() + '\0'
        + a.size();
    byPath.put(entry.path(), new Expanded(entry, line));
  }

  private void addParents() {
    for (String path : new ArrayList<>(byPath.keySet())) {
      for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
        String parent = path.substring(0, slash);
        if (byPath.containsKey(parent)) {
          continue;
        }
        LayerEntry dir = new LayerEntry(parent, LayerEntry.Type.DIRECTORY, spec.directoryMode(),
            spec.uid(), spec.gid(), spec.modificationTime(), 0, null, null, null, null, 0, 0);
        byPath.put(parent, new Expanded(dir, parent + '\0' + "PARENT" + '\0'
            + Integer.toOctalString(spec.directoryMode()) + '\0' + spec.uid() + ':' + spec.gid()
            + '\0' + spec.modificationTime().getEpochSecond()));
      }
    }
  }

  private static String relative(String pathInImage) {
    String p = pathInImage;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.replaceAll("/+", "/");
  }
}
