package dev.hoist.internal.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.runtime.ShimBinary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@code hoist-net serve} through {@link NetHelperServers}: each request's own status and output
 * come back, also with many at once (commands that fail before touching the host, so no root
 * needed).
 */
class NetHelperServersTest {
  @Test
  void aBadCommandLineAnswersItsStatusAndTheUsage() throws Exception {
    String binary = ShimBinary.locateNet().toString();
    HostCommand.Result r = NetHelperServers.begin(binary, List.of("remove", "--bogus", "x"))
        .finish();
    assertEquals(2, r.code());
    assertTrue(r.output().startsWith("usage: hoist-net attach"), r.output());
    // the same server (or another) answers the next request as well
    HostCommand.Result again = NetHelperServers.begin(binary, List.of("frobnicate")).finish();
    assertEquals(2, again.code());
  }

  @Test
  void requestsFromManyThreadsAtOnceEachGetTheirOwnAnswer() throws Exception {
    String binary = ShimBinary.locateNet().toString();
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Future<HostCommand.Result>> answers = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String path = "/nonexistent-hoist-net-test/ns-" + i;
        answers.add(threads.submit(() -> NetHelperServers.begin(binary,
            List.of("attach", path, "vhtest,br,eth0,02:42:0a:00:00:02,10.0.0.2/24")).finish()));
      }
      for (int i = 0; i < answers.size(); i++) {
        HostCommand.Result r = answers.get(i).get();
        assertEquals(1, r.code(), r.output());
        assertEquals("hoist-net: cannot open /nonexistent-hoist-net-test/ns-" + i
            + ": No such file or directory", r.output());
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void endIdleEndsEveryServerBeforeTheJvmExits() throws Exception {
    String binary = ShimBinary.locateNet().toString();
    NetHelperServers.begin(binary, List.of("frobnicate")).finish();
    assertTrue(servers(binary) > 0, "a server kept idle");

    NetHelperServers.endIdle(java.time.Duration.ofSeconds(5));

    assertEquals(0, servers(binary), "a server left for the JVM's exit to wait on");
  }

  private static long servers(String binary) {
    return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().filter(binary::equals).isPresent()).count();
  }
}
