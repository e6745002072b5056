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
 * dependencies between them in parallel. The first failure is thrown once every started task
 * has ended; tasks that depend on a failed one do not run.
 */
final class ServiceScheduler {
  /** One service's work. */
  interface Task {
    void run(String service) throws IOException, InterruptedException;
  }

  private ServiceScheduler() {}

  /** {@code task} for each of {@code order} (dependencies first, as {@link ServiceOrder}). */
  static void run(ComposeProject project, List<String> order, Task task)
      throws IOException, InterruptedException {
    if (order.size() <= 1) {
      for (String s : order) {
        task.run(s);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(order.size(), 8), r -> {
      Thread t = new Thread(r, "compose-up");
      t.setDaemon(true);
      return t;
    });
    Map<String, CompletableFuture<Void>> done = new LinkedHashMap<>();
    try {
      for (String s : order) {
        List<CompletableFuture<Void>> needs = new ArrayList<>();
        for (String d : project.service(s).dependsOn().keySet()) {
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
