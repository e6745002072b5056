package dev.hoist.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs blob transfers a few at a time; the first failure cancels the rest and is thrown. */
final class Parallel {
  /** One transfer. */
  @FunctionalInterface
  interface Task {
    void run() throws IOException;
  }

  private Parallel() {}

  static void run(int threads, List<Task> tasks) throws IOException {
    if (tasks.size() <= 1 || threads <= 1) {
      for (Task t : tasks) {
        t.run();
      }
      return;
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
      Thread t = new Thread(r, "hoist-transfer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (Task t : tasks) {
        futures.add(pool.submit(() -> {
          t.run();
          return null;
        }));
      }
      for (Future<Void> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          futures.forEach(other -> other.cancel(true));
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IOException(cause);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      pool.shutdownNow();
    }
  }
}
