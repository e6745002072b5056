package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;

/** Docker's defaults, read inside runc's containers. */
class RuncDockerDefaultsTest extends DockerDefaultsTest {
  @Override
  Runtime newRuntime(HoistHome home) throws IOException {
    return runcOrSkip(home);
  }

  /**
   * runc 1.1.5 (Debian's, built with Go 1.19) sets an exec's rlimits on its init before Go's
   * runtime there raises the soft RLIMIT_NOFILE to the hard one, so an exec gets 1024:1024 for
   * nofile=512:1024 (its container's process, whose limits runc sets just before the exec, gets
   * 512).
   */
  @Override
  String execNofileSoft() {
    return "1024";
  }
}
