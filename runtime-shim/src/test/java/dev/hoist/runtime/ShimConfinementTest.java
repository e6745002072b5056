package dev.hoist.runtime;

import dev.hoist.cache.store.HoistHome;
import java.io.IOException;

/** The confinement attacks on hoist's own shim. */
class ShimConfinementTest extends ConfinementTest {
  @Override
  Runtime newRuntime(HoistHome home) throws IOException {
    return ShimRuntime.forHome(home);
  }
}
