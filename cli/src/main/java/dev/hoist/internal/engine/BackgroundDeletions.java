package dev.hoist.internal.engine;

import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.VolumeStore;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * While the service runs, the directories of the containers it removes are deleted by a thread
 * of their own ({@link ContainerStore#deleteRemovedDirectoriesWith}), after the removal has
 * answered: {@code docker run --rm}'s {@code wait} does not wait for the container's files to be
 * deleted (its directory is renamed away first, so it is gone from the store). Closing waits for
 * the deletions begun, then deletes in the remover's thread again. Starting, the thread first
 * deletes what a process killed in the middle of a deletion left, of containers
 * ({@link ContainerStore#removeAbandonedDeletions}) and of volumes
 * ({@link VolumeStore#removeAbandonedDeletions}).
 */
final class BackgroundDeletions implements AutoCloseable {
  private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "hoist-api-deletions");
        t.setDaemon(true);
        return t;
      });

  BackgroundDeletions(ContainerStore store, VolumeStore volumes) {
    thread.prestartCoreThread(); // the service's threads are the same before and after a removal
    thread.execute(store::removeAbandonedDeletions);
    thread.execute(volumes::removeAbandonedDeletions);
    ContainerStore.deleteRemovedDirectoriesWith(thread);
  }

  @Override
  public void close() {
    ContainerStore.deleteRemovedDirectoriesWith(null);
    thread.shutdown();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
