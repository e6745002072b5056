package dev.hoist.internal.cache.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void resultsComeInTaskOrderFromSeveralThreads() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch both = new CountDownLatch(2);
    List<Parallel.Call<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int n = i;
      calls.add(() -> {
        threads.add(Thread.currentThread().getName());
        if (n < 2) { // the first two wait for each other: they must run at the same time
          both.countDown();
          assertTrue(both.await(10, TimeUnit.SECONDS));
        }
        return n * n;
      });
    }
    assertEquals(List.of(0, 1, 4, 9, 16, 25), Parallel.map(2, "test-pool", calls));
    assertTrue(threads.stream().allMatch(t -> t.startsWith("test-pool-")), threads.toString());
  }

  @Test
  void theFirstFailureIsThrownAsTheTaskThrewIt() {
    IOException io = new IOException("disk full");
    IOException thrown = assertThrows(IOException.class, () -> Parallel.run(3, "t", List.of(
        () -> { }, () -> {
          throw io;
        }, () -> { })));
    assertSame(io, thrown);
    UncheckedIOException unchecked = new UncheckedIOException(io);
    assertSame(unchecked, assertThrows(UncheckedIOException.class, () -> Parallel.run(2, "t",
        List.of(() -> {
          throw unchecked;
        }, () -> { }))));
    assertSame(io, assertThrows(IOException.class, () -> Parallel.run(1, "t", List.of(() -> {
      throw io;
    }))));
  }
}
