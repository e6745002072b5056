package dev.hoist.internal.build;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the build tests on the busybox base share: a {@link BuildFixture} in a temporary
 * directory, its store holding {@value BuildFixture#BUSYBOX}, made before each test (skipped,
 * saying why, where builds cannot run). A subclass's own {@code @BeforeEach} runs after this.
 */
abstract class BusyboxBuildTest {
  @TempDir Path tmp;
  BuildFixture f;

  @BeforeEach
  void setUpBusyboxFixture() throws Exception {
    BuildFixture.assumeUsable();
    f = new BuildFixture(tmp, "home").withBusybox();
  }
}
