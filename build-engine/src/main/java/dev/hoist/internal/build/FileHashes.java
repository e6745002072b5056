package dev.hoist.internal.build;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content hashes of a context's files, remembered between builds by what {@code stat} says
 * (size, mtime and ctime in nanoseconds, inode): a file whose stat is unchanged is not read
 * again, so a rebuild of a large context costs a directory walk, not a hash of every byte (as
 * git's index and BuildKit's content-hash cache do). Kept in
 * {@code $HOIST_HOME/cache/hashes/<hash of the context path>.json}, written atomically at the
 * end of a build; a lost or unreadable file only means hashing again.
 */
final class FileHashes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, String> known = new ConcurrentHashMap<>();
  private volatile boolean changed;

  private FileHashes(Path file) {
    this.file = file;
  }

  /** No memory: every file is hashed. */
  static FileHashes none() {
    return new FileHashes(null);
  }

  static FileHashes load(HoistHome home, Path context) {
    String id = Digest.sha256(context.toAbsolutePath().normalize().toString()
        .getBytes(StandardCharsets.UTF_8)).hex();
    FileHashes hashes = new FileHashes(home.buildCache().resolve("hashes").resolve(id + ".json"));
    try {
      hashes.known.putAll(JSON.readValue(Files.readAllBytes(hashes.file),
          new TypeReference<Map<String, String>>() {}));
    } catch (NoSuchFileException e) {
      // first build of this context
    } catch (IOException e) {
      hashes.known.clear(); // unreadable: start again
    }
    return hashes;
  }

  /** The sha256 (hex) of a regular file's content. */
  String hash(String relative, Path path) throws IOException {
    String stat = null;
    if (file != null) {
      Map<String, Object> a = Files.readAttributes(path, "unix:size,lastModifiedTime,ctime,ino",
          LinkOption.NOFOLLOW_LINKS);
      stat = a.get("size") + ":" + nanos(a.get("lastModifiedTime")) + ":"
          + nanos(a.get("ctime")) + ":" + a.get("ino") + ":";
      String remembered = known.get(relative);
      if (remembered != null && remembered.startsWith(stat)) {
        return remembered.substring(stat.length());
      }
    }
    String hex = SourceTree.sha256(path);
    if (stat != null) {
      known.put(relative, stat + hex);
      changed = true;
    }
    return hex;
  }

  private static long nanos(Object time) {
    FileTime t = (FileTime) time;
    return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void save() throws IOException {
    if (file == null || !changed) {
      return;
    }
    Files.createDirectories(file.getParent());
    AtomicFiles.write(file, JSON.writeValueAsBytes(known));
  }
}
