package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.util.Optional;

/** Docker's defaults, read inside runc's containers. */
class RuncDockerDefaultsTest extends DockerDefaultsTest {
  @Override
  Runtime newRuntime(HoistHome home) throws IOException {
    Optional<RuncRuntime> runc = RuncRuntime.forHome(home);
    assumeTrue(runc.isPresent(), "runc is not installed (apt-get install runc): skipped");
    return runc.get();
  }
}
