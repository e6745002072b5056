package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.util.Optional;

/** The behavioural suite on runc (skipped with a message when runc is not installed). */
class RuncRuntimeTest extends RuntimeBehaviourTest {
  @Override
  Runtime newRuntime(HoistHome home) throws IOException {
    Optional<RuncRuntime> runc = RuncRuntime.forHome(home);
    assumeTrue(runc.isPresent(), "runc is not installed (apt-get install runc): skipped");
    return runc.get();
  }
}
