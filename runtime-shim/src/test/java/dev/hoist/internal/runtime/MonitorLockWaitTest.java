package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoist.internal.cache.store.HoistHome;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wait for an exited container waits for its monitor's lock; a lock another thread of the same
 * JVM holds for a moment (two waits woken by one exit) counts as held, not as an error.
 */
class MonitorLockWaitTest {
  @TempDir Path dir;

  @Test
  void aMonitorLockHeldByAnotherThreadOfThisJvmIsWaitedFor() throws Exception {
    HoistHome home = new HoistHome(dir.resolve("home"));
    Containers containers = new Containers(home);
    String id = ContainerStore.newId();
    ContainerSpec spec = ContainerSpec.builder(List.of(dir.resolve("lower")),
        containers.store().dir(id)).argv("true").network(NetworkMode.NONE).build();
    containers.store().create(ContainerState.builder(id, "waited").image("busybox")
        .imageId("sha256:abc").created(Instant.now().toString()).runtime("hoist")
        .spec(spec).build());
    containers.store().update(id, c -> c.exited(7, Instant.now().toString(), false));
    Path lock = containers.store().dir(id).resolve(Containers.MONITOR_LOCK);
    Files.createFile(lock);

    CompletableFuture<OptionalInt> waited;
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
         FileLock held = channel.lock()) {
      waited = CompletableFuture.supplyAsync(() -> {
        try {
          return containers.await(id, Duration.ofSeconds(10));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(100); // it tries the lock while this thread holds it
    }
    assertEquals(OptionalInt.of(7), waited.get(10, TimeUnit.SECONDS));
  }
}
