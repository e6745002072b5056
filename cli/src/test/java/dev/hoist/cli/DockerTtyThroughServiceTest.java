package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cli.DockerCliHarness.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker exec -t}, {@code docker run -it} and {@code docker exec -it} through hoist's
 * service, the docker CLI on a pty of its own ({@code script} from bsdutils): the process runs
 * on a terminal, its output comes raw, what is typed reaches the container's shell, and the
 * terminal's size follows the client's (the CLI's resize at start and on SIGWINCH) and the
 * API's {@code resize}.
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

  @Test
  void runInteractiveFollowsTheClientsTerminalAndResize() throws Exception {
    try (TerminalSession t = TerminalSession.start(service,
        "stty rows 30 cols 100; docker run -it --rm --name tty-run busybox:test sh")) {
      // the shell's prompt ends no line: it shows all the same
      assertTrue(t.await("/ # ", 0, Duration.ofSeconds(60)), t.screen());
      // the CLI sends its terminal's size once the container runs
      assertTrue(t.typeUntil("stty size", "30 100", Duration.ofSeconds(20)), t.screen());
      t.type("echo typed-$((6*7))");
      assertTrue(t.await("typed-42", 0, Duration.ofSeconds(20)), t.screen());
      Result resize = service.curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
          "http://localhost/containers/tty-run/resize?h=41&w=121");
      assertEquals("200", resize.out(), resize.all());
      assertTrue(t.typeUntil("stty size", "41 121", Duration.ofSeconds(20)), t.screen());
      t.type("exit 3");
      assertEquals(3, t.exitCode(), t.screen());
    }
    Result bad = service.curl("-w", " %{http_code}", "-X", "POST",
        "http://localhost/containers/tty-target/resize?h=0&w=80");
    assertTrue(bad.out().endsWith(" 400"), bad.all());
    assertFalse(service.docker("ps", "-a", "--format", "{{.Names}}").out().contains("tty-run"));
  }

  @Test
  void execInteractiveFollowsSigwinch() throws Exception {
    try (TerminalSession t = TerminalSession.start(service,
        "stty rows 33 cols 90; docker exec -it tty-target sh")) {
      assertTrue(t.await("# ", 0, Duration.ofSeconds(60)), t.screen());
      assertTrue(t.typeUntil("stty size", "33 90", Duration.ofSeconds(20)), t.screen());
      // the window changes: the kernel sends the CLI SIGWINCH, which resizes the exec's
      Path pty = t.terminalOf("docker").orElseThrow(() -> new AssertionError(t.screen()));
      Result stty = service.run(dir, List.of("stty", "-F", pty.toString(), "rows", "40", "cols",
          "120"));
      assertEquals(0, stty.code(), stty.all());
      assertTrue(t.typeUntil("stty size", "40 120", Duration.ofSeconds(20)), t.screen());
      t.type("exit 5");
      assertEquals(5, t.exitCode(), t.screen());
    }
  }

  /**
   * {@code hoist attach} (a JVM of its own on a pty, over the service's store) to a container
   * made with {@code -t}: the container's terminal takes the attaching terminal's size, and
   * again when its window changes (SIGWINCH).
   */
  @Test
  void hoistAttachPassesItsTerminalsSize() throws Exception {
    service.dockerOk("run", "-d", "-t", "--name", "tty-attach", "busybox:test", "sh", "-c",
        ContainerCommandsTest.WAIT_A_MINUTE);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (TerminalSession t = TerminalSession.start(service, "stty rows 27 cols 77; " + java
        + " -cp " + System.getProperty("java.class.path") + " " + HoistInHome.class.getName()
        + " " + service.home + " attach --no-stdin tty-attach")) {
      assertTrue(sizeBecomes("tty-attach", "27 77"), t.screen());
      Path pty = t.terminalOf("java").orElseThrow(() -> new AssertionError(t.screen()));
      Result stty = service.run(dir, List.of("stty", "-F", pty.toString(), "rows", "35", "cols",
          "99"));
      assertEquals(0, stty.code(), stty.all());
      assertTrue(sizeBecomes("tty-attach", "35 99"), t.screen());
    } finally {
      service.docker("rm", "-f", "tty-attach");
    }
  }

  @Test
  void hoistAttachPutsItsTerminalInRawModeSoDetachKeysNeedNoReturn() throws Exception {
    service.dockerOk("run", "-d", "-i", "-t", "--name", "tty-raw", "busybox:test", "sh");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (TerminalSession t = TerminalSession.start(service, java + " -cp "
        + System.getProperty("java.class.path") + " " + HoistInHome.class.getName() + " "
        + service.home + " attach tty-raw; echo attach-ended-$?; stty -a")) {
      assertTrue(t.typeUntil("echo raw-$((40+2))", "raw-42", Duration.ofSeconds(60)),
          t.screen());
      // Ctrl-P Ctrl-Q with no return: only a raw terminal passes them on at once (a cooked
      // one holds Ctrl-P until a return and takes Ctrl-Q for flow control)
      t.press("\u0010\u0011");
      assertTrue(t.await("attach-ended-0", 0, Duration.ofSeconds(30)), t.screen());
      assertTrue(t.screen().contains("read escape sequence"), t.screen());
      assertTrue(t.await(" echo ", 0, Duration.ofSeconds(30)), "the terminal restored, echo on: "
          + t.screen());
      assertTrue(!t.screen().contains("-echo "), "echo restored: " + t.screen());
      assertEquals("true", service.dockerOk("inspect", "-f", "{{.State.Running}}", "tty-raw")
          .out().trim(), "detached, not ended");
    } finally {
      service.docker("rm", "-f", "tty-raw");
    }
  }

  /** Whether the terminal of container {@code name} comes to {@code size} within 60 s. */
  /**
   * The API's resize of a container run by runc: hoist's terminal relay sizes runc's terminal,
   * and runc (SIGWINCH from the kernel) the container's console.
   */
  @Test
  void aRuncContainersTerminalIsResizedThroughTheApi() throws Exception {
    service.dockerOk("run", "-d", "-t", "--runtime", "runc", "--network", "none", "--name",
        "tty-runc", "busybox:test", "sh", "-c", ContainerCommandsTest.WAIT_A_MINUTE);
    try {
      Result resize = service.curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
          "http://localhost/containers/tty-runc/resize?h=37&w=111");
      assertEquals("200", resize.out(), resize.all());
      assertTrue(sizeBecomes("tty-runc", "37 111"),
          service.docker("exec", "tty-runc", "stty", "-F", "/dev/pts/0", "size").all());
    } finally {
      service.docker("rm", "-f", "tty-runc");
    }
  }

  private boolean sizeBecomes(String name, String size) throws Exception {
    for (int i = 0; i < 240; i++) {
      Result r = service.docker("exec", name, "stty", "-F", "/dev/pts/0", "size");
      if (r.out().trim().equals(size)) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }
}
