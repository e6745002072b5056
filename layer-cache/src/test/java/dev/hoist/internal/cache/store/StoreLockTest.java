package dev.hoist.internal.cache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {
  @TempDir Path dir;

  @Test
  void sharedHoldersInOneProcessRunTogether() throws Exception {
    StoreLock lock = new StoreLock(new HoistHome(dir), "gc");
    CountDownLatch both = new CountDownLatch(2);
    Runnable holder = () -> {
      try (StoreLock.Held held = lock.shared()) {
        both.countDown();
        assertTrue(both.await(30, TimeUnit.SECONDS), "the other shared holder never got in");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    Thread a = new Thread(holder);
    Thread b = new Thread(holder);
    a.start();
    b.start();
    a.join();
    b.join();
    assertEquals(0, both.getCount());
  }

  @Test
  void aThreadJoiningAHeldSharedLockPassesAWaitingExclusiveHolder() throws Exception {
    StoreLock lock = new StoreLock(new HoistHome(dir), "gc");
    CountDownLatch pruned = new CountDownLatch(1);
    Thread prune = taker(lock::exclusive, pruned);
    try (StoreLock.Held build = lock.shared()) {
      prune.start();
      while (prune.getState() != Thread.State.WAITING) { // queued behind the build's hold
        Thread.sleep(5);
      }
      CountDownLatch joined = new CountDownLatch(1);
      Thread helper = taker(lock::shared, joined);
      helper.start();
      assertTrue(joined.await(30, TimeUnit.SECONDS),
          "the build's helper thread waited for the prune, which waits for the build");
      assertEquals(1, pruned.getCount(), "the prune waits while the build holds the lock");
      helper.join();
    }
    // the prune takes the lock once the build lets go; it must finish before @TempDir is
    // deleted under it (CI failed once with "Failed to close extension context")
    prune.join(TimeUnit.SECONDS.toMillis(10));
    assertEquals(0, pruned.getCount(), "the prune got the lock once the build let go");
  }

  @Test
  void exclusiveInAnotherProcessMakesSharedWait() throws Exception {
    Process other = hold("exclusive");
    try {
      long start = System.nanoTime();
      Thread release = releaseAfter(other, 1000);
      try (StoreLock.Held held = new StoreLock(new HoistHome(dir), "gc").shared()) {
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= 1000, "shared lock taken after " + waited + " ms, while the other "
            + "process held it exclusively");
      }
      release.join();
      assertEquals(0, other.waitFor());
    } finally {
      stop(other);
    }
  }

  @Test
  void sharedInAnotherProcessMakesExclusiveWaitButNotShared() throws Exception {
    Process other = hold("shared");
    try {
      StoreLock lock = new StoreLock(new HoistHome(dir), "gc");
      // the other process holds its shared lock until we close its input: ours must not wait
      CountDownLatch shared = new CountDownLatch(1);
      Thread reader = taker(lock::shared, shared);
      reader.start();
      assertTrue(shared.await(30, TimeUnit.SECONDS), "a shared lock waited for another shared holder");
      reader.join();
      long start = System.nanoTime();
      Thread release = releaseAfter(other, 1000);
      AtomicLong waited = new AtomicLong();
      try (StoreLock.Held held = lock.exclusive()) {
        waited.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      }
      release.join();
      assertTrue(waited.get() >= 1000, "exclusive lock taken after " + waited + " ms");
      assertEquals(0, other.waitFor());
    } finally {
      stop(other);
    }
  }

  @Test
  void tryExclusiveFailsWhileAnyoneHoldsTheLock() throws Exception {
    StoreLock lock = new StoreLock(new HoistHome(dir), "gc");
    try (StoreLock.Held held = lock.tryExclusive().orElseThrow()) {
      Thread other = new Thread(() -> {
        try {
          assertTrue(lock.tryExclusive().isEmpty(), "another thread holds it");
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      other.start();
      other.join();
    }
    Process process = hold("shared");
    try {
      assertTrue(lock.tryExclusive().isEmpty(), "another process holds it shared");
      process.getOutputStream().close();
      assertEquals(0, process.waitFor());
    } finally {
      stop(process);
    }
    try (StoreLock.Held held = lock.tryExclusive().orElseThrow()) {
      assertTrue(held != null);
    }
  }

  /** A thread (not started) that takes the lock with {@code take}, counts {@code got} down, lets go. */
  private static Thread taker(java.util.concurrent.Callable<StoreLock.Held> take,
      CountDownLatch got) {
    return new Thread(() -> {
      try (StoreLock.Held held = take.call()) {
        got.countDown();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  /** Another JVM holding the lock until its standard input is closed. */
  private Process hold(String mode) throws Exception {
    Process process = ChildJvm.start(LockHolderProcess.class, dir.toString(), "gc", mode);
    String line = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)).readLine();
    assertEquals("locked", line);
    return process;
  }

  /** Lets the holder go after at least {@code millis}, measured from now. */
  private static Thread releaseAfter(Process holder, long millis) {
    Thread release = new Thread(() -> {
      try {
        Thread.sleep(millis);
        holder.getOutputStream().close();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    release.start();
    return release;
  }

  /** The holder ends before @TempDir is deleted, whatever the test's outcome. */
  private static void stop(Process holder) throws InterruptedException {
    if (holder.isAlive()) {
      holder.destroyForcibly();
    }
    holder.waitFor();
  }
}
