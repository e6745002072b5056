package dev.hoist.internal.compose;

import dev.hoist.internal.cache.concurrent.Parallel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one task per service, each once the tasks of the services it {@code depends_on} (among
 * those given) have finished, and the others at the same time: {@code up} of services without
 * dependencies between them in parallel; {@link #runReversed} the other way round, as
 * {@code down} stops them; {@link #each} with no order at all. The first failure is thrown
 * once every started task has ended; tasks that wait for a failed one do not run.
 */
final class ServiceScheduler {
  /** One service's (or container's) work. */
  interface Task<T> {
    void run(T item) throws IOException, InterruptedException;
  }

  private ServiceScheduler() {}

  /** {@code task} for each of {@code order} (dependencies first, as {@link ServiceOrder}). */
  static void run(ComposeProject project, List<String> order, Task<String> task)
      throws IOException, InterruptedException {
    schedule(order, s -> project.service(s).dependsOn().keySet(), task);
  }

  /**
   * {@code task} for each of {@code order} (dependencies first, as {@link ServiceOrder}), each
   * once the tasks of the services among them that depend on it have finished.
   */
  static void runReversed(ComposeProject project, List<String> order, Task<String> task)
      throws IOException, InterruptedException {
    List<String> reversed = new ArrayList<>(order);
    java.util.Collections.reverse(reversed);
    schedule(reversed, s -> order.stream()
        .filter(o -> project.service(o).dependsOn().containsKey(s)).toList(), task);
  }

  /** {@code task} for every item at the same time. */
  static <T> void each(List<T> items, Task<T> task) throws IOException, InterruptedException {
    schedule(items, t -> List.of(), task);
  }

  /** {@code task} for each of {@code items}, after those of its {@code prerequisites} before it. */
  private static <T> void schedule(List<T> items,
      java.util.function.Function<T, java.util.Collection<T>> prerequisites, Task<T> task)
      throws IOException, InterruptedException {
    if (items.size() <= 1) {
      for (T s : items) {
        task.run(s);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(items.size(), 8), r -> {
      Thread t = new Thread(r, "compose");
      t.setDaemon(true);
      return t;
    });
    Map<T, CompletableFuture<Void>> done = new LinkedHashMap<>();
    try {
      for (T s : items) {
        List<CompletableFuture<Void>> needs = new ArrayList<>();
        for (T d : prerequisites.apply(s)) {
          if (done.containsKey(d)) {
            needs.add(done.get(d));
          }
        }
        done.put(s, CompletableFuture.allOf(needs.toArray(CompletableFuture[]::new))
            .thenRunAsync(() -> {
              try {
                task.run(s);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
              }
            }, pool));
      }
      Throwable first = null;
      for (CompletableFuture<Void> f : done.values()) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable cause = unwrap(e);
          if (first == null) {
            first = cause;
          }
        }
      }
      if (first != null) {
        throw Parallel.rethrow(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof ExecutionException || e instanceof CompletionException
        || e instanceof UncheckedIOException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
