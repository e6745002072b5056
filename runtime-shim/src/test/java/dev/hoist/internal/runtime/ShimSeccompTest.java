package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;

/** {@link SeccompConfinementTest} on hoist's shim. */
class ShimSeccompTest extends SeccompConfinementTest {
  @Override
  Runtime newRuntime(HoistHome home) throws IOException {
    return ShimRuntime.forHome(home);
  }
}
