package dev.hoist.internal.build;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.internal.cache.store.Trees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The build cache as a whole, for the commands that keep or remove it: the layers its step
 * entries hold (garbage collection keeps them, as Docker keeps BuildKit's cache through
 * {@code docker rmi}), and {@code hoist builder prune}.
 *
 * <p>As BuildKit's prune: without {@code all} only dangling entries go, those whose layer no
 * image uses (a builder stage's steps, the steps of a replaced image), and the cache mounts no
 * step holds; with {@code all}, every entry, every unused cache mount, and the records kept for
 * {@code --explain} and for hashing the context. An entry is used when its step last ran or was
 * a cache hit; {@code olderThan} (Docker's {@code --filter until=}) keeps what was used since.
 * Either way the lock files a killed build left in {@code cache/inflight/} go.
 */
public final class BuildCache {
  /** What the build cache keeps: layer blobs and their unpacked snapshots (by diff ID). */
  public record Roots(Set<Digest> blobs, Set<Digest> diffIds) {}

  private final HoistHome home;
  private final Path steps;

  public BuildCache(HoistHome home) {
    this.home = home;
    this.steps = home.buildCache().resolve("steps");
  }

  /** The layers and snapshots of every step entry. */
  public Roots roots() throws IOException {
    Set<Digest> blobs = new HashSet<>();
    Set<Digest> diffIds = new HashSet<>();
    for (Path file : entries()) {
      read(file).filter(e -> e.layer() != null).ifPresent(e -> {
        blobs.add(e.layer().digest());
        if (e.diffId() != null) {
          diffIds.add(Digest.parse(e.diffId()));
        }
      });
    }
    return new Roots(blobs, diffIds);
  }

  /**
   * Removes entries (see the class comment); returns the IDs removed (step keys, and
   * {@code mount:ID} for cache mounts). The caller then collects garbage with the
   * {@link #roots} that remain. {@code imageLayers} are the layer blobs of every image.
   */
  public List<String> prune(boolean all, Instant olderThan, Set<Digest> imageLayers)
      throws IOException {
    List<String> removed = new ArrayList<>();
    for (Path file : entries()) {
      if (olderThan != null && !lastUsed(file).isBefore(olderThan)) {
        continue;
      }
      Optional<StepCache.Entry> entry = read(file);
      boolean dangling = entry.isEmpty() || entry.get().layer() != null
          && !imageLayers.contains(entry.get().layer().digest());
      if (all || dangling) {
        if (Files.deleteIfExists(file)) {
          String name = file.getFileName().toString();
          removed.add(name.substring(0, name.length() - ".json".length()));
        }
      }
    }
    Path mounts = home.buildCache().resolve("mounts");
    for (Path dir : list(mounts)) {
      String id = dir.getFileName().toString();
      if (olderThan != null && !lastUsed(dir).isBefore(olderThan)) {
        continue;
      }
      // a mount a running step holds (in any sharing mode) has its lock taken: it stays
      Optional<StoreLock.Held> held = new StoreLock(home, "cache-mount-" + id).tryExclusive();
      if (held.isPresent()) {
        try (StoreLock.Held h = held.get()) {
          Trees.delete(dir);
          removed.add("mount:" + id);
        }
      }
    }
    removeUnheldLocks();
    if (all && olderThan == null) {
      for (String records : new String[] {"inputs", "results", "hashes"}) {
        Trees.delete(home.buildCache().resolve(records));
      }
    }
    return removed;
  }

  /**
   * Removes the lock files of step computations ({@code cache/inflight/}) that a killed build
   * left and no build holds ({@link InflightSteps#removeUnheld}); every prune does, its
   * filters whatever they are. Returns how many it removed.
   */
  public int removeUnheldLocks() {
    return InflightSteps.removeUnheld(home);
  }

  /** Marks an entry used now (a cache hit), for {@code --filter until=}. */
  static void touch(Path entry) {
    try {
      Files.setLastModifiedTime(entry, java.nio.file.attribute.FileTime.from(Instant.now()));
    } catch (IOException e) {
      // best effort: the entry may have been pruned meanwhile
    }
  }

  private static Instant lastUsed(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private List<Path> entries() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : list(steps)) {
      if (p.getFileName().toString().endsWith(".json")) {
        files.add(p);
      }
    }
    return files;
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> paths = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return paths;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(paths::add);
    }
    return paths;
  }

  private static Optional<StepCache.Entry> read(Path file) throws IOException {
    try {
      return Optional.of(CanonicalJson.read(Files.readAllBytes(file), StepCache.Entry.class,
          "build cache entry " + file.getFileName()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // unreadable: dangling, whatever its layer
    }
  }
}
