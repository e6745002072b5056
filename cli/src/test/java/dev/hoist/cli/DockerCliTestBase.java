package dev.hoist.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose tests drive the Engine API with the docker CLI: one service a class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DockerCliTestBase {
  @TempDir static Path dir;
  DockerCliHarness api;

  @BeforeAll
  void startService() throws Exception {
    api = DockerCliHarness.start(dir, "docker");
  }

  @AfterAll
  void stopService() throws Exception {
    if (api != null) {
      api.close();
    }
  }
}
