package dev.hoist.internal.cache.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A named lock shared by every hoist process using one home: an advisory file lock on
 * {@code locks/<name>.lock} between processes, and a read-write lock between the threads of
 * this process (a JVM may hold only one file lock per region, so threads holding the lock shared
 * share one file lock, counted). Shared holders run together; an exclusive holder runs alone.
 *
 * <p>Garbage collection takes {@link #GC} exclusively; anything that writes content not yet
 * referenced by a tag (a pull, a build, a load) holds it shared until the tag is written, so a
 * prune never removes what is about to become referenced.
 */
public final class StoreLock {
  /** Held shared by writers of content, exclusively by garbage collection. */
  public static final String GC = "gc";
  /** Held exclusively while index.json (the tags) is read, changed and written. */
  public static final String TAGS = "tags";

  private static final Map<Path, ProcessState> STATES = new ConcurrentHashMap<>();

  private final ProcessState state;

  public StoreLock(HoistHome home, String name) {
    Path file = home.locks().resolve(name + ".lock").toAbsolutePath();
    this.state = STATES.computeIfAbsent(file, ProcessState::new);
  }

  /**
   * Takes the lock shared; close the returned handle to release it. A thread joining a shared
   * hold this process has already (a build's platform, stage and unpacking threads while the
   * build holds it) gets in even when an exclusive holder of this process is waiting: it would
   * otherwise wait for that holder, which waits for the build, which waits for this thread.
   */
  public Held shared() throws IOException {
    if (state.threads.getReadLockCount() == 0 || !state.threads.readLock().tryLock()) {
      state.threads.readLock().lock();
    }
    try {
      state.acquireShared();
    } catch (IOException | RuntimeException e) {
      state.threads.readLock().unlock();
      throw e;
    }
    return () -> {
      try {
        state.releaseShared();
      } finally {
        state.threads.readLock().unlock();
      }
    };
  }

  /** Takes the lock exclusively; close the returned handle to release it. */
  public Held exclusive() throws IOException {
    state.threads.writeLock().lock();
    return exclusiveFileLock(true);
  }

  /**
   * Takes the lock exclusively if no one (another process, another thread, or this thread)
   * holds it; empty when someone does.
   */
  public java.util.Optional<Held> tryExclusive() throws IOException {
    if (state.threads.isWriteLockedByCurrentThread() || !state.threads.writeLock().tryLock()) {
      return java.util.Optional.empty(); // held: by this very thread counts too
    }
    return java.util.Optional.ofNullable(exclusiveFileLock(false));
  }

  /**
   * With this thread holding the write lock: the file lock as well, waiting for other
   * processes, or not ({@code wait} false: null when one holds it). The write lock is released
   * again when no handle is returned.
   */
  private Held exclusiveFileLock(boolean wait) throws IOException {
    FileChannel channel = null;
    FileLock lock;
    try {
      channel = state.open();
      lock = wait ? channel.lock(0, Long.MAX_VALUE, false)
          : channel.tryLock(0, Long.MAX_VALUE, false);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      state.threads.writeLock().unlock();
      throw e;
    }
    if (lock == null) {
      channel.close();
      state.threads.writeLock().unlock();
      return null;
    }
    FileChannel held = channel;
    return () -> {
      try {
        lock.release();
        held.close();
      } finally {
        state.threads.writeLock().unlock();
      }
    };
  }

  /** A lock being held; closing releases it. */
  @FunctionalInterface
  public interface Held extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  /** This process's view of one lock file. */
  private static final class ProcessState {
    private final Path file;
    private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
    private int sharedHolders;
    private FileChannel sharedChannel;
    private FileLock sharedLock;

    ProcessState(Path file) {
      this.file = file;
    }

    FileChannel open() throws IOException {
      Files.createDirectories(file.getParent());
      return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    }

    synchronized void acquireShared() throws IOException {
      if (sharedHolders == 0) {
        FileChannel channel = open();
        try {
          sharedLock = channel.lock(0, Long.MAX_VALUE, true);
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
        sharedChannel = channel;
      }
      sharedHolders++;
    }

    synchronized void releaseShared() throws IOException {
      if (--sharedHolders == 0) {
        try {
          sharedLock.release();
        } finally {
          sharedChannel.close();
          sharedLock = null;
          sharedChannel = null;
        }
      }
    }
  }
}
