package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cli.DockerCliHarness.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker exec -t} through hoist's service, the docker CLI on a pty of its own
 * ({@code script} from bsdutils): the process runs on a terminal, its output comes raw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerTtyThroughServiceTest {
  @TempDir static Path dir;
  DockerCliHarness service;

  @BeforeAll
  void setUp() throws Exception {
    service = DockerCliHarness.start(dir, "docker", "script");
    service.dockerOk("run", "-d", "--name", "tty-target", "busybox:test", "sh", "-c",
        ContainerCommandsTest.WAIT_A_MINUTE);
  }

  @AfterAll
  void tearDown() throws Exception {
    if (service != null) {
      service.docker("rm", "-f", "tty-target");
      service.close();
    }
  }

  @Test
  void execWithATerminal() throws Exception {
    Result r = service.run(dir, List.of("script", "-qec",
        "docker exec -t tty-target sh -c 'test -t 1 && echo on a terminal; exit 4'",
        "/dev/null"));
    assertEquals(4, r.code(), r.all());
    assertTrue(r.out().contains("on a terminal"), r.all());
    Result plain = service.docker("exec", "tty-target", "sh", "-c",
        "test -t 1 || echo no terminal");
    assertEquals("no terminal\n", plain.out(), plain.all());
  }
}
