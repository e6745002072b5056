package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void aPauseLastsItsPeriodWhenNothingChanges() throws InterruptedException {
    Backoff backoff = new Backoff(30, 30);
    long start = System.nanoTime();
    backoff.pause();
    assertTrue(System.nanoTime() - start >= 29_000_000L, "paused less than its 30 ms");
  }

  @Test
  void aChangeInThisJvmEndsAPauseAtOnce() throws Exception {
    Backoff backoff = new Backoff(10_000, 10_000);
    CountDownLatch pausing = new CountDownLatch(1);
    Thread waker = new Thread(() -> {
      try {
        pausing.await();
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
      Backoff.wakeAll();
    });
    waker.start();
    long start = System.nanoTime();
    pausing.countDown();
    backoff.pause();
    long millis = (System.nanoTime() - start) / 1_000_000L;
    waker.join();
    assertTrue(millis < 5_000, "a 10 s pause ended by wakeAll took " + millis + " ms");
  }

  @Test
  void aChangeBetweenPausesEndsTheNextOneAtOnce() throws InterruptedException {
    Backoff backoff = new Backoff(10_000, 10_000);
    Backoff.wakeAll(); // after it was made, before it pauses: its poll may have missed it
    long start = System.nanoTime();
    backoff.pause();
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "the change was missed");
  }

  @Test
  void refusesABadPeriod() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 5));
  }
}
