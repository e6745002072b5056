package dev.hoist.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.service.EngineServiceRecords;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.HoistContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code hoist system service} that fails to start leaves nothing behind: no record for
 * {@code hoist info}, no socket file, no listening port, no thread (the deletions', the
 * monitor steps', the server's) and no monitor-step socket. Real sockets, a real store.
 */
class EngineServiceStartFailureTest {
  @TempDir Path dir;
  Hoist hoist;
  Path root;
  Set<Thread> before;
  final List<String> log = new ArrayList<>();
  final Consumer<String> logger = log::add;

  @BeforeEach
  void setUp() {
    hoist = Hoist.of(HoistContext.builder(new HoistHome(dir.resolve("home"))).build());
    root = hoist.context().home().root();
    before = Thread.getAllStackTraces().keySet();
  }

  @Test
  void aRecordThatCannotBePublishedLeavesNoSocketFileNorThread() throws Exception {
    Files.createDirectories(root);
    Files.writeString(root.resolve("engine-api"), "not a directory");
    Path socket = dir.resolve("run").resolve("hoist.sock");
    assertThrows(IOException.class, () -> EngineService.start(hoist, "test",
        ServiceAddress.parse("unix://" + socket), logger));
    assertFalse(Files.exists(socket), "the socket file stayed");
    try (var left = Files.list(socket.getParent())) {
      assertEquals(List.of(), left.toList(), "files left beside the socket");
    }
    assertNothingLeft();
  }

  @Test
  void aRecordThatCannotBePublishedFreesTheTcpPort() throws Exception {
    Files.createDirectories(root);
    Files.writeString(root.resolve("engine-api"), "not a directory");
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    assertThrows(IOException.class, () -> EngineService.start(hoist, "test",
        ServiceAddress.parse("tcp://127.0.0.1:" + port), logger));
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // throws if held
    }
    assertNothingLeft();
  }

  @Test
  void aSocketPathThatCannotBeBoundLeavesNothing() throws Exception {
    Path socket = dir.resolve("x".repeat(120)).resolve("hoist.sock"); // beyond sun_path's 108
    assertThrows(IOException.class, () -> EngineService.start(hoist, "test",
        ServiceAddress.parse("unix://" + socket), logger));
    assertFalse(Files.exists(socket), "the socket file stayed");
    assertNothingLeft();
  }

  /** And a started one sweeps the deletion a killed service left unfinished. */
  @Test
  void aStartedServiceClosedLeavesNothing() throws Exception {
    Path unfinished = Files.createDirectories(hoist.context().home().containers()
        .resolve(".tmp-rm-" + "0".repeat(64)).resolve("upper"));
    Files.setLastModifiedTime(unfinished.getParent(),
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(120)));
    Path socket = dir.resolve("run").resolve("hoist.sock");
    EngineService service = EngineService.start(hoist, "test",
        ServiceAddress.parse("unix://" + socket), logger);
    assertEquals(List.of("unix://" + socket), EngineServiceRecords.running(root));
    service.close();
    assertFalse(Files.exists(socket), "the socket file stayed");
    assertFalse(Files.exists(unfinished.getParent()), "the unfinished deletion stayed");
    assertNothingLeft();
  }

  private void assertNothingLeft() throws Exception {
    assertEquals(List.of(), EngineServiceRecords.running(root), "a published record stayed");
    Path steps = root.resolve("steps");
    if (Files.isDirectory(steps)) {
      try (var left = Files.list(steps)) {
        assertEquals(List.of(), left.toList(), "a monitor-step socket stayed");
      }
    }
    List<String> alive = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(t) && t.getName().startsWith("hoist-")) {
        t.join(5000); // a closed thread may take a moment to end
        if (t.isAlive()) {
          alive.add(t.getName());
        }
      }
    }
    assertTrue(alive.isEmpty(), "threads left running: " + alive + " (log: " + log + ")");
  }
}
