package dev.hoist.internal.build;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One computation per build-cache key at a time: across the builds of this JVM (the platforms of
 * a multi-platform build, the builds of one {@code hoist system service}) and across the
 * processes using one home (two {@code hoist build}s), as BuildKit computes an identical vertex
 * once for every build that needs it.
 *
 * <p>A step whose key missed the cache {@link #claim claims} the key. Within the JVM the first
 * claimer registers a future under the key; a later one waits for that future, holding nothing,
 * and then looks in the cache again. Across processes the claimer then takes an exclusive file
 * lock on {@code cache/inflight/<key>.lock}, waiting while another process holds it, and looks
 * in the cache again once it has it. Either way a build that waited normally finds the entry the
 * other build stored: a hit. When the other build failed or was cancelled there is no entry; the
 * waiter then claims the key and computes the step itself. Closing a claim (once the entry is
 * stored, or after a failure) releases the key; an interrupted waiter just stops waiting.
 *
 * <p>Lock files do not pile up: the holder removes its file, then marks the removed file with a
 * byte, then releases it; a process that was waiting on that file sees the mark once it gets the
 * lock and opens the path again (a new, empty file). Nothing here takes a store lock, and the
 * holder of a claim never waits for another claim (the work of a step claims nothing), so the
 * waits form no cycle: a prune waiting for the {@code gc} lock, which both builds hold shared,
 * waits for both to end, as it did before.
 */
final class InflightSteps {
  /** The keys this JVM's builds are computing, by lock file: completed when released. */
  private static final Map<Path, CompletableFuture<Void>> RUNNING = new ConcurrentHashMap<>();
  /** How many threads of this JVM are waiting for another build's computation now. */
  private static final AtomicInteger WAITING = new AtomicInteger();
  /** What a released lock file holds: it was removed, open the path again. */
  private static final byte[] REMOVED = {'x'};

  /** Looks the key up in the cache (again). */
  @FunctionalInterface
  interface Lookup {
    Optional<StepCache.Entry> find() throws IOException;
  }

  private final HoistHome home;
  private volatile Path dir;

  InflightSteps(HoistHome home) {
    this.home = home;
  }

  /**
   * The lock directory, made on the first claim and named by its real path: two spellings of
   * one home in this JVM (a symbolic link) must meet in one future, or their second file lock on
   * one file would fail ({@code OverlappingFileLockException}).
   */
  private Path dir() throws IOException {
    Path d = dir;
    if (d == null) {
      d = Files.createDirectories(home.buildCache().resolve("inflight")).toRealPath();
      dir = d;
    }
    return d;
  }

  /** For tests: how many threads of this JVM wait for another build's computation now. */
  static int waiting() {
    return WAITING.get();
  }

  /**
   * Claims {@code key}, whose entry {@code lookup} did not find: returns at once when no build
   * computes it, else when the build computing it ends. The claim then holds either the entry
   * that build stored ({@link Claim#found}: nothing to compute, the claim holds nothing) or the
   * key, to compute and store and then close.
   */
  Claim claim(String key, Lookup lookup) throws IOException, InterruptedException {
    Path file = dir().resolve(key + ".lock");
    long start = System.nanoTime();
    boolean waited = false;
    while (true) {
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> theirs = RUNNING.putIfAbsent(file, mine);
      if (theirs != null) {
        waited = true;
        await(theirs);
        Optional<StepCache.Entry> found = lookup.find();
        if (found.isPresent()) {
          return new Claim(found, since(start), null, null, null);
        }
        continue; // it failed or was cancelled: claim the key
      }
      LockFile lock = null;
      Optional<StepCache.Entry> found;
      try {
        lock = LockFile.take(file);
        waited |= lock.waited();
        found = lookup.find();
      } catch (IOException | InterruptedException | RuntimeException | Error e) {
        try {
          if (lock != null) {
            lock.close();
          }
        } finally {
          release(file, mine);
        }
        throw e;
      }
      Duration waitedFor = waited ? since(start) : null;
      if (found.isEmpty()) {
        return new Claim(found, waitedFor, lock, file, mine);
      }
      try { // another process stored it meanwhile: nothing to hold
        lock.close();
      } finally {
        release(file, mine);
      }
      return new Claim(found, waitedFor, null, null, null);
    }
  }

  /**
   * Removes the lock files of {@code home} that no process holds: a killed build's (its lock
   * went with it), left empty, which blocks nobody but is never removed by a holder. Each goes
   * as a holder's goes ({@link LockFile#close}: removed, marked, released), so a build that
   * opened it meanwhile and waits for its lock opens the path again. One held, by another
   * process or a build of this JVM, stays. Best effort: how many it removed.
   */
  static int removeUnheld(HoistHome home) {
    Path dir = home.buildCache().resolve("inflight");
    int removed = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.lock")) {
      for (Path listed : files) {
        // in this JVM's turns first, as a claim takes them: a build of this JVM taking the
        // file's lock while the sweep holds it would fail (OverlappingFileLockException)
        CompletableFuture<Void> mine = new CompletableFuture<>();
        Path file;
        try {
          file = listed.toRealPath();
        } catch (IOException gone) {
          continue; // its holder removed it
        }
        if (RUNNING.putIfAbsent(file, mine) != null) {
          continue; // a build of this JVM holds it
        }
        try {
          Optional<LockFile> unheld = LockFile.tryTake(file);
          if (unheld.isPresent()) {
            unheld.get().close();
            removed++;
          }
        } catch (IOException e) {
          // gone meanwhile (its holder removed it), or unreadable: the others still go
        } finally {
          release(file, mine);
        }
      }
    } catch (IOException e) {
      // the directory cannot be listed: nothing removed
    }
    return removed;
  }

  private static void await(CompletableFuture<Void> computation) throws InterruptedException {
    WAITING.incrementAndGet();
    try {
      computation.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e); // never: the futures are only completed normally
    } finally {
      WAITING.decrementAndGet();
    }
  }

  private static void release(Path file, CompletableFuture<Void> mine) {
    RUNNING.remove(file, mine);
    mine.complete(null);
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * What {@link #claim} gave: the entry another build computed while this one waited, or the
   * key to compute; close it when the step's entry is stored or the step failed.
   */
  static final class Claim implements AutoCloseable {
    /** A claim on nothing (a step that is not computed once per key: {@code --no-cache}). */
    static final Claim NONE = new Claim(Optional.empty(), null, null, null, null);

    private final Optional<StepCache.Entry> found;
    private final Duration waited;
    private final LockFile lock;
    private final Path file;
    private final CompletableFuture<Void> mine;
    private boolean closed;

    private Claim(Optional<StepCache.Entry> found, Duration waited, LockFile lock, Path file,
        CompletableFuture<Void> mine) {
      this.found = found;
      this.waited = waited;
      this.lock = lock;
      this.file = file;
      this.mine = mine;
    }

    /** The entry a concurrent build stored: empty when this claim's holder computes the key. */
    Optional<StepCache.Entry> found() {
      return found;
    }

    /** How long the claim waited for another build's computation (empty: it did not wait). */
    Optional<Duration> waited() {
      return Optional.ofNullable(waited);
    }

    /**
     * Releases the key (the builds waiting for it look in the cache again); a second close does
     * nothing.
     */
    @Override
    public synchronized void close() throws IOException {
      if (mine == null || closed) {
        return;
      }
      closed = true;
      try {
        lock.close();
      } finally {
        release(file, mine);
      }
    }
  }

  /**
   * The exclusive file lock on one key's lock file, between processes (held by the channel),
   * and whether taking it waited for another process.
   */
  private record LockFile(Path file, FileChannel channel, boolean waited) {

    /**
     * Locks {@code file}, waiting while another process holds it; a file its holder removed
     * (marked) is left for the path's new file.
     */
    static LockFile take(Path file) throws IOException, InterruptedException {
      boolean waited = false;
      while (true) {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
          FileLock lock = channel.tryLock();
          if (lock == null) {
            waited = true;
            WAITING.incrementAndGet();
            try {
              channel.lock();
            } finally {
              WAITING.decrementAndGet();
            }
          }
          if (channel.size() == 0) {
            return new LockFile(file, channel, waited);
          }
          channel.close(); // removed by its holder: the path names a new file, or none
        } catch (FileLockInterruptionException | ClosedByInterruptException e) {
          channel.close();
          throw new InterruptedException("interrupted waiting for another process's build of "
              + "the same step (" + file.getFileName() + ")");
        } catch (IOException | RuntimeException | Error e) {
          channel.close();
          throw e;
        }
      }
    }

    /**
     * Locks {@code file} if no process holds it and it is live (not removed by its holder):
     * empty when it is held, by another process or by this JVM
     * ({@link java.nio.channels.OverlappingFileLockException}), or was removed. Never creates it.
     */
    static Optional<LockFile> tryTake(Path file) throws IOException {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      try {
        FileLock lock = channel.tryLock();
        if (lock != null && channel.size() == 0) {
          return Optional.of(new LockFile(file, channel, false));
        }
      } catch (java.nio.channels.OverlappingFileLockException e) {
        // a build of this JVM holds it
      } catch (IOException | RuntimeException | Error e) {
        channel.close();
        throw e;
      }
      channel.close();
      return Optional.empty();
    }

    /**
     * Removes the file, marks it removed and releases it (closing the channel releases the
     * lock). The interrupt status is set aside meanwhile: an interrupted write would close the
     * channel before the mark, and a process waiting on the removed file would take it for live.
     */
    void close() throws IOException {
      boolean interrupted = Thread.interrupted();
      try {
        Files.deleteIfExists(file);
        channel.write(ByteBuffer.wrap(REMOVED), 0);
      } finally {
        channel.close();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
