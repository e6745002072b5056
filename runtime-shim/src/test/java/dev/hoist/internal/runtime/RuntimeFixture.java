package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.BusyboxRootfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests that run every {@link Runtime} share: a busybox lower directory, a home, the
 * runtime under test (made by the concrete subclass) and machine-unique container directories
 * (root only; skipped otherwise).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RuntimeFixture {
  @TempDir static Path tmp;
  Path lower;
  Runtime runtime;
  HoistHome home;
  final AtomicInteger containers = new AtomicInteger();

  /** The runtime under test; skips (assumption) when it is not available. */
  abstract Runtime newRuntime(HoistHome home) throws IOException;

  @BeforeAll
  void setUpRuntime() throws IOException {
    BusyboxRootfs.assumeUsable("runtime-shim tests", "namespaces, overlayfs, pivot_root");
    lower = BusyboxRootfs.create(Files.createDirectories(tmp.resolve("lower")));
    home = new HoistHome(tmp.resolve("home"));
    runtime = newRuntime(home);
  }

  /** runc for {@code home}; skips (assumption) when it is not installed. */
  static Runtime runcOrSkip(HoistHome home) throws IOException {
    java.util.Optional<RuncRuntime> runc = RuncRuntime.forHome(home);
    org.junit.jupiter.api.Assumptions.assumeTrue(runc.isPresent(),
        "runc is not installed (apt-get install runc): skipped");
    return runc.get();
  }

  /**
   * A new container's directory. Its name is the container's cgroup's name (hoist/NAME): unique
   * on the machine, not only in this JVM, or test runs at the same time share a cgroup.
   */
  Path containerDir() {
    return containerDir(tmp, containers.incrementAndGet());
  }

  /** As {@link #containerDir()}, the {@code n}th under {@code tmp}, for other test classes. */
  static Path containerDir(Path tmp, int n) {
    return tmp.resolve("containers/c" + n + "-" + ContainerStore.newId().substring(0, 12));
  }
}
