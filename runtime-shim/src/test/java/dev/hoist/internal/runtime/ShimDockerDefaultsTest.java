package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;

/** Docker's defaults, read inside hoist's own shim's containers. */
class ShimDockerDefaultsTest extends DockerDefaultsTest {
  @Override
  Runtime newRuntime(HoistHome home) throws IOException {
    return ShimRuntime.forHome(home);
  }
}
