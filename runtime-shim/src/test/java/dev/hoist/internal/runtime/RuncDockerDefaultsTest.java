package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;

/** Docker's defaults, read inside runc's containers. */
class RuncDockerDefaultsTest extends DockerDefaultsTest {
  @Override
  Runtime newRuntime(HoistHome home) throws IOException {
    return runcOrSkip(home);
  }
}
