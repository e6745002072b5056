package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.util.Optional;

/** {@link SeccompConfinementTest} on runc (skipped when runc is not installed). */
class RuncSeccompTest extends SeccompConfinementTest {
  @Override
  Runtime newRuntime(HoistHome home) throws IOException {
    Optional<RuncRuntime> runc = RuncRuntime.forHome(home);
    assumeTrue(runc.isPresent(), "runc is not installed (apt-get install runc): skipped");
    return runc.get();
  }
}
