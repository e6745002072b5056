package dev.hoist.internal.engine;

import dev.hoist.internal.runtime.Backoff;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.Trace;
import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code HostConfig.AutoRemove} as Docker's daemon does it: the service removes the container
 * once it exited, after its attached clients read its last output, and keeps its exit code for
 * {@code wait?condition=removed} (a container the monitor removed itself, as {@code hoist run
 * --rm -d} does, takes its exit code with it). What is to be removed is also marked in the
 * store (a file {@value #MARKER} in the container's directory, gone with it), so a service
 * started later takes over the removals of one that stopped or was killed: a container that
 * exited meanwhile is removed at once, a running one once it exits.
 */
final class AutoRemovals {
  private final ContainerService containers;
  private final Consumer<String> log;
  private final Map<String, CompletableFuture<Integer>> pending = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> readers = new ConcurrentHashMap<>();
  private final java.util.Set<Thread> waiters = ConcurrentHashMap.newKeySet();

  /** The marker of a container the service removes when it exits. */
  static final String MARKER = "autoremove";

  AutoRemovals(ContainerService containers, Consumer<String> log) {
    this.containers = containers;
    this.log = log;
  }

  /**
   * Takes over the removals marked in the store by a service before this one: those not
   * started yet wait for their start, the others are removed once they exited (at once when
   * they did already).
   */
  void resume() throws IOException {
    for (ContainerState c : containers.list()) {
      if (Files.exists(marker(c.id()))) {
        pending.put(c.id(), new CompletableFuture<>());
        if (c.status() != ContainerState.Status.CREATED) {
          log.accept("container " + c.id() + ": AutoRemove taken over from an earlier service");
          started(c.id());
        }
      }
    }
  }

  /** The container {@code id} is removed when it exits after its next start. */
  void register(String id) throws IOException {
    Files.write(marker(id), new byte[0]);
    pending.put(id, new CompletableFuture<>());
  }

  private Path marker(String id) {
    return containers.containers().store().dir(id).resolve(MARKER);
  }

  /** Its removal's exit code, when it is one of these; null otherwise. */
  CompletableFuture<Integer> removal(String id) {
    return pending.get(id);
  }

  /** Called once {@code id} started: waits for its exit on a thread, then removes it. */
  void started(String id) {
    CompletableFuture<Integer> done = pending.get(id);
    if (done == null) {
      return;
    }
    Thread t = new Thread(() -> {
      int code = -1;
      try {
        code = containers.await(id);
        Trace.mark("autoremove: exit seen");
        awaitReaders(id);
        Trace.mark("autoremove: attached readers done");
        containers.remove(id, true, true);
        Trace.mark("autoremove: removed");
      } catch (IOException | RuntimeException e) {
        log.accept("removing container " + id + " (AutoRemove): " + e.getMessage());
      } catch (InterruptedException e) {
        return; // the service stops: its marker stays for the next one
      } finally {
        waiters.remove(Thread.currentThread());
        pending.remove(id);
        done.complete(code);
      }
    }, "hoist-api-autoremove");
    t.setDaemon(true);
    waiters.add(t);
    t.start();
  }

  /** The service stops: no more removals by this one (the store's markers stay). */
  void close() {
    waiters.forEach(Thread::interrupt);
  }

  /** Counts an attached reader of {@code id}'s output until the handle is closed. */
  AutoCloseable reading(String id) {
    AtomicInteger count = readers.computeIfAbsent(id, k -> new AtomicInteger());
    count.incrementAndGet();
    return () -> {
      count.decrementAndGet();
      Backoff.wakeAll(); // its removal waits for the last one
    };
  }

  /** Whether {@code state} will be removed by this service when it exits. */
  boolean removes(ContainerState state) {
    return pending.containsKey(state.id());
  }

  private void awaitReaders(String id) throws InterruptedException {
    AtomicInteger count = readers.get(id);
    long deadline = System.nanoTime() + 10_000_000_000L;
    Backoff backoff = new Backoff(1, 10);
    while (count != null && count.get() > 0 && System.nanoTime() < deadline) {
      backoff.pause();
    }
    readers.remove(id);
  }
}
