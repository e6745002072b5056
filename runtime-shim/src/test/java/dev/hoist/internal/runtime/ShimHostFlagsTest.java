package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;

/** The confinement flags on hoist's own shim. */
class ShimHostFlagsTest extends HostFlagsTest {
  @Override
  Runtime newRuntime(HoistHome home) throws IOException {
    return ShimRuntime.forHome(home);
  }
}
