package dev.hoist.internal.cache.concurrent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks at most {@code threads} at a time on daemon threads and gives their results in the
 * tasks' order. The first failure (in task order) cancels the others and is thrown as the task
 * threw it: an {@link IOException}, a {@link RuntimeException}, an {@link InterruptedException};
 * anything else wrapped in an IOException. One task, or one thread, runs on the caller's thread.
 */
public final class Parallel {
  /** One task that returns a value. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws IOException, InterruptedException;
  }

  /** One task without a value. */
  @FunctionalInterface
  public interface Task {
    void run() throws IOException;
  }

  private Parallel() {}

  /**
   * Runs {@code tasks} on up to {@code threads} threads named {@code name-N}; an interruption of
   * the caller is an {@link InterruptedIOException}.
   */
  public static void run(int threads, String name, List<Task> tasks) throws IOException {
    List<Call<Void>> calls = new ArrayList<>(tasks.size());
    for (Task t : tasks) {
      calls.add(() -> {
        t.run();
        return null;
      });
    }
    try {
      map(threads, name, calls);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /** Runs {@code calls} on up to {@code threads} threads named {@code name-N}: their results, in order. */
  public static <T> List<T> map(int threads, String name, List<Call<T>> calls)
      throws IOException, InterruptedException {
    List<T> results = new ArrayList<>(calls.size());
    if (calls.size() <= 1 || threads <= 1) {
      for (Call<T> c : calls) {
        results.add(c.call());
      }
      return results;
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, calls.size()), r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Call<T> c : calls) {
        futures.add(pool.submit(c::call));
      }
      for (Future<T> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          futures.forEach(other -> other.cancel(true));
          throw rethrow(e.getCause());
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A task's failure as it threw it, for {@code throw rethrow(cause)}: an {@link IOException}
   * returned; a {@link RuntimeException}, an {@link Error} or an {@link InterruptedException}
   * thrown; any other wrapped in an IOException.
   */
  public static IOException rethrow(Throwable cause) throws InterruptedException {
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException re) {
      throw re;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    if (cause instanceof InterruptedException ie) {
      throw ie;
    }
    return new IOException(cause);
  }
}
