package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ChildJvm;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims on cache keys ({@link InflightSteps}) between threads and between processes, on a real
 * home's step cache (no root): a waiter takes what the holder stored, computes the key itself
 * when the holder stored nothing, and an interrupted waiter stops without disturbing the holder.
 * The real builds are {@link InflightBuildsTest}'s.
 */
class InflightStepsTest {
  static final StepCache.Entry ENTRY = new StepCache.Entry(null, null, "2026-12-05T00:00:00Z");
  static final String KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path tmp;
  HoistHome home;
  StepCache cache;
  InflightSteps inflight;
  ExecutorService pool;

  @BeforeEach
  void setUp() {
    home = new HoistHome(tmp.resolve("home"));
    cache = new StepCache(home);
    inflight = new InflightSteps(home);
    pool = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  private InflightSteps.Claim claim() throws Exception {
    return inflight.claim(KEY, () -> cache.lookup(KEY));
  }

  @Test
  void aWaiterTakesWhatTheHolderStored() throws Exception {
    InflightSteps.Claim holder = claim();
    assertTrue(holder.found().isEmpty() && holder.waited().isEmpty());
    Future<InflightSteps.Claim> waiter = pool.submit(this::claim);
    awaitWaiters(1);
    cache.store(KEY, ENTRY);
    holder.close();
    InflightSteps.Claim taken = waiter.get(10, TimeUnit.SECONDS);
    assertEquals(Optional.of(ENTRY), taken.found());
    assertTrue(taken.waited().isPresent(), "the waiter says it waited");
    taken.close();
    assertEquals(List.of(), lockFiles());
  }

  @Test
  void aKeyReleasedWithoutAnEntryIsComputedByTheWaiter() throws Exception {
    InflightSteps.Claim holder = claim();
    Future<InflightSteps.Claim> waiter = pool.submit(this::claim);
    awaitWaiters(1);
    holder.close(); // its computation failed: nothing stored
    try (InflightSteps.Claim mine = waiter.get(10, TimeUnit.SECONDS)) {
      assertTrue(mine.found().isEmpty(), "the waiter holds the key, to compute it");
      Future<InflightSteps.Claim> third = pool.submit(this::claim);
      awaitWaiters(1); // and a third build waits for the waiter now
      cache.store(KEY, ENTRY);
      mine.close();
      assertEquals(Optional.of(ENTRY), third.get(10, TimeUnit.SECONDS).found());
    }
  }

  @Test
  void anInterruptedWaiterStopsAndTheHolderGoesOn() throws Exception {
    InflightSteps.Claim holder = claim();
    assertInstanceOf(InterruptedException.class, interruptedWaiter());
    Future<InflightSteps.Claim> next = pool.submit(this::claim);
    awaitWaiters(1); // the key is still the holder's
    cache.store(KEY, ENTRY);
    holder.close();
    assertEquals(Optional.of(ENTRY), next.get(10, TimeUnit.SECONDS).found());
  }

  /**
   * Another process holds the key: a thread waiting for its lock file and interrupted stops
   * (its own channel closed, the other process's lock untouched); the next waits until the
   * other process stores the entry and releases the key, and takes the entry.
   */
  @Test
  void aClaimOfAnotherProcessIsWaitedFor() throws Exception {
    Process child = ChildJvm.start(InflightHolder.class, home.root().toString(), KEY);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8)); Writer in = new java.io.OutputStreamWriter(
        child.getOutputStream(), StandardCharsets.UTF_8)) {
      assertEquals("claimed", out.readLine());
      assertInstanceOf(InterruptedException.class, interruptedWaiter());
      Future<InflightSteps.Claim> waiter = pool.submit(this::claim);
      awaitWaiters(1);
      assertEquals(1, lockFiles().size(), "the other process's lock file stays");
      in.write("go\n");
      in.flush();
      InflightSteps.Claim taken = waiter.get(20, TimeUnit.SECONDS);
      assertEquals(Optional.of(ENTRY), taken.found());
      assertTrue(taken.waited().isPresent());
      assertEquals("released", out.readLine());
      assertEquals(0, child.waitFor(20, TimeUnit.SECONDS) ? child.exitValue() : -1);
      assertEquals(List.of(), lockFiles());
    } finally {
      child.destroyForcibly();
    }
  }

  /**
   * A prune ({@code builder prune}'s {@link BuildCache#prune}) removes the lock file a killed
   * build left, and never one held: by another process's build or by a build of this JVM.
   */
  @Test
  void aPruneRemovesAKilledBuildsLockFileAndNoHeldOne() throws Exception {
    String mine = KEY.replace('0', 'f');
    Process child = ChildJvm.start(InflightHolder.class, home.root().toString(), KEY);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8));
        InflightSteps.Claim held = inflight.claim(mine, () -> cache.lookup(mine))) {
      assertEquals("claimed", out.readLine());
      assertEquals(List.of(), new BuildCache(home).prune(false, null, java.util.Set.of()));
      assertEquals(2, lockFiles().size(), "both held: " + lockFiles());

      child.destroyForcibly(); // SIGKILL: its lock goes, its empty file stays
      assertTrue(child.waitFor(20, TimeUnit.SECONDS));
      assertEquals(2, lockFiles().size());
      new BuildCache(home).prune(false, null, java.util.Set.of());
      assertEquals(List.of(mine + ".lock"), lockFiles().stream()
          .map(f -> f.getFileName().toString()).toList(), "the killed build's went");
      try (InflightSteps.Claim free = claim()) {
        assertTrue(free.waited().isEmpty(), "nobody holds the killed build's key");
      }
    } finally {
      child.destroyForcibly();
    }
    assertEquals(List.of(), lockFiles());
  }

  /**
   * What a thread claiming the key ends with when it is interrupted while it waits (null: it
   * ended normally), once it no longer waits.
   */
  private Throwable interruptedWaiter() throws Exception {
    java.util.concurrent.CompletableFuture<Throwable> end =
        new java.util.concurrent.CompletableFuture<>();
    Thread t = new Thread(() -> {
      try (InflightSteps.Claim c = claim()) {
        end.complete(null);
      } catch (Throwable e) {
        end.complete(e);
      }
    });
    t.start();
    awaitWaiters(1);
    t.interrupt();
    Throwable result = end.get(10, TimeUnit.SECONDS);
    awaitWaiters(0);
    return result;
  }

  /** Waits (10 s at most) until exactly {@code n} threads of this JVM wait for a claim. */
  private static void awaitWaiters(int n) throws InterruptedException {
    for (int i = 0; i < 1000 && InflightSteps.waiting() != n; i++) {
      Thread.sleep(10);
    }
    assertEquals(n, InflightSteps.waiting(), "threads waiting for a claim");
  }

  private List<Path> lockFiles() throws Exception {
    return lockFiles(home);
  }

  /** The lock files of claims on {@code home} (none once every claim is released). */
  static List<Path> lockFiles(HoistHome home) throws java.io.IOException {
    Path dir = home.buildCache().resolve("inflight");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
